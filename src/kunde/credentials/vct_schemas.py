"""JSON Schemas of the SD-JWT VC types Kunde knows, checked on the claims after disclosure.

A verifier can only check the structure of a type it knows; for other ``vct`` values the
schema step is reported as not checked rather than passed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # jsonschema ships no type hints

KUNDE_SKILLS_VCT = "urn:kunde:vct:skills-credential:1"
_SCHEMAS = {KUNDE_SKILLS_VCT: "kunde_skills_sd_jwt_vc.json"}


@cache
def _validator(vct: str) -> Any:
    folder = resources.files("kunde.credentials") / "schemas"
    schema = json.loads((folder / _SCHEMAS[vct]).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def known(vct: str) -> bool:
    return vct in _SCHEMAS


def schema_problems(vct: str, claims: dict[str, Any]) -> list[str]:
    """Violations of the type's schema as ``path: message`` lines (empty when valid)."""
    errors = sorted(_validator(vct).iter_errors(claims), key=lambda e: list(e.absolute_path))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:200]}"
        for e in errors
    ]
