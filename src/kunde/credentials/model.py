# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""What a Kunde skills credential says, independent of its format.

A credential states skills (ESCO URI, label, level) and the assessment behind them
(who assessed, how, against which standard, for which purpose, when). Diplomas and
certificates may add European Learning Model fields (EQF level, credits, awarding body).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from kunde.credentials.errors import MalformedCredentialError


class CredentialKind(StrEnum):
    """The kinds of skills credential Kunde issues, with their Open Badges achievementType."""

    SKILLS_CERTIFICATE = "skills-certificate"  # an employer confirms observed skills
    SKILLS_PROOF = "skills-proof"  # an assessor's proof, e.g. an EVC experience certificate
    MICROCREDENTIAL = "microcredential"  # a school's short course
    DIPLOMA = "diploma"

    @property
    def achievement_type(self) -> str:
        return {
            CredentialKind.SKILLS_CERTIFICATE: "Certificate",
            CredentialKind.SKILLS_PROOF: "Certification",
            CredentialKind.MICROCREDENTIAL: "MicroCredential",
            CredentialKind.DIPLOMA: "Diploma",
        }[self]


@dataclass(frozen=True)
class Skill:
    """A skill from a skills language: ``uri`` is the ESCO (or other) concept URI."""

    uri: str
    label: str
    level: str | None = None


@dataclass(frozen=True)
class Assessment:
    """How the skills were established."""

    assessor: str
    method: str
    standard: str | None = None
    purpose: str | None = None
    date: date | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"assessor": self.assessor, "method": self.method}
        if self.standard:
            out["standard"] = self.standard
        if self.purpose:
            out["purpose"] = self.purpose
        if self.date:
            out["date"] = self.date.isoformat()
        return out


@dataclass(frozen=True)
class LearningOutcome:
    """European Learning Model fields a diploma or certificate may need."""

    eqf_level: int | None = None
    credits: float | None = None  # ECTS
    awarding_body: str | None = None


@dataclass(frozen=True)
class SkillsCredential:
    """The content of one skills credential; ``subject`` holds personal fields."""

    kind: CredentialKind
    title: str
    skills: tuple[Skill, ...]
    assessment: Assessment
    subject: dict[str, Any] = field(default_factory=dict)
    subject_id: str | None = None
    description: str = ""
    learning: LearningOutcome | None = None

    @classmethod
    def from_dict(cls, data: Any) -> SkillsCredential:
        """Read the claims file format (see docs/credentials.md); raise on bad input."""
        if not isinstance(data, dict):
            raise MalformedCredentialError("the claims file must hold a JSON object")
        try:
            skills = tuple(
                Skill(uri=str(s["uri"]), label=str(s["label"]), level=s.get("level"))
                for s in data["skills"]
            )
            a = data["assessment"]
            assessment = Assessment(
                assessor=str(a["assessor"]),
                method=str(a["method"]),
                standard=a.get("standard"),
                purpose=a.get("purpose"),
                date=date.fromisoformat(a["date"]) if a.get("date") else None,
            )
            learning = data.get("learning")
            return cls(
                kind=CredentialKind(data.get("kind", CredentialKind.SKILLS_CERTIFICATE)),
                title=str(data["title"]),
                description=str(data.get("description", "")),
                skills=skills,
                assessment=assessment,
                subject=dict(data.get("subject", {})),
                subject_id=data.get("subject_id"),
                learning=LearningOutcome(
                    eqf_level=learning.get("eqf_level"),
                    credits=learning.get("credits"),
                    awarding_body=learning.get("awarding_body"),
                )
                if isinstance(learning, dict)
                else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedCredentialError(
                f"the claims file is incomplete or wrong: {exc}"
            ) from exc


__all__ = ["Assessment", "CredentialKind", "LearningOutcome", "Skill", "SkillsCredential"]
