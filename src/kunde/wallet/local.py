"""An OpenID4VCI issuer client that stays inside this instance.

Kunde's own wallet redeems offers made on the same instance by calling the issuer's
service layer directly, with the same unit of work: no HTTP request to itself. Offers from
other issuers are refused with a plain message, because Kunde makes no outside calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kunde.errors import InvalidInput
from kunde.issuing import offers

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.issuing.model import Site


@dataclass
class LocalIssuer:
    """:class:`kunde.wallet.service.IssuerClient` for offers made on this instance."""

    uow: UnitOfWork
    site: Site
    now: datetime

    def offer(self, offer_uri: str) -> dict[str, Any]:
        prefix = self.site.offer_uri("")
        offer_id = offer_uri.removeprefix(prefix)
        if not offer_uri.startswith(prefix) or not offer_id or "/" in offer_id:
            raise InvalidInput(
                "This offer comes from another issuer. Kunde does not contact other servers: "
                "open the link in your own wallet app, or ask the issuer for the credential "
                "file and import it.",
                details={"field": "offer"},
            )
        return offers.offer_document(self.uow, self.site, offer_id, now=self.now)

    def token(self, grant_type: str, code: str, tx_code: str | None) -> str:
        access, _expires_in = offers.token(
            self.uow, grant_type=grant_type, code=code, tx_code=tx_code, now=self.now
        )
        return access

    def nonce(self) -> str:
        return offers.nonce(self.uow, now=self.now)

    def credential(self, access_token: str, body: dict[str, Any]) -> dict[str, Any]:
        return offers.credential(
            self.uow, self.site, access_token=access_token, body=body, now=self.now
        )


__all__ = ["LocalIssuer"]
