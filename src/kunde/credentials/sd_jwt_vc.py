# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""SD-JWT VC (draft-ietf-oauth-sd-jwt-vc): issue Kunde skills credentials, verify any.

Issuing marks every skill and every personal field selectively disclosable. Verifying
reports each step separately (see :mod:`kunde.credentials.report`); it raises only for
input that is not an SD-JWT at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from kunde.credentials import report as r
from kunde.credentials._jws import CompactJws, parse_compact, sign_compact
from kunde.credentials.did import did_key_verification_method
from kunde.credentials.errors import (
    KeyResolutionError,
    MalformedCredentialError,
    StatusListError,
    UnsupportedAlgorithmError,
)
from kunde.credentials.keys import KeyPair, PublicKey, public_key_from_jwk
from kunde.credentials.sdjwt import (
    KB_JWT_TYP,
    SD_ALG,
    Disclosable,
    DisclosureError,
    Random,
    SdJwt,
    conceal,
    parse_sd_jwt,
    reveal,
    sd_digest,
)
from kunde.credentials.status_list import (
    STATUS_NAMES,
    VALID,
    StatusListCache,
    read_status_list_token,
)
from kunde.credentials.trust import check_trust
from kunde.credentials.vct_schemas import KUNDE_SKILLS_VCT, known, schema_problems

if TYPE_CHECKING:
    from kunde.credentials.keystore import KeyResolver
    from kunde.credentials.model import SkillsCredential
    from kunde.credentials.trust import TrustList

TYP = "dc+sd-jwt"
LEGACY_TYP = "vc+sd-jwt"  # drafts before 06; verifiers accept it during the transition
StatusSource = Callable[[str], str]
"""Returns the Status List Token for a URI; raises when it cannot."""


class NonceRegistry(Protocol):
    """Remembers key-binding nonces so a presentation cannot be replayed."""

    def consume(self, nonce: str) -> bool:
        """Record ``nonce``; False when it was seen before."""
        ...


@dataclass
class InMemoryNonces:
    """A NonceRegistry for tests and single-process verifiers."""

    seen: set[str] = field(default_factory=set)

    def consume(self, nonce: str) -> bool:
        if nonce in self.seen:
            return False
        self.seen.add(nonce)
        return True


@dataclass(frozen=True)
class StatusReference:
    """Where a credential's status lives: entry ``index`` of the list at ``uri``."""

    uri: str
    index: int

    def claim(self) -> dict[str, Any]:
        return {"status_list": {"idx": self.index, "uri": self.uri}}


def skills_claims(credential: SkillsCredential) -> dict[str, Any]:
    """Claims of a Kunde skills credential; skills and personal fields are disclosable."""
    claims: dict[str, Any] = {"kind": credential.kind.value, "title": credential.title}
    if credential.description:
        claims["description"] = credential.description
    if credential.subject_id:
        claims["sub"] = credential.subject_id
    for name, value in credential.subject.items():
        claims[name] = Disclosable(value)
    claims["skills"] = [
        Disclosable({k: v for k, v in vars(s).items() if v is not None}) for s in credential.skills
    ]
    claims["assessment"] = credential.assessment.to_dict()
    if credential.learning:
        claims["learning"] = {k: v for k, v in vars(credential.learning).items() if v is not None}
    return claims


def issue_sd_jwt_vc(
    claims: Mapping[str, Any],
    *,
    issuer: str,
    key: KeyPair,
    vct: str,
    now: datetime,
    expires: datetime | None = None,
    holder: PublicKey | None = None,
    status: StatusReference | None = None,
    random: Random = secrets.token_bytes,
    decoys: int = 0,
) -> str:
    """Issue an SD-JWT VC; returns ``<JWT>~<disclosure>~...~``.

    ``claims`` may wrap values in :class:`Disclosable`. For a ``did:key`` issuer the key id
    is its verification method; otherwise the key's own ``kid`` is used.
    """
    body, disclosures = conceal(dict(claims), random=random, decoys=decoys)
    payload: dict[str, Any] = {"iss": issuer, "iat": int(now.timestamp()), "vct": vct}
    if expires is not None:
        payload["exp"] = int(expires.timestamp())
    if holder is not None:
        payload["cnf"] = {"jwk": holder.jwk}
    if status is not None:
        payload["status"] = status.claim()
    payload.update(body)
    payload["_sd_alg"] = SD_ALG
    signer = key
    if issuer.startswith("did:key:"):
        signer = key.with_kid(did_key_verification_method(key.public))
    jwt = sign_compact({"typ": TYP}, payload, signer)
    return SdJwt(jwt, tuple(disclosures)).serialize()


