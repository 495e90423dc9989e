# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""One verification report for every credential format.

A report lists each check with its outcome: ``ok`` is True (passed), False (failed) or
None (not performed, e.g. no trust list given or no status reference in the credential).
The credential is ``valid`` when no check failed and every required check ran.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Format = Literal["sd-jwt-vc", "ob3-rdfc", "ob3-jcs", "vc-di", "unknown"]

# Names of the checks, stable for API clients and translations.
FORMAT = "format"
SIGNATURE = "signature"
ISSUER_KEY = "issuer_key"
TRUST_LIST = "trust_list"
VALIDITY = "validity"
STATUS = "status"
HOLDER_BINDING = "holder_binding"
TYPE = "type"
DISCLOSURES = "disclosures"
CONTEXT = "context"
SCHEMA = "schema"
STRUCTURE = "structure"
PRESENTATION = "presentation"


@dataclass(frozen=True)  # no slots: a frozen slotted dataclass is slower to create
class Check:
    """The outcome of one verification step."""

    name: str
    ok: bool | None
    detail: str = ""


@dataclass
class VerificationReport:
    """What a verifier learnt about a credential; ``claims`` holds the disclosed content."""

    format: Format
    checks: list[Check] = field(default_factory=list)
    issuer: str | None = None
    claims: dict[str, Any] | None = None

    @property
    def valid(self) -> bool:
        """True when checks ran and none failed."""
        return bool(self.checks) and all(c.ok is not False for c in self.checks)

    def add(self, name: str, ok: bool | None, detail: str = "") -> bool:
        """Record a check and return ``ok is True`` so callers can stop early."""
        self.checks.append(Check(name, ok, detail))
        return ok is True

    def check(self, name: str) -> Check | None:
        """The first check of that name, if any."""
        return next((c for c in self.checks if c.name == name), None)

    def failures(self) -> list[Check]:
        """The checks that failed."""
        return [c for c in self.checks if c.ok is False]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (the API's and the CLI's ``--json`` shape)."""
        return {
            "valid": self.valid,
            "format": self.format,
            "issuer": self.issuer,
            "checks": [asdict(c) for c in self.checks],
            "claims": self.claims,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


__all__ = [
    "CONTEXT",
    "DISCLOSURES",
    "FORMAT",
    "HOLDER_BINDING",
    "ISSUER_KEY",
    "PRESENTATION",
    "SCHEMA",
    "SIGNATURE",
    "STATUS",
    "STRUCTURE",
    "TRUST_LIST",
    "TYPE",
    "VALIDITY",
    "Check",
    "Format",
    "VerificationReport",
]
