# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Open Badges 3.0 AchievementCredentials for Kunde skills, and OB 3.0 schema validation.

Mapping (see docs/credentials.md): each skill becomes an ``Alignment`` of the achievement
(ESCO URI as ``targetUrl``) and, with its level, a ``Result`` of the subject; the
assessment becomes an ``Evidence`` (assessor, method as ``genre``, standard, purpose as
``audience``, date); European Learning Model fields use OB terms: EQF level as an
alignment to the EQF level URI, credits as ``creditsAvailable``/``creditsEarned``, the
awarding body as the achievement's ``creator``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema  # type: ignore[import-untyped]  # jsonschema ships no type hints

from kunde.credentials.jsonld import OB_V3, VC_V2

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.credentials.model import SkillsCredential

OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
EQF_LEVEL = "http://data.europa.eu/snb/eqf/"
SCHEMA_FILE = "ob_v3p0_achievementcredential_schema.json"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _alignment(url: str, name: str, framework: str, code: str | None = None) -> dict[str, Any]:
    out = {
        "type": ["Alignment"],
        "targetType": "ceasn:Competency",
        "targetUrl": url,
        "targetName": name,
        "targetFramework": framework,
    }
    if code:
        out["targetCode"] = code
    return out


def _achievement(credential: SkillsCredential, achievement_id: str) -> dict[str, Any]:
    skills = credential.skills
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": credential.kind.achievement_type,
        "name": credential.title,
        "description": credential.description or credential.title,
        "criteria": {"narrative": _criteria(credential)},
        "alignment": [_alignment(s.uri, s.label, "ESCO") for s in skills],
        "resultDescription": [
            {
                "id": f"{achievement_id}#skill-{i}",
                "type": ["ResultDescription"],
                "name": s.label,
                "resultType": "ext:SkillLevel",
                "alignment": [_alignment(s.uri, s.label, "ESCO")],
            }
            for i, s in enumerate(skills)
            if s.level
        ],
        "tag": [f"kunde:{credential.kind.value}"],
    }
    learning = credential.learning
    if learning and learning.eqf_level is not None:
        level = str(learning.eqf_level)
        achievement["alignment"].append(
            {
                **_alignment(EQF_LEVEL + level, f"EQF level {level}", "EQF", level),
                "targetType": "ext:EQFLevel",
            }
        )
    if learning and learning.credits is not None:
        achievement["creditsAvailable"] = learning.credits
    if learning and learning.awarding_body:
        achievement["creator"] = {
            "id": learning.awarding_body,
            "type": ["Profile"],
            "name": learning.awarding_body,
        }
    if not achievement["resultDescription"]:
        del achievement["resultDescription"]
    return achievement


def _criteria(credential: SkillsCredential) -> str:
    a = credential.assessment
    parts = [f"Assessed by {a.assessor} ({a.method})"]
    if a.standard:
        parts.append(f"against {a.standard}")
    if a.purpose:
        parts.append(f"for {a.purpose}")
    if a.date:
        parts.append(f"on {a.date.isoformat()}")
    return " ".join(parts) + "."


def _evidence(credential: SkillsCredential) -> dict[str, Any]:
    a = credential.assessment
    evidence: dict[str, Any] = {
        "type": ["Evidence"],
        "name": a.assessor,
        "genre": a.method,
        "narrative": _criteria(credential),
    }
    if a.standard:
        evidence["description"] = a.standard
    if a.purpose:
        evidence["audience"] = a.purpose
    return evidence


def build_achievement_credential(
    credential: SkillsCredential,
    *,
    credential_id: str,
    issuer: str,
    issuer_name: str,
    valid_from: datetime,
    valid_until: datetime | None = None,
    credential_status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An unsigned OB 3.0 AchievementCredential for a Kunde skills credential."""
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "achievement": _achievement(credential, f"{credential_id}#achievement"),
    }
    if credential.subject_id:
        subject["id"] = credential.subject_id
    results = [
        {
            "type": ["Result"],
            "resultDescription": f"{credential_id}#achievement#skill-{i}",
            "value": s.level,
            "alignment": [_alignment(s.uri, s.label, "ESCO")],
        }
        for i, s in enumerate(credential.skills)
        if s.level
    ]
    if results:
        subject["result"] = results
    if credential.learning and credential.learning.credits is not None:
        subject["creditsEarned"] = credential.learning.credits
    if credential.assessment.date:
        subject["activityEndDate"] = credential.assessment.date.isoformat() + "T00:00:00Z"
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_V3],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.title,
        "issuer": {"id": issuer, "type": ["Profile"], "name": issuer_name},
        "validFrom": _stamp(valid_from),
        "credentialSubject": subject,
        "evidence": [_evidence(credential)],
    }
    if credential.description:
        document["description"] = credential.description
    if valid_until is not None:
        document["validUntil"] = _stamp(valid_until)
    if credential_status is not None:
        document["credentialStatus"] = credential_status
    return document


def is_open_badge(document: dict[str, Any]) -> bool:
    """True when the document claims to be an OB 3.0 credential."""
    types = document.get("type", [])
    return bool(OB_TYPES & set(types if isinstance(types, list) else [types]))


@cache
def _validator() -> Any:
    folder = resources.files("kunde.credentials") / "schemas"
    schema = json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_problems(document: dict[str, Any]) -> list[str]:
    """OB 3.0 AchievementCredential JSON Schema violations, as ``path: message`` lines."""
    if isinstance(document.get("proof"), dict):
        # The bundled schema copy only allows a proof array, while VCDM 2.0 and OB 3.0
        # examples use a single proof object; both mean the same proof set.
        document = {**document, "proof": [document["proof"]]}
    problems = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(e.path)):
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        problems.append(f"{path}: {error.message[:200]}")
    return problems


__all__ = ["OB_TYPES", "build_achievement_credential", "is_open_badge", "schema_problems"]
