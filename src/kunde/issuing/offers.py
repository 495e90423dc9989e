"""OpenID4VCI 1.0, pre-authorised code flow, issuer side: offer, token, nonce, credential.

1. A member of an issuing organisation creates an offer for one credential (:func:`create`);
   the answer has the ``openid-credential-offer://`` link and, when asked for, a
   transaction code to pass to the holder by another channel (shown only once).
2. The wallet fetches the offer (:func:`offer_document`), trades the pre-authorised code
   (and transaction code) for an access token (:func:`token`, once; five wrong transaction
   codes end the offer), asks for a ``c_nonce`` (:func:`nonce`) and sends a key proof to
   the credential endpoint (:func:`credential`), which signs the credential bound to that
   key, gives it a status list entry and records it as issued.

Errors are :class:`OAuthError` with the error codes of the specifications; the web layer
answers them in the OAuth JSON form.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kunde.credentials.bitstring import status_entry
from kunde.credentials.did import did_key
from kunde.credentials.model import SkillsCredential
from kunde.credentials.ob3 import build_achievement_credential
from kunde.credentials.oid4vci import (
    PRE_AUTHORIZED_GRANT,
    ProofError,
    offer_link,
    verify_proof_jwt,
)
from kunde.credentials.sd_jwt_vc import (
    KUNDE_SKILLS_VCT,
    StatusReference,
    issue_sd_jwt_vc,
    skills_claims,
)
from kunde.credentials.vc import issue_data_integrity
from kunde.db.base import utc
from kunde.errors import InvalidInput
from kunde.issuing import issuers, status
from kunde.issuing.model import (
    CONFIGURATION_FORMATS,
    SD_JWT_CONFIGURATION,
    CredentialStatus,
    OfferRequest,
)
from kunde.issuing.store import IssuedCredentialRow, IssuingStore, NonceRow, OfferRow

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.accounts.model import Account
    from kunde.credentials.keys import PublicKey
    from kunde.db.session import UnitOfWork
    from kunde.issuing.model import Site

OFFER_LIFETIME = timedelta(days=7)
TOKEN_LIFETIME = timedelta(minutes=10)
NONCE_LIFETIME = timedelta(minutes=5)
MAX_TX_CODE_FAILURES = 5
TX_CODE_LENGTH = 6


class OAuthError(InvalidInput):
    """An OAuth / OpenID4VCI error: ``error`` is the code the specification names."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description, {"error": error})
        self.error = error


@dataclass(frozen=True)
class CreatedOffer:
    """A new offer. ``tx_code`` is shown once; only its digest is kept."""

    id: str
    offer_uri: str
    link: str
    expires_at: datetime
    tx_code: str | None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _seal(site: Site, offer_id: str, data: dict[str, Any]) -> bytes:
    nonce = os.urandom(12)
    plain = json.dumps(data, separators=(",", ":")).encode()
    return nonce + AESGCM(site.content_key).encrypt(nonce, plain, f"offer:{offer_id}".encode())


def _open(site: Site, row: OfferRow) -> dict[str, Any]:
    try:
        plain = AESGCM(site.content_key).decrypt(
            row.content[:12], row.content[12:], f"offer:{row.id}".encode()
        )
    except InvalidTag:  # pragma: no cover - only with another instance secret
        raise OAuthError("invalid_grant", "This offer cannot be read any more.") from None
    value: dict[str, Any] = json.loads(plain)
    return value


def create(
    uow: UnitOfWork,
    site: Site,
    actor: Account,
    organisation_id: str,
    request: OfferRequest,
    *,
    now: datetime,
) -> CreatedOffer:
    """Make an offer of one credential from ``request``; members of the organisation only."""
    issuers.require_member(uow, actor, organisation_id)
    SkillsCredential.from_dict(request.claims())  # refuse content that cannot be issued
    issuers.ensure_keys(uow, site, organisation_id, now)
    offer_id = str(uuid.uuid4())
    code = secrets.token_urlsafe(32)
    tx_code = (
        "".join(secrets.choice("0123456789") for _ in range(TX_CODE_LENGTH))
        if request.tx_code
        else None
    )
    row = OfferRow(
        id=offer_id,
        organisation_id=organisation_id,
        code_hash=_digest(code),
        tx_code_hash=_digest(tx_code) if tx_code else None,
        configuration_id=request.configuration_id,
        content=_seal(site, offer_id, {"code": code, "request": request.model_dump(mode="json")}),
        title=request.title,
        created_at=now,
        expires_at=now + OFFER_LIFETIME,
        token_hash=None,
        token_expires_at=None,
        failed_attempts=0,
        redeemed=False,
        credential_id=None,
    )
    IssuingStore(uow.session).add(row)
    uow.commit()
    uri = site.offer_uri(offer_id)
    return CreatedOffer(offer_id, uri, offer_link(uri), row.expires_at, tx_code)


