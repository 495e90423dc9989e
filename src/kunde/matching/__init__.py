"""Matching on skills: skills from text, job profiles, the scoring engine with reasons and
gaps, learning routes and career moves across sectors.

Entry points: :class:`kunde.matching.service.MatchingService` (graph and extractor per
taxonomy revision) and the use cases in :mod:`kunde.matching.service`; candidates come only
from the holders' grants (:func:`kunde.matching.pool.eligible_grants`), with only the granted
skills, and every match shown to someone else goes to an
:class:`kunde.matching.pool.AccessRecorder` (the holder's access log).
"""

from kunde.matching.engine import MatchIndex, explain, score
from kunde.matching.extract import ExtractedSkill, SkillExtractor, Span
from kunde.matching.graph import Link, SkillGraph
from kunde.matching.model import (
    Candidate,
    GapKind,
    HeldSkill,
    How,
    Importance,
    JobProfile,
    Level,
    Match,
    ProfileSource,
    Requirement,
    SkillResult,
)
from kunde.matching.pool import (
    AccessEvent,
    AccessRecorder,
    Scope,
    eligible_grants,
    eligible_holders,
)

__all__ = [
    "AccessEvent",
    "AccessRecorder",
    "Candidate",
    "ExtractedSkill",
    "GapKind",
    "HeldSkill",
    "How",
    "Importance",
    "JobProfile",
    "Level",
    "Link",
    "Match",
    "MatchIndex",
    "ProfileSource",
    "Requirement",
    "Scope",
    "SkillExtractor",
    "SkillGraph",
    "SkillResult",
    "Span",
    "eligible_grants",
    "eligible_holders",
    "explain",
    "score",
]
