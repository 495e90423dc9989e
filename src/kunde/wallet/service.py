"""The holder's wallet: receive by OpenID4VCI, import a file, list, show, delete.

Every credential that enters the wallet is verified first (signature, issuer key,
validity, status, trust). Its skills then become passport claims with an assessment taken
from the credential. Only when the signature, validity and status checks pass and the
issuer is trusted does the assessment count as a verified credential; otherwise it is kept
as the holder's unconfirmed report of someone else's check.

An SD-JWT VC bound to a holder key (``cnf``) counts as the holder's only when the holder
shows that key is theirs: it was issued to the wallet's own key (OpenID4VCI), or it is
imported as a presentation whose key-binding JWT signs a fresh import nonce
(:func:`binding_nonce`) for :func:`import_audience`. A Data Integrity credential (Open
Badges 3.0) is bound to the DID in its ``credentialSubject.id`` the same way: issued to the
did:key of the wallet's own key, or imported inside a Verifiable Presentation whose
``authentication`` proof by that DID has the import nonce as ``challenge`` and
:func:`import_audience` as ``domain``; one that names no DID of its holder cannot be shown
to be anyone's. Otherwise it is kept as "not bound to you" and its skills count as the
holder's own statement, not as proof.

Credentials are sealed under the holder's passport key: erasing the passport shreds them.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from kunde.accounts.model import OrganisationRole
from kunde.credentials.did import did_key
from kunde.credentials.errors import MalformedCredentialError
from kunde.credentials.keys import generate_key, private_key_from_jwk, public_key_from_jwk
from kunde.credentials.oid4vci import (
    PRE_AUTHORIZED_GRANT,
    parse_offer_link,
    pre_authorized_code,
    proof_jwt,
)
from kunde.credentials.presentation import is_presentation, subject_dids
from kunde.credentials.report import HOLDER_BINDING, SIGNATURE, STATUS, VALIDITY
from kunde.credentials.sdjwt import parse_sd_jwt
from kunde.db.base import utc
from kunde.errors import InvalidInput, NotFound
from kunde.issuing import verification
from kunde.issuing.offers import NONCE_LIFETIME
from kunde.issuing.store import IssuingStore, NonceRow
from kunde.passport import vault
from kunde.passport.vault import CredentialSkill
from kunde.wallet import model
from kunde.wallet.store import WalletCredentialRow, WalletStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.credentials.report import VerificationReport
    from kunde.db.session import UnitOfWork
    from kunde.issuing.model import Site
    from kunde.issuing.verification import TrustSettings
    from kunde.passport import KeyRing
    from kunde.passport._records import ConceptCheck


class IssuerClient(Protocol):
    """The four OpenID4VCI calls a wallet makes; the web app gives one that stays inside
    this instance (no HTTP to itself)."""

    def offer(self, offer_uri: str) -> dict[str, Any]: ...
    def token(self, grant_type: str, code: str, tx_code: str | None) -> str: ...
    def nonce(self) -> str: ...
    def credential(self, access_token: str, body: dict[str, Any]) -> dict[str, Any]: ...


@dataclass(frozen=True)
class WalletEntry:
    """One credential in the wallet, as the holder sees it."""

    id: str
    received_at: datetime
    format: str
    issuer: str | None
    issuer_name: str
    title: str
    kind: str | None
    source: str  # offer | import
    credential: str | dict[str, Any]
    claim_ids: list[str]
    # False: bound to a holder key (cnf) or DID the holder did not show is theirs, or (Data
    # Integrity) naming no DID of its holder at all; None: an SD-JWT VC without cnf.
    bound: bool | None = None
    # False: a Data Integrity credential naming no DID of its holder, so nobody can show
    # it is theirs.
    names_holder: bool = True


@dataclass(frozen=True)
class Accepted:
    entry: WalletEntry
    report: VerificationReport
    verified: bool
    skipped: list[str]

    @property
    def bound(self) -> bool | None:
        return self.entry.bound


def _context(entry_id: str) -> str:
    return f"wallet:{entry_id}"


def import_audience(site: Site) -> str:
    """The ``aud`` a key-binding JWT must name to show a credential is the importer's."""
    return f"{site.base_url}/wallet"


def _nonce_slot(holder_id: str, nonce: str) -> str:
    # Import nonces share the c_nonce table; the slot ties one to its holder, and a c_nonce
    # from the OpenID4VCI nonce endpoint is never an import nonce (nor the other way round).
    digest = hashlib.sha256(f"wallet-import\0{holder_id}\0{nonce}".encode()).hexdigest()
    return "w:" + digest[:62]