def present(
    sd_jwt: str,
    *,
    disclose: Collection[str],
    holder_key: KeyPair | None = None,
    nonce: str | None = None,
    audience: str | None = None,
    now: datetime | None = None,
) -> str:
    """Make a presentation showing the claim paths in ``disclose`` (``*`` for all).

    With ``holder_key`` a KB-JWT is appended; ``nonce``, ``audience`` and ``now`` are then
    required.
    """
    from kunde.credentials.sdjwt import key_binding_jwt, select  # noqa: PLC0415 - keep API flat

    parsed = parse_sd_jwt(sd_jwt)
    chosen = select(parsed, parse_compact(parsed.jwt, "SD-JWT").payload, disclose)
    if holder_key is None:
        return chosen.serialize()
    if nonce is None or audience is None or now is None:
        raise MalformedCredentialError("a key-binding JWT needs nonce, audience and now")
    kb = key_binding_jwt(
        holder_key, chosen.without_kb(), nonce=nonce, audience=audience, iat=int(now.timestamp())
    )
    return chosen.without_kb() + kb


@dataclass(frozen=True)
class SdJwtVcPolicy:
    """What a verifier demands beyond the signature. Defaults suit a careful verifier."""

    nonce: str | None = None
    audience: str | None = None
    require_key_binding: bool | None = None  # None: required when nonce or audience is set
    expected_vct: Collection[str] | None = None
    leeway: timedelta = timedelta(seconds=60)
    kb_max_age: timedelta = timedelta(minutes=5)


def verify_sd_jwt_vc(
    text: str,
    *,
    keys: KeyResolver,
    now: datetime,
    policy: SdJwtVcPolicy | None = None,
    trust_list: TrustList | None = None,
    status_lists: StatusSource | None = None,
    nonces: NonceRegistry | None = None,
    status_cache: StatusListCache | None = None,
) -> r.VerificationReport:
    """Verify an SD-JWT VC presentation or issuance; see docs/credentials.md for checks.

    ``status_cache`` keeps verified status lists between calls (see StatusListCache).
    Raises MalformedCredentialError only when ``text`` is not an SD-JWT at all.
    """
    policy = policy or SdJwtVcPolicy()
    parsed = parse_sd_jwt(text)
    report = r.VerificationReport(format="sd-jwt-vc")
    try:
        jws = parse_compact(parsed.jwt, "SD-JWT")
    except UnsupportedAlgorithmError as exc:
        report.add(r.SIGNATURE, ok=False, detail=str(exc))
        return report
    payload = jws.payload
    typ = jws.header.get("typ")
    report.add(r.FORMAT, isinstance(typ, str) and typ in _TYPS, f"typ {typ!r}")
    issuer = payload.get("iss")
    report.issuer = issuer if isinstance(issuer, str) else None
    if not _check_signature(report, jws, keys):
        return report
    try:
        claims = reveal(payload, parsed.disclosures).claims
    except DisclosureError as exc:
        report.add(r.DISCLOSURES, ok=False, detail=str(exc))
        return report
    report.add(r.DISCLOSURES, ok=True, detail=f"{len(parsed.disclosures)} disclosed")
    report.claims = claims
    t = now.timestamp()
    slack = policy.leeway.total_seconds()
    report.add(r.VALIDITY, *_validity(payload, t, slack))
    vct = payload.get("vct")
    if not isinstance(vct, str) or not vct:
        report.add(r.TYPE, ok=False, detail="vct is missing")
    elif policy.expected_vct is not None and vct not in policy.expected_vct:
        report.add(r.TYPE, ok=False, detail=f"vct {vct} is not one of the expected types")
    else:
        report.add(r.TYPE, ok=True, detail=vct)
        _check_schema(report, vct, claims)
    check_trust(report, trust_list)
    _check_status(
        report,
        payload=payload,
        keys=keys,
        source=status_lists,
        now=now,
        leeway=policy.leeway,
        cache=status_cache,
    )
    _check_holder_binding(report, parsed, payload, policy=policy, t=t, slack=slack, nonces=nonces)
    return report


_TYPS = frozenset({TYP, LEGACY_TYP})


def _check_schema(report: r.VerificationReport, vct: str, claims: dict[str, Any]) -> None:
    if not known(vct):
        report.add(r.SCHEMA, ok=None, detail=f"no schema is known for {vct}")
        return
    problems = schema_problems(vct, claims)
    report.add(r.SCHEMA, ok=not problems, detail="; ".join(problems[:3]) or "matches its schema")


def _check_signature(report: r.VerificationReport, jws: CompactJws, keys: KeyResolver) -> bool:
    if report.issuer is None:
        return report.add(r.ISSUER_KEY, ok=False, detail="iss is missing")
    kid = jws.header.get("kid")
    try:
        candidates = keys.issuer_keys(report.issuer, kid if isinstance(kid, str) else None)
    except KeyResolutionError as exc:
        return report.add(r.ISSUER_KEY, ok=False, detail=str(exc))
    fitting = [k for k in candidates if k.fits(jws.alg)]
    if not fitting:
        return report.add(r.ISSUER_KEY, ok=False, detail=f"no {jws.alg} key for the issuer")
    report.add(r.ISSUER_KEY, ok=True, detail=fitting[0].kid or report.issuer)
    for key in fitting:
        if jws.verify(key):
            return report.add(r.SIGNATURE, ok=True, detail=jws.alg)
    return report.add(r.SIGNATURE, ok=False, detail="the issuer signature is not valid")


