"""The holder's wallet: redeem an offer, import a credential, list, show, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, StringConstraints

from kunde.wallet import LocalIssuer, service
from kunde.wallet.service import Accepted, WalletEntry
from kunde.web import security
from kunde.web.api.credentials import credential_from_body
from kunde.web.deps import CurrentAccount, KeysDep, TaxonomyDep, UowDep
from kunde.web.issuing import SiteDep, TrustDep

router = APIRouter(prefix="/wallet", tags=["wallet"])


class OfferIn(BaseModel):
    offer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    tx_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None


def entry_json(entry: WalletEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "received_at": entry.received_at.isoformat(),
        "format": entry.format,
        "issuer": entry.issuer,
        "issuer_name": entry.issuer_name,
        "title": entry.title,
        "kind": entry.kind,
        "source": entry.source,
        "claim_ids": entry.claim_ids,
        "bound": entry.bound,
        "names_holder": entry.names_holder,
    }


def accepted_json(result: Accepted) -> dict[str, Any]:
    return {
        **entry_json(result.entry),
        "verified": result.verified,
        "skipped_concepts": result.skipped,
        "report": result.report.to_dict(),
    }


@router.get("")
def wallet(uow: UowDep, account: CurrentAccount, keys: KeysDep) -> list[dict[str, Any]]:
    """The caller's credentials, newest first."""
    found = service.entries(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    return [entry_json(e) for e in found]


@router.post("/offers", status_code=201)
def redeem(
    payload: OfferIn,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    site: SiteDep,
    trust: TrustDep,
) -> dict[str, Any]:
    """Redeem an offer link of this instance into the caller's wallet (OpenID4VCI)."""
    now = security.now()
    result = service.redeem(
        uow,
        site,
        holder_id=account.id,
        link=payload.offer,
        tx_code=payload.tx_code,
        client=LocalIssuer(uow, site, now),
        keys=keys,
        concepts=taxonomy,
        trust=trust,
        now=now,
    )
    return accepted_json(result)


@router.post(
    "/credentials",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/plain": {"schema": {"type": "string"}},
            }
        }
    },
)
async def import_credential(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    site: SiteDep,
    trust: TrustDep,
) -> dict[str, Any]:
    """Import a credential (issued here or elsewhere): verified, kept, turned into claims.

    A credential bound to a holder key (SD-JWT VC ``cnf``) or DID (Open Badges
    ``credentialSubject.id``) counts as proof only when the body is
    ``{"credential": PRESENTATION, "nonce": N}``: an SD-JWT presentation whose key-binding JWT
    signs N (from ``POST /wallet/binding-nonce``) for that endpoint's ``audience``, or a
    Verifiable Presentation whose proof by the subject DID has N as ``challenge`` and the
    ``audience`` as ``domain``. Otherwise it is kept with ``"bound": false`` and its skills
    count as the holder's own statement.
    """
    credential, options = await credential_from_body(request)
    result = service.accept(
        uow,
        site,
        holder_id=account.id,
        credential=credential,
        keys=keys,
        concepts=taxonomy,
        trust=trust,
        now=security.now(),
        nonce=options.get("nonce"),
    )
    return accepted_json(result)


@router.post("/binding-nonce", status_code=201)
def binding_nonce(uow: UowDep, account: CurrentAccount, site: SiteDep) -> dict[str, Any]:
    """A single-use nonce (5 minutes) to show, when importing, that a credential's key is yours."""
    nonce = service.binding_nonce(uow, holder_id=account.id, now=security.now())
    return {"nonce": nonce, "audience": service.import_audience(site), "expires_in": 300}


@router.get("/credentials/{entry_id}")
def show(
    entry_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    site: SiteDep,
    trust: TrustDep,
) -> dict[str, Any]:
    """One credential with the credential itself and a fresh verification report."""
    entry = service.entry(
        uow, actor_id=account.id, holder_id=account.id, entry_id=entry_id, keys=keys
    )
    report = service.recheck(uow, site, entry, trust=trust, now=security.now())
    return {**entry_json(entry), "credential": entry.credential, "report": report.to_dict()}


@router.delete("/credentials/{entry_id}", status_code=204)
def delete(entry_id: str, uow: UowDep, account: CurrentAccount) -> Response:
    """Remove a credential from the wallet (the passport keeps its history)."""
    service.delete(uow, actor_id=account.id, holder_id=account.id, entry_id=entry_id)
    return Response(status_code=204)