def binding_nonce(uow: UnitOfWork, *, holder_id: str, now: datetime) -> str:
    """A fresh single-use nonce (5 minutes) for the holder's key-binding JWT; commits."""
    value = secrets.token_urlsafe(24)
    IssuingStore(uow.session).add(
        NonceRow(nonce=_nonce_slot(holder_id, value), expires_at=now + NONCE_LIFETIME)
    )
    uow.commit()
    return value


def _as_document(credential: str | dict[str, Any]) -> str | dict[str, Any]:
    """JSON text as an object (so a presentation can be told apart); anything else as is."""
    if isinstance(credential, str) and credential.startswith("{"):
        try:
            value = json.loads(credential)
        except ValueError:
            return credential  # verification names the problem
        return value if isinstance(value, dict) else credential
    return credential


def _without_key_binding(credential: str | dict[str, Any]) -> str | dict[str, Any]:
    """An SD-JWT without its KB-JWT, a Data Integrity credential without the presentation
    around it: such a proof shows something once, to one verifier, so the wallet keeps
    (and later shows) the credential without it."""
    if is_presentation(credential) and isinstance(credential, dict):
        inner = credential.get("verifiableCredential")
        inner = inner if isinstance(inner, list) else [inner]
        if len(inner) != 1 or not isinstance(inner[0], dict):
            raise InvalidInput(
                "Add a presentation that holds exactly one credential.",
                details={"field": "credential"},
            )
        result: dict[str, Any] = inner[0]
        return result
    if not isinstance(credential, str) or not _is_sd_jwt(credential):
        return credential
    try:
        return parse_sd_jwt(credential).without_kb()
    except MalformedCredentialError:
        return credential  # verification names the problem


def _is_sd_jwt(credential: str | dict[str, Any]) -> bool:
    if not isinstance(credential, str):
        return False
    text = credential.strip()
    return "~" in text and text.split("~", 1)[0].count(".") == 2  # noqa: PLR2004 - JWS parts


def _bound(
    report: VerificationReport, *, holder_jwk: dict[str, Any] | None, proved: bool
) -> bool | None:
    """Whether the credential's holder key or DID is shown to be the importer's (None: an
    SD-JWT VC without cnf)."""
    if report.format != "sd-jwt-vc":
        return _bound_to_did(report, holder_jwk=holder_jwk, proved=proved)
    cnf = (report.claims or {}).get("cnf")
    jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
    if cnf is None:
        return None
    if proved:
        return True
    if holder_jwk is None or not isinstance(jwk, dict):
        return False
    try:
        return public_key_from_jwk(jwk).jwk == private_key_from_jwk(holder_jwk).public.jwk
    except MalformedCredentialError:
        return False


def _bound_to_did(
    report: VerificationReport, *, holder_jwk: dict[str, Any] | None, proved: bool
) -> bool:
    """A Data Integrity credential: its subject DID is the importer's (False without one)."""
    subjects = subject_dids(report.claims or {})
    if not subjects:
        return False
    if proved:
        return True
    if holder_jwk is None:
        return False
    try:
        return did_key(private_key_from_jwk(holder_jwk).public) in subjects
    except MalformedCredentialError:
        return False


def _verified(report: VerificationReport) -> bool:
    """Signature, validity and status all checked and passed, and the issuer trusted."""
    needed = {SIGNATURE, VALIDITY, STATUS}
    seen = {c.name for c in report.checks if c.ok is True}
    trusted = any(c.name == "trust_list" and c.ok is True for c in report.checks)
    return report.valid and needed <= seen and trusted


def _issuer_facts(
    uow: UnitOfWork, site: Site, report: VerificationReport, trust: TrustSettings
) -> tuple[str, set[OrganisationRole]]:
    org = verification.local_issuer(uow, site, report.issuer)
    if org is not None:
        return org.name, set(org.roles)
    entry = verification.trust_list(site, trust).find(report.issuer or "")
    roles = set()
    for role in entry.roles if entry else ():
        if role in OrganisationRole.__members__.values():
            roles.add(OrganisationRole(role))
    return (entry.name if entry and entry.name else report.issuer or "?"), roles