def offer_document(uow: UnitOfWork, site: Site, offer_id: str, *, now: datetime) -> dict[str, Any]:
    """The credential offer object a wallet fetches from the offer URI."""
    row = IssuingStore(uow.session).offer(offer_id)
    if row is None or row.redeemed or utc(row.expires_at) <= now:
        raise OAuthError("invalid_request", "This offer does not exist, was used or has expired.")
    grant: dict[str, Any] = {"pre-authorized_code": _open(site, row)["code"]}
    if row.tx_code_hash:
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": TX_CODE_LENGTH,
            "description": "The code the issuer gave you / De code die u van de uitgever kreeg",
        }
    return {
        "credential_issuer": site.credential_issuer,
        "credential_configuration_ids": [row.configuration_id],
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }


def token(
    uow: UnitOfWork,
    *,
    grant_type: str,
    code: str,
    tx_code: str | None,
    now: datetime,
) -> tuple[str, int]:
    """Trade a pre-authorised code for an access token: ``(token, expires_in)``; commits."""
    if grant_type != PRE_AUTHORIZED_GRANT:
        raise OAuthError("unsupported_grant_type", "Only the pre-authorised code grant is used.")
    store = IssuingStore(uow.session)
    row = store.offer_by_code(_digest(code))
    if row is None or row.redeemed or row.token_hash or utc(row.expires_at) <= now:
        raise OAuthError("invalid_grant", "The pre-authorised code is unknown, used or expired.")
    if row.tx_code_hash and not (
        tx_code and secrets.compare_digest(_digest(tx_code), row.tx_code_hash)
    ):
        row.failed_attempts += 1
        if row.failed_attempts >= MAX_TX_CODE_FAILURES:
            row.expires_at = now  # too many guesses: the offer ends
        uow.commit()
        raise OAuthError("invalid_grant", "The transaction code is not right.")
    access = secrets.token_urlsafe(32)
    row.token_hash = _digest(access)
    row.token_expires_at = now + TOKEN_LIFETIME
    uow.commit()
    return access, int(TOKEN_LIFETIME.total_seconds())


def nonce(uow: UnitOfWork, *, now: datetime) -> str:
    """A fresh ``c_nonce`` for one key proof; commits."""
    value = secrets.token_urlsafe(24)
    IssuingStore(uow.session).add(NonceRow(nonce=value, expires_at=now + NONCE_LIFETIME))
    uow.commit()
    return value


def _proof_token(body: dict[str, Any]) -> str:
    proofs = body.get("proofs")
    if isinstance(proofs, dict):
        jwts = proofs.get("jwt")
        if not isinstance(jwts, list) or len(jwts) != 1 or not isinstance(jwts[0], str):
            raise OAuthError("invalid_proof", "Send exactly one proof of type jwt.")
        return jwts[0]
    proof = body.get("proof")  # the single-proof form of earlier drafts
    if isinstance(proof, dict) and proof.get("proof_type") == "jwt":
        value = proof.get("jwt")
        if isinstance(value, str):
            return value
    raise OAuthError("invalid_proof", "The request has no key proof (proofs.jwt).")


