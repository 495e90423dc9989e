"""Schemas of the SD-JWT VC types Kunde knows, checked on the claims after disclosure.

A verifier can only check the structure of a type it knows; for other ``vct`` values the
schema step is reported as not checked rather than passed. The schemas are Pydantic models;
their JSON Schema form is what :func:`json_schema` gives and the API publishes.

Verifying is on the hot path of credential verification, so claims of the usual plain shape
are first tried against a short hand-written check that only ever says "valid" for claims
the model accepts too; anything else (any doubt, every error) goes to the model, so the
outcome and the messages are the model's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
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

_KINDS = frozenset({"skills-certificate", "skills-proof", "microcredential", "diploma"})
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:").match  # _Skill.uri's pattern
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
_TITLE_MAX = 500
_EXACT_INT = 2**53  # larger ints are left to the model (float conversion)


def _text(value: Any) -> bool:
    return type(value) is str and value != ""


def _optional_text(value: Any) -> bool:
    return value is None or (type(value) is str and value != "")


def _optional_str(value: Any) -> bool:
    return value is None or type(value) is str


def _plain_skill(skill: Any) -> bool:
    return (
        type(skill) is dict
        and type(uri := skill.get("uri")) is str
        and _SCHEME(uri) is not None
        and _optional_text(skill.get("label"))
        and _optional_str(skill.get("level"))
    )


def _plain_date(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is not str or _ISO_DATE(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _plain_assessment(value: Any) -> bool:
    return value is None or (
        type(value) is dict
        and _text(value.get("assessor"))
        and _text(value.get("method"))
        and _optional_str(value.get("standard"))
        and _optional_str(value.get("purpose"))
        and _plain_date(value.get("date"))
    )


def _plain_learning(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is not dict:
        return False
    level, points = value.get("eqf_level"), value.get("credits")
    return (
        (level is None or (type(level) is int and 1 <= level <= 8))  # noqa: PLR2004 - EQF 1-8
        and (
            points is None
            or (type(points) is float and 0 <= points < math.inf)
            or (type(points) is int and 0 <= points <= _EXACT_INT)
        )
        and _optional_str(value.get("awarding_body"))
    )


def _plain_skills_claims(claims: dict[str, Any]) -> bool:
    """True only for claims KundeSkillsClaims accepts (plain JSON types, no edge cases)."""
    kind, title, skills = claims.get("kind"), claims.get("title"), claims.get("skills", [])
    return (
        _text(claims.get("iss"))
        and type(claims.get("vct")) is str
        and claims.get("vct") == KUNDE_SKILLS_VCT
        and (kind is None or (type(kind) is str and kind in _KINDS))
        and (title is None or (type(title) is str and 1 <= len(title) <= _TITLE_MAX))
        and _optional_str(claims.get("description"))
        and _optional_str(claims.get("sub"))
        and type(skills) is list
        and all(map(_plain_skill, skills))
        and _plain_assessment(claims.get("assessment"))
        and _plain_learning(claims.get("learning"))
    )


_PLAIN: dict[str, Callable[[dict[str, Any]], bool]] = {KUNDE_SKILLS_VCT: _plain_skills_claims}


def known(vct: str) -> bool:
    return vct in _MODELS


def schema_problems(vct: str, claims: dict[str, Any]) -> list[str]:
    """Violations of the type's schema as ``path: message`` lines (empty when valid)."""
    plain = _PLAIN.get(vct)
    if plain is not None and plain(claims):
        return []
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