def accept(
    uow: UnitOfWork,
    site: Site,
    *,
    holder_id: str,
    credential: str | dict[str, Any],
    keys: KeyRing,
    concepts: ConceptCheck,
    trust: TrustSettings,
    now: datetime,
    holder_jwk: dict[str, Any] | None = None,
    source: str = "import",
    nonce: str | None = None,
) -> Accepted:
    """Verify a credential, keep it in the wallet and add its skills to the passport; commits.

    A credential that does not verify is refused (:class:`InvalidInput` naming the failed
    checks) and nothing is stored. With ``nonce`` (from :func:`binding_nonce`) the credential
    must be an SD-JWT presentation whose key-binding JWT signs that nonce for
    :func:`import_audience`, or a Verifiable Presentation of a Data Integrity credential
    whose proof by the credential's subject DID has that nonce as challenge and
    :func:`import_audience` as domain: that shows the holder key is the importer's. Without
    it (and without ``holder_jwk`` matching ``cnf`` or the subject DID), a credential is kept
    as not bound (an SD-JWT VC without ``cnf`` excepted).
    """
    if isinstance(credential, str):
        credential = verification.parse(credential)
    credential = _as_document(credential)
    if nonce is None:
        credential = _without_key_binding(credential)
    elif not _is_sd_jwt(credential) and not is_presentation(credential):
        raise InvalidInput(
            "To show that a credential is yours, add an SD-JWT credential with a key-binding "
            "JWT, or a Verifiable Presentation of an Open Badge.",
            details={"field": "credential"},
        )
    report = verification.verify(
        uow,
        site,
        credential,
        trust=trust,
        now=now,
        nonce=nonce,
        audience=import_audience(site) if nonce is not None else None,
    )
    if not report.valid:
        failed = "; ".join(f"{c.name}: {c.detail}" for c in report.failures())
        raise InvalidInput(
            f"This credential does not pass the checks: {failed}",
            details={"field": "credential", "report": report.to_dict()},
        )
    proved = nonce is not None and any(
        c.name == HOLDER_BINDING and c.ok is True for c in report.checks
    )
    if nonce is not None:
        if not IssuingStore(uow.session).take_nonce(_nonce_slot(holder_id, nonce), now):
            raise InvalidInput(
                "The code for showing the credential is yours is unknown, used or expired. "
                "Get a new code and make the proof again.",
                details={"field": "credential"},
            )
        credential = _without_key_binding(credential)
    bound = _bound(report, holder_jwk=holder_jwk, proved=proved)
    names_holder = report.format == "sd-jwt-vc" or bool(subject_dids(report.claims or {}))
    facts = model.content(report.claims, report.format)
    verified = _verified(report)
    issuer_name, roles = _issuer_facts(uow, site, report, trust)
    entry_id = str(uuid.uuid4())
    added = vault.add_credential_skills(
        uow,
        holder_id=holder_id,
        skills=[CredentialSkill(s.uri, s.level) for s in facts.skills],
        assessment=model.assessment_fields(
            facts,
            role=model.assessor_role(facts.kind, roles),
            issuer_name=issuer_name,
            wallet_id=entry_id,
            today=now.date(),
        ),
        verified=verified,
        keys=keys,
        concepts=concepts,
        now=now,
        bound=bound,
    )
    body = {
        "credential": credential,
        "format": report.format,
        "issuer": report.issuer,
        "issuer_name": issuer_name,
        "title": facts.title,
        "kind": facts.kind,
        "source": source,
        "holder_jwk": holder_jwk,
        "claim_ids": added.claim_ids,
        "bound": bound,
        "names_holder": names_holder,
    }
    passport_id, blob = vault.seal(
        uow,
        holder_id=holder_id,
        keys=keys,
        data=json.dumps(body).encode(),
        context=_context(entry_id),
        now=now,
    )
    WalletStore(uow.session).add(
        WalletCredentialRow(
            id=entry_id, passport_id=passport_id, holder_id=holder_id, received_at=now, body=blob
        )
    )
    uow.commit()
    return Accepted(_entry(entry_id, now, body), report, verified, added.skipped)


