# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""W3C Verifiable Presentations (VCDM 2.0) with a Data Integrity proof: the holder of a
Data Integrity credential shows that it is theirs.

The presentation holds one credential and an ``authentication`` proof (``eddsa-jcs-2022``
or ``eddsa-rdfc-2022``) whose ``challenge`` is the verifier's nonce and whose ``domain``
names the verifier. Verification reports the presentation's shape (``presentation``), every
check of the credential inside, and the holder binding (``holder_binding``): the proof is
valid, made with an authentication key of the DID the credential is about
(``credentialSubject.id``), for this challenge and domain, and fresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from kunde.credentials import report as r
from kunde.credentials.data_integrity import add_proof, verify_proof
from kunde.credentials.did import did_key_verification_method
from kunde.credentials.errors import MalformedCredentialError
from kunde.credentials.jsonld import VC_V2, unknown_contexts
from kunde.credentials.vc import DiPolicy, verify_data_integrity
from kunde.credentials.vcdm import parse_datetime, presentation_problems

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.credentials.data_integrity import Cryptosuite
    from kunde.credentials.did import DidResolver
    from kunde.credentials.keys import KeyPair
    from kunde.credentials.sd_jwt_vc import NonceRegistry
    from kunde.credentials.status_list import StatusListCache
    from kunde.credentials.trust import TrustList
    from kunde.credentials.vc import CredentialSource

VP_TYPE = "VerifiablePresentation"
AUTHENTICATION = "authentication"
DID_PREFIXES = ("did:key:", "did:web:")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_presentation(document: Any) -> bool:
    """True for a JSON object that says it is a Verifiable Presentation."""
    return isinstance(document, dict) and VP_TYPE in _as_list(document.get("type"))


def subject_dids(credential: dict[str, Any]) -> list[str]:
    """The DIDs (did:key, did:web) the credential is about: its ``credentialSubject`` ids."""
    found = []
    for subject in _as_list(credential.get("credentialSubject")):
        subject_id = subject.get("id") if isinstance(subject, dict) else None
        if isinstance(subject_id, str) and subject_id.startswith(DID_PREFIXES):
            found.append(subject_id)
    return found


def present_data_integrity(
    credential: dict[str, Any],
    *,
    holder_key: KeyPair,
    challenge: str,
    domain: str,
    now: datetime,
    cryptosuite: Cryptosuite = "eddsa-jcs-2022",
    verification_method: str | None = None,
) -> dict[str, Any]:
    """A presentation of ``credential`` signed by the Ed25519 ``holder_key``.

    Without ``verification_method`` the key's did:key is used; the presentation's ``holder``
    is the DID of the method. Raises MalformedCredentialError when the result would not be
    a conforming presentation.
    """
    method = verification_method or did_key_verification_method(holder_key.public)
    document = {
        "@context": [VC_V2],
        "type": [VP_TYPE],
        "holder": method.partition("#")[0],
        "verifiableCredential": [credential],
    }
    problems = presentation_problems(document)
    if problems:
        raise MalformedCredentialError("cannot present: " + "; ".join(problems))
    return add_proof(
        document,
        key=holder_key,
        verification_method=method,
        cryptosuite=cryptosuite,
        created=now,
        proof_purpose=AUTHENTICATION,
        challenge=challenge,
        domain=domain,
    )


@dataclass(frozen=True)
class VpPolicy:
    """What the verifier of a presentation demands: its ``challenge`` (nonce) and
    ``domain`` (who it is), and how old the proof may be."""

    challenge: str | None = None
    domain: str | None = None
    leeway: timedelta = timedelta(seconds=60)
    max_age: timedelta = timedelta(minutes=5)
    check_schema: bool = True


def verify_presentation(
    document: Any,
    *,
    dids: DidResolver,
    now: datetime,
    policy: VpPolicy | None = None,
    trust_list: TrustList | None = None,
    status_lists: CredentialSource | None = None,
    nonces: NonceRegistry | None = None,
    status_cache: StatusListCache | None = None,
) -> r.VerificationReport:
    """Verify a presentation of one Data Integrity credential (see the module docstring).

    The report is the credential's (format, issuer, claims) with the presentation checks
    added. Raises MalformedCredentialError only when ``document`` is not a JSON object.
    """
    policy = policy or VpPolicy()
    if not isinstance(document, dict):
        raise MalformedCredentialError("a presentation must be a JSON object")
    report = r.VerificationReport(format="vc-di")
    unknown = unknown_contexts(document)
    if not report.add(r.CONTEXT, not unknown, "unknown: " + ", ".join(unknown) if unknown else ""):
        return report
    credential, problem = _the_credential(document)
    if credential is None:
        report.add(r.PRESENTATION, ok=False, detail=problem)
        return report
    report.add(r.PRESENTATION, ok=problem == "", detail=problem or "VCDM 2.0, one credential")
    inner = verify_data_integrity(
        credential,
        dids=dids,
        now=now,
        trust_list=trust_list,
        status_lists=status_lists,
        policy=DiPolicy(leeway=policy.leeway, check_schema=policy.check_schema),
        status_cache=status_cache,
    )
    report.format, report.issuer, report.claims = inner.format, inner.issuer, inner.claims
    # The contexts of the credential inside were checked with the presentation's.
    report.checks += [c for c in inner.checks if c.name != r.CONTEXT]
    binding = _binding_problem(document, credential, dids=dids, policy=policy, now=now)
    if binding is None and nonces is not None and not nonces.consume(str(policy.challenge)):
        binding = "the challenge was already used (replay)"
    report.add(r.HOLDER_BINDING, binding is None, binding or _binding_words(document, policy))
    return report


