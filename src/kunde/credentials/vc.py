# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Issue and verify W3C VCDM 2.0 credentials secured with Data Integrity (EdDSA suites).

Verification checks, each reported separately: context (bundled only), structure
(VCDM 2.0), schema (OB 3.0 for Open Badges), issuer key, signature, validity period,
trust list and Bitstring status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from kunde.credentials import report as r
from kunde.credentials.bitstring import entry_status
from kunde.credentials.data_integrity import Cryptosuite, add_proof, verify_proof
from kunde.credentials.did import did_key, did_key_verification_method
from kunde.credentials.errors import MalformedCredentialError, StatusListError
from kunde.credentials.jsonld import unknown_contexts
from kunde.credentials.ob3 import is_open_badge, schema_problems
from kunde.credentials.trust import check_trust
from kunde.credentials.vcdm import credential_problems, parse_datetime

if TYPE_CHECKING:
    from kunde.credentials.did import DidResolver
    from kunde.credentials.keys import KeyPair
    from kunde.credentials.status_list import StatusListCache
    from kunde.credentials.trust import TrustList

CredentialSource = Callable[[str], dict[str, Any]]
"""Returns the (status list) credential published at a URL; raises when it cannot."""


def issue_data_integrity(
    document: dict[str, Any],
    *,
    key: KeyPair,
    cryptosuite: Cryptosuite,
    now: datetime,
    verification_method: str | None = None,
) -> dict[str, Any]:
    """Validate ``document`` (VCDM 2.0, plus OB 3.0 schema for badges) and sign it.

    Without ``verification_method`` the key's did:key is used, and the document's issuer
    must be that DID. Raises MalformedCredentialError listing every problem.
    """
    method = verification_method or did_key_verification_method(key.public)
    problems = credential_problems(document)
    if is_open_badge(document):
        problems += schema_problems(document)
    issuer = _issuer_id(document)
    if issuer is not None and method.partition("#")[0] != issuer:
        problems.append(f"the issuer {issuer} does not control {method}")
    if problems:
        raise MalformedCredentialError("cannot issue: " + "; ".join(problems))
    return add_proof(
        document, key=key, verification_method=method, cryptosuite=cryptosuite, created=now
    )