def redeem(
    uow: UnitOfWork,
    site: Site,
    *,
    holder_id: str,
    link: str,
    tx_code: str | None,
    client: IssuerClient,
    keys: KeyRing,
    concepts: ConceptCheck,
    trust: TrustSettings,
    now: datetime,
) -> Accepted:
    """Redeem an OpenID4VCI offer link with a new holder key, then :func:`accept` it."""
    try:
        reference = parse_offer_link(link)
        offer = reference.offer or client.offer(reference.offer_uri or "")
        code, needs_tx_code = pre_authorized_code(offer)
    except MalformedCredentialError as exc:
        raise InvalidInput(str(exc), details={"field": "offer"}) from exc
    if needs_tx_code and not tx_code:
        raise InvalidInput(
            "This offer asks for the code the issuer gave you.", details={"field": "tx_code"}
        )
    configurations = offer.get("credential_configuration_ids") or []
    if not configurations:
        raise InvalidInput("The offer names no credential.", details={"field": "offer"})
    access = client.token(PRE_AUTHORIZED_GRANT, code, tx_code)
    configuration = str(configurations[0])
    holder = generate_key("EdDSA" if configuration.endswith("ob3") else "ES256")
    proof = proof_jwt(
        holder, audience=str(offer.get("credential_issuer")), nonce=client.nonce(), now=now
    )
    answer = client.credential(
        access, {"credential_configuration_id": configuration, "proofs": {"jwt": [proof]}}
    )
    issued = answer.get("credentials", [{}])[0].get("credential")
    if not isinstance(issued, str | dict):
        raise InvalidInput("The issuer sent no credential.", details={"field": "offer"})
    return accept(
        uow,
        site,
        holder_id=holder_id,
        credential=issued,
        keys=keys,
        concepts=concepts,
        trust=trust,
        now=now,
        holder_jwk=holder.private_jwk,
        source="offer",
    )


def _entry(entry_id: str, received_at: datetime, body: dict[str, Any]) -> WalletEntry:
    return WalletEntry(
        id=entry_id,
        received_at=received_at,
        format=body["format"],
        issuer=body.get("issuer"),
        issuer_name=body.get("issuer_name") or "",
        title=body.get("title") or "",
        kind=body.get("kind"),
        source=body.get("source", "import"),
        credential=body["credential"],
        claim_ids=list(body.get("claim_ids", [])),
        bound=body.get("bound"),
        names_holder=body.get("names_holder", True),
    )


def _open(uow: UnitOfWork, row: WalletCredentialRow, holder_id: str, keys: KeyRing) -> Any:
    data = vault.unseal(
        uow,
        actor_id=holder_id,
        holder_id=holder_id,
        keys=keys,
        blob=row.body,
        context=_context(row.id),
    )
    return json.loads(data)


def entries(uow: UnitOfWork, *, actor_id: str, holder_id: str, keys: KeyRing) -> list[WalletEntry]:
    """The holder's credentials, newest first (the holder only)."""
    if actor_id != holder_id:
        raise NotFound("There is no such wallet.")
    return [
        _entry(row.id, utc(row.received_at), _open(uow, row, holder_id, keys))
        for row in WalletStore(uow.session).all(holder_id)
    ]


def entry(
    uow: UnitOfWork, *, actor_id: str, holder_id: str, entry_id: str, keys: KeyRing
) -> WalletEntry:
    if actor_id != holder_id:
        raise NotFound("There is no such credential in your wallet.")
    row = WalletStore(uow.session).get(holder_id, entry_id)
    if row is None:
        raise NotFound("There is no such credential in your wallet.")
    return _entry(row.id, utc(row.received_at), _open(uow, row, holder_id, keys))


def holder_key(
    uow: UnitOfWork, *, actor_id: str, holder_id: str, entry_id: str, keys: KeyRing
) -> Any:
    """The private key a received credential is bound to (for presentations), or None."""
    if actor_id != holder_id:
        raise NotFound("There is no such credential in your wallet.")
    row = WalletStore(uow.session).get(holder_id, entry_id)
    if row is None:
        raise NotFound("There is no such credential in your wallet.")
    jwk = _open(uow, row, holder_id, keys).get("holder_jwk")
    return private_key_from_jwk(jwk) if jwk else None


def delete(uow: UnitOfWork, *, actor_id: str, holder_id: str, entry_id: str) -> None:
    """Remove a credential from the wallet; the passport's history keeps what it added."""
    row = WalletStore(uow.session).get(holder_id, entry_id) if actor_id == holder_id else None
    if row is None:
        raise NotFound("There is no such credential in your wallet.")
    WalletStore(uow.session).delete(row)
    uow.commit()


def recheck(
    uow: UnitOfWork, site: Site, item: WalletEntry, *, trust: TrustSettings, now: datetime
) -> VerificationReport:
    """Verify a wallet credential again now (e.g. to see whether it was revoked)."""
    return verification.verify(uow, site, item.credential, trust=trust, now=now)


__all__ = [
    "Accepted",
    "IssuerClient",
    "WalletEntry",
    "accept",
    "binding_nonce",
    "delete",
    "entries",
    "entry",
    "holder_key",
    "import_audience",
    "recheck",
    "redeem",
]
