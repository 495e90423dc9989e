# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""W3C Verifiable Credentials Data Model 2.0: the structural rules of credentials and
presentations, and the JSON-LD rule that every type maps to an absolute IRI.

Each function returns a list of problems (empty when the document conforms) rather than
raising, so the verifier can report all of them at once.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from kunde.credentials.errors import MalformedCredentialError
from kunde.credentials.jsonld import VC_V2, expand, unknown_contexts

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
# XML Schema dateTimeStamp: a date-time with a mandatory time zone.
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_LANGUAGE_KEYS = frozenset({"@value", "@language", "@direction"})


def is_url(value: Any) -> bool:
    """True for a string that is an absolute URL (scheme, no whitespace)."""
    return isinstance(value, str) and bool(_URL.match(value))


def parse_datetime(value: Any) -> datetime | None:
    """Parse an XML dateTimeStamp, or return None when it is not one."""
    if not isinstance(value, str) or not _DATETIME.match(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _context_problems(document: dict[str, Any]) -> list[str]:
    context = document.get("@context")
    if context is None:
        return ["@context is missing"]
    entries = _as_list(context)
    problems = []
    if entries[0] != VC_V2:
        problems.append(f"the first @context must be {VC_V2}")
    if any(not isinstance(e, str | dict) for e in entries):
        problems.append("@context entries must be URLs or objects")
    unknown = unknown_contexts(document)
    if unknown:
        problems.append(f"contexts are not bundled: {', '.join(unknown)}")
    return problems


def _typed_problems(document: dict[str, Any], member: str, *, need_id: bool) -> list[str]:
    if member not in document:
        return []
    problems = []
    for item in _as_list(document[member]):
        if not isinstance(item, dict) or "type" not in item:
            problems.append(f"every {member} needs a type")
            continue
        if "id" in item and not is_url(item["id"]):
            problems.append(f"{member} id must be a single URL")
        elif need_id and "id" not in item:
            problems.append(f"every {member} needs an id")
    return problems


def _text_problems(document: dict[str, Any]) -> list[str]:
    problems = []
    for member in ("name", "description"):
        for value in _as_list(document.get(member, [])):
            if isinstance(value, str):
                continue
            if not isinstance(value, dict) or not set(value) <= _LANGUAGE_KEYS:
                problems.append(f"{member} must be text or language-tagged values")
            elif "@value" not in value:
                problems.append(f"a language-tagged {member} needs @value")
    return problems


def _identifier_problems(document: dict[str, Any], member: str) -> list[str]:
    value = document.get(member)
    if member not in document:
        return [f"{member} is missing"]
    if isinstance(value, dict):
        value = value.get("id")
    return [] if is_url(value) else [f"{member} must be a URL or an object with a URL id"]


def _validity_problems(document: dict[str, Any]) -> list[str]:
    problems = []
    times = {}
    for member in ("validFrom", "validUntil"):
        if member in document:
            times[member] = parse_datetime(document[member])
            if times[member] is None:
                problems.append(f"{member} is not an XML dateTimeStamp")
    start, end = times.get("validFrom"), times.get("validUntil")
    if start and end and end < start:
        problems.append("validUntil is before validFrom")
    return problems


def _subject_problems(document: dict[str, Any]) -> list[str]:
    if "credentialSubject" not in document:
        return ["credentialSubject is missing"]
    problems = []
    for subject in _as_list(document["credentialSubject"]):
        if not isinstance(subject, dict) or not subject:
            problems.append("every credentialSubject must be a non-empty object")
        elif "id" in subject and not is_url(subject["id"]):
            problems.append("credentialSubject id must be a single URL")
    return problems


def _type_problems(document: dict[str, Any], required: str) -> list[str]:
    types = document.get("type")
    if types is None:
        return ["type is missing"]
    if not all(isinstance(t, str) for t in _as_list(types)):
        return ["type must be a string or a list of strings"]
    return [] if required in _as_list(types) else [f"type must include {required}"]


def _jsonld_problems(document: dict[str, Any]) -> list[str]:
    """Expansion must succeed (no protected-term redefinition) and map every type."""
    try:
        expanded = expand(document)
    except MalformedCredentialError as exc:
        return [str(exc)]
    problems: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for t in _as_list(value.get("@type", [])):
                if not is_url(t):
                    problems.add(f"type {t!r} does not map to an absolute IRI")
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(expanded)
    return sorted(problems)


def credential_problems(document: Any, *, check_jsonld: bool = True) -> list[str]:
    """Problems that make ``document`` not a conforming VCDM 2.0 credential."""
    if not isinstance(document, dict):
        return ["a credential must be a JSON object"]
    problems = _context_problems(document)
    if "id" in document and not is_url(document["id"]):
        problems.append("id must be a single URL")
    problems += _type_problems(document, "VerifiableCredential")
    problems += _identifier_problems(document, "issuer")
    problems += _subject_problems(document)
    problems += _validity_problems(document)
    problems += _text_problems(document)
    problems += _typed_problems(document, "credentialStatus", need_id=False)
    problems += _typed_problems(document, "credentialSchema", need_id=True)
    for member in ("evidence", "refreshService", "termsOfUse", "proof"):
        problems += _typed_problems(document, member, need_id=False)
    if check_jsonld and not problems:
        problems += _jsonld_problems(document)
    return problems


def _embedded_problems(credential: Any) -> list[str]:
    if not isinstance(credential, dict):
        return ["verifiableCredential entries must be objects"]
    enveloped = str(credential.get("id", "")).startswith("data:")
    if "EnvelopedVerifiableCredential" in _as_list(credential.get("type", [])):
        return [] if enveloped else ["an enveloped credential's id must be a data: URL"]
    if enveloped:
        return ["an enveloped credential needs type EnvelopedVerifiableCredential"]
    return [f"verifiableCredential: {p}" for p in credential_problems(credential)]


def presentation_problems(document: Any) -> list[str]:
    """Problems that make ``document`` not a conforming VCDM 2.0 presentation."""
    if not isinstance(document, dict):
        return ["a presentation must be a JSON object"]
    problems = _context_problems(document)
    if "id" in document and not is_url(document["id"]):
        problems.append("id must be a single URL")
    problems += _type_problems(document, "VerifiablePresentation")
    if "holder" in document:
        problems += _identifier_problems(document, "holder")
    for credential in _as_list(document.get("verifiableCredential", [])):
        problems += _embedded_problems(credential)
    if not problems:
        problems += _jsonld_problems(document)
    return problems


__all__ = ["credential_problems", "is_url", "parse_datetime", "presentation_problems"]