def _issuer_id(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer if isinstance(issuer, str) else None


@dataclass(frozen=True)
class DiPolicy:
    """Verifier settings for Data Integrity credentials."""

    leeway: timedelta = timedelta(seconds=60)
    check_schema: bool = True


def verify_data_integrity(
    document: Any,
    *,
    dids: DidResolver,
    now: datetime,
    trust_list: TrustList | None = None,
    status_lists: CredentialSource | None = None,
    policy: DiPolicy | None = None,
    status_cache: StatusListCache | None = None,
) -> r.VerificationReport:
    """Verify a Data Integrity secured credential; see docs/credentials.md for the checks.

    ``status_cache`` keeps verified status list credentials between calls.
    """
    policy = policy or DiPolicy()
    if not isinstance(document, dict):
        raise MalformedCredentialError("a W3C credential must be a JSON object")
    proofs = document.get("proof")
    proof_list = proofs if isinstance(proofs, list) else [proofs] if proofs else []
    suites = {p.get("cryptosuite") for p in proof_list if isinstance(p, dict)}
    fmt: r.Format = "vc-di"
    if is_open_badge(document) and suites <= {"eddsa-rdfc-2022", "eddsa-jcs-2022"} and suites:
        fmt = "ob3-jcs" if suites == {"eddsa-jcs-2022"} else "ob3-rdfc"
    report = r.VerificationReport(format=fmt, issuer=_issuer_id(document))
    unknown = unknown_contexts(document)
    if not report.add(r.CONTEXT, not unknown, "unknown: " + ", ".join(unknown) if unknown else ""):
        return report
    problems = credential_problems(document)
    report.add(r.STRUCTURE, not problems, "; ".join(problems) or "VCDM 2.0")
    if is_open_badge(document) and policy.check_schema:
        problems = schema_problems(document)
        report.add(r.SCHEMA, not problems, "; ".join(problems[:5]) or "OB 3.0 schema")
    _check_proofs(report, document, proof_list, dids)
    _check_validity(report, document, now, policy.leeway)
    check_trust(report, trust_list)
    _check_status(report, document, dids=dids, now=now, source=status_lists, cache=status_cache)
    report.claims = {k: v for k, v in document.items() if k != "proof"}
    return report


def _check_proofs(
    report: r.VerificationReport,
    document: dict[str, Any],
    proofs: list[Any],
    dids: DidResolver,
) -> None:
    if not proofs or not all(isinstance(p, dict) for p in proofs):
        report.add(r.SIGNATURE, ok=False, detail="the credential has no proof")
        return
    for proof in proofs:
        result = verify_proof(document, proof, dids=dids)
        controller = (result.verification_method or "").partition("#")[0]
        if result.key is None:
            report.add(r.ISSUER_KEY, ok=False, detail=result.detail)
            continue
        if controller != report.issuer:
            detail = f"{result.verification_method} is not controlled by the issuer"
            report.add(r.ISSUER_KEY, ok=False, detail=detail)
            continue
        report.add(r.ISSUER_KEY, ok=True, detail=result.verification_method or "")
        report.add(r.SIGNATURE, result.ok, result.detail)


def _check_validity(
    report: r.VerificationReport, document: dict[str, Any], now: datetime, leeway: timedelta
) -> None:
    start = parse_datetime(document.get("validFrom"))
    end = parse_datetime(document.get("validUntil"))
    if start and start > now + leeway:
        report.add(r.VALIDITY, ok=False, detail="not yet valid (validFrom)")
    elif end and end <= now - leeway:
        report.add(r.VALIDITY, ok=False, detail="expired (validUntil)")
    else:
        report.add(r.VALIDITY, ok=True, detail="within its validity period")


def _check_status(
    report: r.VerificationReport,
    document: dict[str, Any],
    *,
    dids: DidResolver,
    now: datetime,
    source: CredentialSource | None,
    cache: StatusListCache | None = None,
) -> None:
    entries = document.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries] if entries else []
    if not entries:
        report.add(r.STATUS, ok=None, detail="the credential has no status entry")
        return
    for entry in entries:
        kind = entry.get("type") if isinstance(entry, dict) else None
        if kind != "BitstringStatusListEntry":
            report.add(r.STATUS, ok=None, detail=f"status type {kind!r} is not supported")
            continue
        url = entry.get("statusListCredential")
        if not isinstance(url, str):
            report.add(r.STATUS, ok=False, detail="malformed credentialStatus entry")
            continue
        if source is None:
            report.add(r.STATUS, ok=None, detail=f"not checked: no copy of {url}")
            continue
        try:
            listed = source(url)
            check = partial(_status_list_problem, listed, report.issuer, dids, now)
            problem = (
                check()
                if cache is None
                else cache.check_credential(
                    listed, url=url, issuer=report.issuer, now=now, check=check
                )
            )
            value = entry_status(entry, listed) if problem is None else None
        except StatusListError as exc:
            report.add(r.STATUS, ok=False, detail=str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - the source is caller code (HTTP, files)
            report.add(r.STATUS, ok=False, detail=f"cannot get status list {url}: {exc}")
            continue
        if problem is not None:
            report.add(r.STATUS, ok=False, detail=problem)
        else:
            purpose = entry.get("statusPurpose")
            words = {"revocation": "revoked", "suspension": "suspended"}
            detail = words.get(str(purpose), f"{purpose} set") if value else f"not {purpose}"
            report.add(r.STATUS, value == 0, detail)


def _status_list_problem(
    listed: dict[str, Any], issuer: str | None, dids: DidResolver, now: datetime
) -> str | None:
    inner = verify_data_integrity(listed, dids=dids, now=now, status_lists=None)
    if not inner.valid:
        failed = ", ".join(f"{c.name}: {c.detail}" for c in inner.failures())
        return f"the status list credential does not verify ({failed})"
    if inner.issuer != issuer:
        return "the status list credential has another issuer"
    return None


def issuer_did(key: KeyPair) -> str:
    """The did:key a key issues under (the CLI's issuer identity)."""
    return did_key(key.public)


__all__ = [
    "CredentialSource",
    "DiPolicy",
    "issue_data_integrity",
    "issuer_did",
    "verify_data_integrity",
]
