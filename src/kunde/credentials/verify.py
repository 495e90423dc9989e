# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""One entry point for every format: detect, then verify with the right verifier.

``verify_credential(text, now=...)`` accepts an SD-JWT VC (compact text), a Data
Integrity credential, or a Verifiable Presentation of one (JSON text or an already parsed
object) and returns the same :class:`~kunde.credentials.report.VerificationReport` shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kunde.credentials._encoding import b64url_decode, json_object
from kunde.credentials.did import DidResolver
from kunde.credentials.errors import MalformedCredentialError, StatusListError
from kunde.credentials.keystore import IssuerKeys, KeyResolver
from kunde.credentials.presentation import VpPolicy, is_presentation, verify_presentation
from kunde.credentials.sd_jwt_vc import NonceRegistry, SdJwtVcPolicy, verify_sd_jwt_vc
from kunde.credentials.vc import DiPolicy, verify_data_integrity

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from kunde.credentials.report import VerificationReport
    from kunde.credentials.status_list import StatusListCache
    from kunde.credentials.trust import TrustList

Detected = Literal["sd-jwt-vc", "vc-di", "vp-di"]


def detect_format(credential: str | dict[str, Any]) -> Detected:
    """Tell SD-JWT VC from a Data Integrity credential or presentation; anything else
    raises. JSON text that does not parse counts as a Data Integrity credential (its
    verification then says what is wrong)."""
    if isinstance(credential, dict):
        return "vp-di" if is_presentation(credential) else "vc-di"
    text = credential.strip()
    if text.startswith("{"):
        try:
            return "vp-di" if is_presentation(json.loads(text)) else "vc-di"
        except ValueError:
            return "vc-di"
    if "~" in text and text.split("~", 1)[0].count(".") == 2:  # noqa: PLR2004 - JWS parts
        return "sd-jwt-vc"
    if text.count(".") == 2:  # noqa: PLR2004 - a bare JWT
        raise MalformedCredentialError(
            "this is a plain JWT, not an SD-JWT VC: Kunde verifies SD-JWT VC "
            "(<JWT>~<disclosures>~) and Data Integrity JSON credentials"
        )
    raise MalformedCredentialError("not a credential Kunde can read (SD-JWT VC or JSON-LD VC)")


@dataclass
class LocalStatusLists:
    """Status lists the verifier already holds, keyed by the URI credentials name.

    Accepts IETF Status List Tokens (keyed by their ``sub``) and W3C status list
    credentials (keyed by their ``id``).
    """

    tokens: dict[str, str] = field(default_factory=dict)
    credentials: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> LocalStatusLists:
        """Read each text as a status list token or a status list credential."""
        lists = cls()
        for text in texts:
            stripped = text.strip()
            if stripped.startswith("{"):
                document = json_object(stripped, "status list credential")
                lists.credentials[str(document.get("id"))] = document
                continue
            parts = stripped.split(".")
            if len(parts) != 3:  # noqa: PLR2004 - header.payload.signature
                raise MalformedCredentialError("a status list must be a JWT or a JSON credential")
            payload = json_object(b64url_decode(parts[1]), "status list token payload")
            lists.tokens[str(payload.get("sub"))] = stripped
        return lists

    def token(self, uri: str) -> str:
        """The Status List Token for ``uri``."""
        if uri not in self.tokens:
            raise StatusListError(f"no local copy of status list {uri}")
        return self.tokens[uri]

    def credential(self, url: str) -> dict[str, Any]:
        """The status list credential published at ``url``."""
        if url not in self.credentials:
            raise StatusListError(f"no local copy of status list {url}")
        return self.credentials[url]


def verify_credential(
    credential: str | dict[str, Any],
    *,
    now: datetime,
    dids: DidResolver | None = None,
    keys: KeyResolver | None = None,
    trust_list: TrustList | None = None,
    status_lists: LocalStatusLists | None = None,
    nonce: str | None = None,
    audience: str | None = None,
    nonces: NonceRegistry | None = None,
    status_cache: StatusListCache | None = None,
) -> VerificationReport:
    """Verify any supported credential. Raises MalformedCredentialError for unusable input.

    ``dids`` resolves did:key offline and did:web through its fetch function; ``keys``
    adds issuers known by URL. ``nonce``/``audience`` demand holder binding: the SD-JWT
    key-binding JWT's ``nonce`` and ``aud``, or a presentation proof's ``challenge`` and
    ``domain``; ``nonces`` refuses a nonce seen before. ``status_cache`` keeps verified
    status lists (tokens and W3C status list credentials) between calls.
    """
    dids = dids or DidResolver()
    is_json = isinstance(credential, dict) or credential.strip().startswith("{")
    if not is_json and detect_format(credential) == "sd-jwt-vc":
        return verify_sd_jwt_vc(
            str(credential),
            keys=keys or IssuerKeys(dids=dids),
            now=now,
            policy=SdJwtVcPolicy(nonce=nonce, audience=audience),
            trust_list=trust_list,
            status_lists=status_lists.token if status_lists else None,
            nonces=nonces,
            status_cache=status_cache,
        )
    if isinstance(credential, str):
        try:
            credential = json.loads(credential)
        except ValueError as exc:
            raise MalformedCredentialError("the credential is not valid JSON") from exc
    if is_presentation(credential):
        return verify_presentation(
            credential,
            dids=dids,
            now=now,
            policy=VpPolicy(challenge=nonce, domain=audience),
            trust_list=trust_list,
            status_lists=status_lists.credential if status_lists else None,
            nonces=nonces,
            status_cache=status_cache,
        )
    return verify_data_integrity(
        credential,
        dids=dids,
        now=now,
        trust_list=trust_list,
        status_lists=status_lists.credential if status_lists else None,
        policy=DiPolicy(),
        status_cache=status_cache,
    )


__all__ = ["LocalStatusLists", "detect_format", "verify_credential"]
