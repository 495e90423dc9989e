"""Plain types of matching: job profiles, what a candidate holds, scored matches and gaps.

Scoring rules live in :mod:`kunde.matching.engine`; this module holds the vocabulary and the
small rules that need nothing else (how much an assurance level and recency count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class Level(IntEnum):
    """SkillsAPK assurance levels, as :mod:`kunde.passport.assurance` derives them."""

    DECLARATION = 1
    CERTIFICATE = 2
    PROOF = 3


class Importance(StrEnum):
    ESSENTIAL = "essential"
    OPTIONAL = "optional"


class How(StrEnum):
    """How a required skill was met, strongest first."""

    EXACT = "exact"  # the holder has the very concept
    NARROWER = "narrower"  # the holder has a more specific skill
    BROADER = "broader"  # the holder has a more general skill
    RELATED = "related"  # ESCO skill-skill relation
    SAME_GROUP = "same_group"  # both skills sit in the same skill group
    CO_OCCURS = "co_occurs"  # both skills are asked together by many occupations


class GapKind(StrEnum):
    MISSING = "missing"  # nothing held that counts
    PARTIAL = "partial"  # only a related skill is held
    UNPROVEN = "unproven"  # held, but below the minimum assurance level


class ProfileSource(StrEnum):
    OCCUPATION = "occupation"
    TEXT = "text"
    MANUAL = "manual"


# How much a held skill counts at each assurance level (a proof counts fully).
LEVEL_FACTOR = {Level.DECLARATION: 0.6, Level.CERTIFICATE: 0.85, Level.PROOF: 1.0}
# A required skill that is optional counts this much of an essential one.
OPTIONAL_SHARE = 0.4
# Held below the required minimum level: the skill counts this much of its credit.
UNPROVEN_SHARE = 0.5
# Skill last used this many years ago or more recently counts fully; older fades.
RECENT_YEARS = 3
FADE_PER_YEAR = 0.1
OLDEST_FACTOR = 0.5
UNKNOWN_RECENCY = 0.9


def recency_factor(last_used: date | None, today: date) -> float:
    """1 for recent use, fading 10% a year after three years, never below 0.5."""
    if last_used is None:
        return UNKNOWN_RECENCY
    years = max(0.0, (today - last_used).days / 365.25)
    return max(OLDEST_FACTOR, 1.0 - FADE_PER_YEAR * max(0.0, years - RECENT_YEARS))


def held_weight(level: Level, last_used: date | None, today: date) -> float:
    """How much one held skill counts: assurance level times recency (0..1)."""
    return LEVEL_FACTOR[level] * recency_factor(last_used, today)


@dataclass(frozen=True)
class Requirement:
    """One skill of a job profile."""

    uri: str
    importance: Importance = Importance.ESSENTIAL
    weight: float = 1.0
    min_level: Level = Level.DECLARATION

    @property
    def importance_weight(self) -> float:
        share = 1.0 if self.importance is Importance.ESSENTIAL else OPTIONAL_SHARE
        return self.weight * share


@dataclass(frozen=True)
class JobProfile:
    """A vacancy or occupation in skills terms."""

    title: str
    requirements: tuple[Requirement, ...]
    source: ProfileSource = ProfileSource.MANUAL
    occupation_uri: str | None = None


@dataclass(frozen=True)
class HeldSkill:
    uri: str
    level: Level = Level.DECLARATION
    last_used: date | None = None


@dataclass(frozen=True)
class Candidate:
    """What one holder brings: skill URIs with level and last use (nothing else)."""

    holder_id: str
    skills: tuple[HeldSkill, ...]


@dataclass(frozen=True)
class SkillResult:
    """Why one required skill scored what it did."""

    requirement: Requirement
    credit: float  # 0..1 before importance
    contribution: float  # share of the total score this skill gave
    how: How | None
    via: str | None  # the held skill's URI that counted
    gap: GapKind | None


@dataclass(frozen=True)
class Match:
    holder_id: str
    score: float  # 0..1
    skills: tuple[SkillResult, ...] = field(default=())

    @property
    def gaps(self) -> tuple[SkillResult, ...]:
        return tuple(s for s in self.skills if s.gap is not None)


__all__ = [
    "LEVEL_FACTOR",
    "Candidate",
    "GapKind",
    "HeldSkill",
    "How",
    "Importance",
    "JobProfile",
    "Level",
    "Match",
    "ProfileSource",
    "Requirement",
    "SkillResult",
    "held_weight",
    "recency_factor",
]