def credential(
    uow: UnitOfWork, site: Site, *, access_token: str, body: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """The credential endpoint: check token and proof, sign, record; commits."""
    store = IssuingStore(uow.session)
    row = store.offer_by_token(_digest(access_token))
    if row is None or row.token_expires_at is None or utc(row.token_expires_at) <= now:
        raise OAuthError("invalid_token", "The access token is unknown or has expired.")
    if row.redeemed:
        raise OAuthError("invalid_token", "This offer was redeemed already.")
    configuration = body.get("credential_configuration_id")
    if configuration != row.configuration_id:
        raise OAuthError(
            "invalid_credential_request",
            f"This offer is for credential_configuration_id {row.configuration_id}.",
        )
    try:
        proof = verify_proof_jwt(_proof_token(body), audience=site.credential_issuer, now=now)
    except ProofError as exc:
        raise OAuthError("invalid_proof", str(exc)) from exc
    if not store.take_nonce(proof.nonce, now):
        uow.commit()
        raise OAuthError("invalid_nonce", "The c_nonce is unknown, used or expired: get a new one.")
    request = OfferRequest.model_validate(_open(site, row)["request"])
    issued = _issue(uow, site=site, offer=row, request=request, holder=proof.key, now=now)
    row.redeemed = True
    uow.commit()
    return {"credentials": [{"credential": issued}]}


def _issue(
    uow: UnitOfWork,
    *,
    site: Site,
    offer: OfferRow,
    request: OfferRequest,
    holder: PublicKey,
    now: datetime,
) -> str | dict[str, Any]:
    org = issuers.issuing_organisation(uow, offer.organisation_id)
    did = site.org_did(org.id)
    credential_id = str(uuid.uuid4())
    expires = now + timedelta(days=request.valid_days) if request.valid_days else None
    record = IssuedCredentialRow(
        id=credential_id,
        organisation_id=org.id,
        offer_id=offer.id,
        format=CONFIGURATION_FORMATS[offer.configuration_id],
        kind=request.kind,
        title=request.title,
        status=CredentialStatus.ACTIVE.value,
        status_list_id="",
        status_index=0,
        issued_at=now,
        expires_at=expires,
        status_changed_at=None,
    )
    issued: str | dict[str, Any]
    if offer.configuration_id == SD_JWT_CONFIGURATION:
        content = SkillsCredential.from_dict(request.claims())
        list_id, index = status.allocate(uow, org.id, status.TOKEN, "status", now)
        record.status_list_id, record.status_index = list_id, index
        issued = issue_sd_jwt_vc(
            {**skills_claims(content), "jti": f"urn:uuid:{credential_id}"},
            issuer=did,
            key=issuers.signing_key(uow, site, org.id, "ES256"),
            vct=KUNDE_SKILLS_VCT,
            now=now,
            expires=expires,
            holder=holder,
            status=StatusReference(site.token_status_url(list_id), index),
        )
    else:
        content = SkillsCredential.from_dict({**request.claims(), "subject_id": did_key(holder)})
        list_id, index = status.allocate(uow, org.id, status.BITSTRING, "revocation", now)
        record.status_list_id, record.status_index = list_id, index
        key = issuers.signing_key(uow, site, org.id, "EdDSA")
        document = build_achievement_credential(
            content,
            credential_id=f"urn:uuid:{credential_id}",
            issuer=did,
            issuer_name=org.name,
            valid_from=now,
            valid_until=expires,
            credential_status=status_entry(
                list_url=site.bitstring_status_url(list_id), index=index, purpose="revocation"
            ),
        )
        issued = issue_data_integrity(
            document, key=key, cryptosuite="eddsa-rdfc-2022", now=now, verification_method=key.kid
        )
    IssuingStore(uow.session).add(record)
    offer.credential_id = credential_id
    return issued


@dataclass(frozen=True)
class IssuedSummary:
    """One line of an organisation's issuing register."""

    id: str
    format: str
    kind: str
    title: str
    status: str
    issued_at: datetime
    expires_at: datetime | None


@dataclass(frozen=True)
class PendingOffer:
    id: str
    title: str
    created_at: datetime
    expires_at: datetime
    redeemed: bool
    link: str


def issued(uow: UnitOfWork, actor: Account, organisation_id: str) -> list[IssuedSummary]:
    """What the organisation issued, newest first (members only)."""
    issuers.require_member(uow, actor, organisation_id)
    return [
        IssuedSummary(
            r.id,
            r.format,
            r.kind,
            r.title,
            r.status,
            utc(r.issued_at),
            utc(r.expires_at) if r.expires_at else None,
        )
        for r in IssuingStore(uow.session).issued_by(organisation_id)
    ]


def pending(
    uow: UnitOfWork, site: Site, actor: Account, organisation_id: str, *, now: datetime
) -> list[PendingOffer]:
    """Offers not yet redeemed and not expired (members only)."""
    issuers.require_member(uow, actor, organisation_id)
    return [
        PendingOffer(
            r.id,
            r.title,
            utc(r.created_at),
            utc(r.expires_at),
            r.redeemed,
            offer_link(site.offer_uri(r.id)),
        )
        for r in IssuingStore(uow.session).offers_by(organisation_id)
        if not r.redeemed and utc(r.expires_at) > now
    ]


__all__ = [
    "CreatedOffer",
    "IssuedSummary",
    "OAuthError",
    "PendingOffer",
    "create",
    "credential",
    "issued",
    "nonce",
    "offer_document",
    "pending",
    "token",
]