def _validity(payload: dict[str, Any], t: float, slack: float) -> tuple[bool, str]:
    """The validity check's outcome at POSIX time ``t``, with ``slack`` seconds of leeway."""
    iat, nbf, exp = payload.get("iat"), payload.get("nbf"), payload.get("exp")
    for value in (iat, nbf, exp):
        if value is not None and not isinstance(value, int | float):
            return False, "iat, nbf and exp must be numbers"
    if exp is not None and exp <= t - slack:
        return False, "expired"
    if nbf is not None and nbf > t + slack:
        return False, "not yet valid (nbf)"
    if iat is not None and iat > t + slack:
        return False, "issued in the future (iat)"
    return True, "within its validity period"


def _check_status(
    report: r.VerificationReport,
    *,
    payload: dict[str, Any],
    keys: KeyResolver,
    source: StatusSource | None,
    now: datetime,
    leeway: timedelta,
    cache: StatusListCache | None = None,
) -> None:
    status = payload.get("status")
    ref = status.get("status_list") if isinstance(status, dict) else status
    if ref is None:
        report.add(r.STATUS, ok=None, detail="the credential has no status reference")
        return
    if not isinstance(ref, dict) or not isinstance(ref.get("uri"), str):
        report.add(r.STATUS, ok=False, detail="malformed status reference")
        return
    if not isinstance(ref.get("idx"), int):
        report.add(r.STATUS, ok=False, detail="malformed status index")
        return
    if source is None:
        report.add(r.STATUS, ok=None, detail=f"not checked: no copy of {ref['uri']}")
        return
    try:
        token = source(ref["uri"])
        read = cache.read if cache is not None else read_status_list_token
        status_list = read(
            token, uri=ref["uri"], issuer=report.issuer or "", keys=keys, now=now, leeway=leeway
        )
        value = status_list.get(ref["idx"])
    except StatusListError as exc:
        report.add(r.STATUS, ok=False, detail=str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - the source is caller code (HTTP, files)
        report.add(r.STATUS, ok=False, detail=f"cannot get status list {ref['uri']}: {exc}")
        return
    report.add(r.STATUS, value == VALID, STATUS_NAMES.get(value) or f"status {value}")


def _check_holder_binding(
    report: r.VerificationReport,
    parsed: SdJwt,
    payload: dict[str, Any],
    *,
    policy: SdJwtVcPolicy,
    t: float,
    slack: float,
    nonces: NonceRegistry | None,
) -> None:
    required = policy.require_key_binding
    if required is None:
        required = policy.nonce is not None or policy.audience is not None
    if parsed.kb_jwt is None:
        detail = "no key-binding JWT"
        report.add(r.HOLDER_BINDING, ok=False if required else None, detail=detail)
        return
    try:
        problem = _kb_problem(parsed, payload, policy, t, slack)
    except (MalformedCredentialError, UnsupportedAlgorithmError) as exc:
        problem = str(exc)
    if problem is None and nonces is not None and not nonces.consume(str(policy.nonce)):
        problem = "the nonce was already used (replay)"
    report.add(r.HOLDER_BINDING, problem is None, problem or "key-binding JWT verified")


def _kb_problem(
    parsed: SdJwt, payload: dict[str, Any], policy: SdJwtVcPolicy, t: float, slack: float
) -> str | None:
    cnf = payload.get("cnf")
    jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
    if jwk is None:
        return "the credential has no cnf.jwk to check the key-binding JWT against"
    kb = parse_compact(parsed.kb_jwt or "", "key-binding JWT")
    if kb.header.get("typ") != KB_JWT_TYP:
        return f"key-binding JWT typ must be {KB_JWT_TYP}"
    holder = public_key_from_jwk(jwk)
    if not holder.fits(kb.alg) or not kb.verify(holder):
        return "the key-binding JWT signature is not valid for cnf.jwk"
    return _kb_claims_problem(kb.payload, parsed, policy, t, slack)


def _kb_claims_problem(
    claims: dict[str, Any], parsed: SdJwt, policy: SdJwtVcPolicy, t: float, slack: float
) -> str | None:
    """The first problem with the KB-JWT's claims at POSIX time ``t``, or None."""
    if claims.get("sd_hash") != sd_digest(parsed.without_kb()):
        return "sd_hash does not match"
    if policy.nonce is not None and claims.get("nonce") != policy.nonce:
        return "wrong nonce"
    if policy.audience is not None and claims.get("aud") != policy.audience:
        return "wrong audience"
    return _kb_age_problem(claims.get("iat"), policy, t, slack)


def _kb_age_problem(iat: Any, policy: SdJwtVcPolicy, t: float, slack: float) -> str | None:
    if not isinstance(iat, int | float):
        return "key-binding JWT has no iat"
    if iat > t + slack:
        return "key-binding JWT is issued in the future"
    if iat < t - policy.kb_max_age.total_seconds() - slack:
        return "key-binding JWT is too old"
    return None


__all__ = [
    "KUNDE_SKILLS_VCT",
    "TYP",
    "InMemoryNonces",
    "NonceRegistry",
    "SdJwtVcPolicy",
    "StatusReference",
    "StatusSource",
    "issue_sd_jwt_vc",
    "present",
    "skills_claims",
    "verify_sd_jwt_vc",
]
