# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""The trust list: which issuers a verifier recognises (sector registers, accredited assessors).

File format (JSON)::

    {"name": "Dutch skills issuers",
     "issuers": [{"id": "did:web:school.example", "name": "Example School",
                  "roles": ["microcredential"]}]}

An issuer matches when its identifier equals ``id``; for did:web entries a ``did:web``
issuer under the same host also matches when the entry sets ``"include_subpaths": true``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kunde.credentials.errors import MalformedCredentialError
from kunde.credentials.report import TRUST_LIST, VerificationReport

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class TrustedIssuer:
    """One recognised issuer."""

    id: str
    name: str = ""
    roles: tuple[str, ...] = ()
    include_subpaths: bool = False

    def matches(self, issuer: str) -> bool:
        """True when ``issuer`` is this entry (or one of its sub-identifiers)."""
        if issuer == self.id:
            return True
        return self.include_subpaths and issuer.startswith(self.id + ":")


@dataclass(frozen=True)
class TrustList:
    """A named list of recognised issuers."""

    name: str = "trust list"
    issuers: tuple[TrustedIssuer, ...] = field(default_factory=tuple)

    def find(self, issuer: str) -> TrustedIssuer | None:
        """The entry recognising ``issuer``, or None."""
        return next((entry for entry in self.issuers if entry.matches(issuer)), None)

    @classmethod
    def from_dict(cls, data: Any) -> TrustList:
        """Read the JSON structure described in the module docstring."""
        if not isinstance(data, dict) or not isinstance(data.get("issuers"), list):
            raise MalformedCredentialError("a trust list is a JSON object with an 'issuers' array")
        entries = []
        for item in data["issuers"]:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise MalformedCredentialError("every trust list entry needs an 'id' string")
            entries.append(
                TrustedIssuer(
                    id=item["id"],
                    name=str(item.get("name", "")),
                    roles=tuple(str(r) for r in item.get("roles", [])),
                    include_subpaths=bool(item.get("include_subpaths", False)),
                )
            )
        return cls(name=str(data.get("name", "trust list")), issuers=tuple(entries))

    @classmethod
    def from_file(cls, path: Path) -> TrustList:
        """Load a trust list file; malformed files raise MalformedCredentialError."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise MalformedCredentialError(f"cannot read trust list {path}: {exc}") from exc
        return cls.from_dict(data)


def check_trust(report: VerificationReport, trust_list: TrustList | None) -> None:
    """Add the trust-list step to ``report``: unknown (no list), on it, or not listed."""
    if trust_list is None:
        report.add(TRUST_LIST, ok=None, detail="no trust list given")
        return
    entry = trust_list.find(report.issuer or "")
    detail = f"{entry.name or entry.id} on {trust_list.name}" if entry else "issuer not listed"
    report.add(TRUST_LIST, entry is not None, detail)


__all__ = ["TrustList", "TrustedIssuer", "check_trust"]