def _binding_words(document: dict[str, Any], policy: VpPolicy) -> str:
    proof = _proof(document) or {}
    checked = [
        name
        for name, wanted in (("challenge", policy.challenge), ("domain", policy.domain))
        if wanted is not None
    ]
    words = f"{proof.get('cryptosuite')} presentation proof by the holder {_signer(document)}"
    return words + (f"; {' and '.join(checked)} match" if checked else "")


def _the_credential(document: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The one credential inside, and the presentation's structural problems ("" if none)."""
    credentials = _as_list(document.get("verifiableCredential"))
    if len(credentials) != 1:
        return None, f"the presentation must hold exactly one credential, not {len(credentials)}"
    credential = credentials[0]
    if not isinstance(credential, dict):
        return None, "the credential in the presentation must be a JSON object"
    if "EnvelopedVerifiableCredential" in _as_list(credential.get("type")):
        return None, (
            "enveloped credentials are not read here; show an SD-JWT VC with a key-binding "
            "JWT instead of wrapping it in a presentation"
        )
    # Problems of the credential itself are reported by its own checks.
    problems = [
        p for p in presentation_problems(document) if not p.startswith("verifiableCredential:")
    ]
    return credential, "; ".join(problems)


def _proof(document: dict[str, Any]) -> dict[str, Any] | None:
    proofs = _as_list(document.get("proof"))
    return proofs[0] if len(proofs) == 1 and isinstance(proofs[0], dict) else None


def _signer(document: dict[str, Any]) -> str:
    proof = _proof(document) or {}
    return str(proof.get("verificationMethod", "")).partition("#")[0]


def _binding_problem(
    document: dict[str, Any],
    credential: dict[str, Any],
    *,
    dids: DidResolver,
    policy: VpPolicy,
    now: datetime,
) -> str | None:
    proof = _proof(document)
    if proof is None:
        return "the presentation needs exactly one proof"
    result = verify_proof(document, proof, dids=dids, expected_purpose=AUTHENTICATION)
    if not result.ok:
        return f"the presentation proof: {result.detail}"
    signer = _signer(document)
    subjects = subject_dids(credential)
    holder = document.get("holder")
    holder = holder.get("id") if isinstance(holder, dict) else holder
    problems = [
        (
            not subjects,
            (
                "the credential names no DID of its holder (credentialSubject.id), "
                "so a presentation cannot show it is yours"
            ),
        ),
        (
            signer not in subjects,
            f"the presentation is signed by {signer}, not by the credential's holder "
            + ", ".join(subjects),
        ),
        (holder is not None and holder != signer, f"holder {holder} did not sign it"),
        (
            policy.challenge is not None and proof.get("challenge") != policy.challenge,
            "wrong challenge (not the nonce asked for)",
        ),
        (
            policy.domain is not None and policy.domain not in _as_list(proof.get("domain")),
            f"wrong domain (must be {policy.domain})",
        ),
    ]
    return next((text for failed, text in problems if failed), None) or _freshness_problem(
        proof, policy, now
    )


def _freshness_problem(proof: dict[str, Any], policy: VpPolicy, now: datetime) -> str | None:
    created = parse_datetime(proof.get("created"))
    expires = parse_datetime(proof.get("expires")) if "expires" in proof else None
    if created is None:
        return "the presentation proof has no valid created time"
    if created > now + policy.leeway:
        return "the presentation proof is created in the future"
    if created < now - policy.max_age - policy.leeway:
        return "the presentation proof is too old: make a new one"
    if "expires" in proof and (expires is None or expires <= now - policy.leeway):
        return "the presentation proof has expired"
    return None


__all__ = [
    "VP_TYPE",
    "VpPolicy",
    "is_presentation",
    "present_data_integrity",
    "subject_dids",
    "verify_presentation",
]
