# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""The skills-credential schema check agrees with its model on odd values, field by field."""

import copy

import pytest
from pydantic import ValidationError

from kunde.credentials.vct_schemas import (
    KUNDE_SKILLS_VCT,
    KundeSkillsClaims,
    schema_problems,
)

FULL = {
    "iss": "did:web:school.test",
    "vct": KUNDE_SKILLS_VCT,
    "iat": 1767225600,
    "kind": "skills-certificate",
    "title": "Forklift operation",
    "description": "Safe operation of forklifts",
    "sub": "did:example:holder",
    "given_name": "Sanne",
    "skills": [{"uri": "http://data.europa.eu/esco/skill/a", "label": "drive", "level": "B"}],
    "assessment": {
        "assessor": "Acme",
        "method": "observation",
        "standard": "Acme 2024",
        "purpose": "employment",
        "date": "2024-02-29",
    },
    "learning": {"eqf_level": 4, "credits": 2.5, "awarding_body": "Acme"},
}
MISSING = object()
ODD_VALUES = [
    MISSING, None, "", " ", "x", 0, 1, -1, 8, 9, 1.5, -0.5, float("nan"), float("inf"), True,
    False, 2**53, 2**60, 10**400, [], {}, ["x"], {"a": 1}, "2024-02-29", "2023-02-29",
    "0001-01-01", "9999-12-31", "2024-1-01", "2024-01-01T00:00:00", "20240229", "2024-W09-4", "\u0662\u0660\u0662\u0664-01-01",
    "mailto:x", "1http:x", "http:", "h:", "a" * 500, "a" * 501, "skills-proof", "poem",
    KUNDE_SKILLS_VCT,
]  # fmt: skip
PATHS = [
    *[(key,) for key in FULL],
    *[("assessment", key) for key in FULL["assessment"]],
    *[("learning", key) for key in FULL["learning"]],
    *[("skills", 0, key) for key in FULL["skills"][0]],
    ("skills", 0),
]


def _variant(path, value):
    claims = copy.deepcopy(FULL)
    target = claims
    for step in path[:-1]:
        target = target[step]
    if value is MISSING:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return claims


def _model_accepts(claims):
    try:
        KundeSkillsClaims.model_validate(claims)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("path", PATHS, ids=lambda path: ".".join(map(str, path)))
def test_schema_problems_are_empty_exactly_when_the_model_accepts(path):
    accepted = 0
    for value in ODD_VALUES:
        claims = _variant(path, value)
        valid = _model_accepts(claims)
        accepted += valid
        assert (schema_problems(KUNDE_SKILLS_VCT, claims) == []) == valid, (path, value)
    assert 0 < accepted < len(ODD_VALUES) or path[-1] in {"given_name", "iat"}


def test_full_and_minimal_claims_are_valid():
    assert schema_problems(KUNDE_SKILLS_VCT, FULL) == []
    assert (
        schema_problems(KUNDE_SKILLS_VCT, {"iss": "https://issuer.test", "vct": KUNDE_SKILLS_VCT})
        == []
    )


def test_rejected_claims_get_the_models_messages():
    problems = schema_problems(KUNDE_SKILLS_VCT, _variant(("assessment", "method"), MISSING))
    assert problems == ["assessment/method: Field required"]
