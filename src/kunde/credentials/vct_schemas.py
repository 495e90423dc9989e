"""Schemas of the SD-JWT VC types Kunde knows, checked on the claims after disclosure.

A verifier can only check the structure of a type it knows; for other ``vct`` values the
schema step is reported as not checked rather than passed. The schemas are Pydantic models
(compiled validators: a check costs microseconds, not a tree walk per credential); their
JSON Schema form is what :func:`json_schema` gives and the API publishes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

KUNDE_SKILLS_VCT = "urn:kunde:vct:skills-credential:1"

_Text = Annotated[str, Field(min_length=1)]


class _Open(BaseModel):
    # Personal fields are the issuer's choice, and a wallet may add claims; only the
    # structure of what the type defines is checked.
    model_config = ConfigDict(extra="allow", strict=True)


class _Skill(_Open):
    uri: Annotated[str, Field(pattern=r"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    label: _Text | None = None
    level: str | None = None


class _Assessment(_Open):
    assessor: _Text
    method: _Text
    standard: str | None = None
    purpose: str | None = None
    date: Annotated[dt.date, Field(strict=False)] | None = None


class _Learning(_Open):
    eqf_level: Annotated[int, Field(ge=1, le=8)] | None = None
    credits: Annotated[float, Field(ge=0, strict=False)] | None = None
    awarding_body: str | None = None


class KundeSkillsClaims(_Open):
    """A Kunde skills credential's claims after disclosure. Any claim may have been made
    selectively disclosable by its issuer (other implementations issue this type too), so
    beyond ``iss`` and ``vct`` nothing is required; what is disclosed must have the
    type's structure."""

    model_config = ConfigDict(
        extra="allow", strict=True, title="Kunde skills credential (SD-JWT VC)"
    )

    iss: _Text
    vct: Literal["urn:kunde:vct:skills-credential:1"]
    kind: Literal["skills-certificate", "skills-proof", "microcredential", "diploma"] | None = None
    title: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    assessment: _Assessment | None = None
    description: str | None = None
    sub: str | None = None
    skills: list[_Skill] = []
    learning: _Learning | None = None


_MODELS: dict[str, type[BaseModel]] = {KUNDE_SKILLS_VCT: KundeSkillsClaims}


def known(vct: str) -> bool:
    return vct in _MODELS


def schema_problems(vct: str, claims: dict[str, Any]) -> list[str]:
    """Violations of the type's schema as ``path: message`` lines (empty when valid)."""
    try:
        _MODELS[vct].model_validate(claims)
    except ValidationError as exc:
        return [
            f"{'/'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}"
            for e in exc.errors(include_url=False)
        ]
    return []


def json_schema(vct: str) -> dict[str, Any]:
    """The type's schema as JSON Schema (draft 2020-12)."""
    return _MODELS[vct].model_json_schema()
