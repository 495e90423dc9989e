"""The holder's lifelong record: achievements, experiences, skill claims with assessments and
assurance levels, personal information, history, export, import and erasure.

Entry points for other packages (sharing, matching, credentials) are the service modules:
:mod:`kunde.passport.service` (``view``, ``add``, ``add_assessment``, ``history``, ...),
:mod:`kunde.passport.exchange` (``export``, ``import_``, ``erase``) and
:mod:`kunde.passport.endorsement`. Every read passes :func:`kunde.passport.access.require`.
"""

from kunde.passport._crypto import KeyRing
from kunde.passport._records import ConceptCheck, Item
from kunde.passport.assurance import Assurance, Framework, assurance, framework, frameworks
from kunde.passport.model import (
    Achievement,
    Assessment,
    AssessmentSource,
    AssessorRole,
    CareerWishes,
    Evidence,
    Experience,
    ItemKind,
    Method,
    PersonalInfo,
    Proficiency,
    Purpose,
    SkillClaim,
    StandardKind,
)
from kunde.passport.service import HistoryEntry, PassportView, SkillView, StoredFile

__all__ = [
    "Achievement",
    "Assessment",
    "AssessmentSource",
    "AssessorRole",
    "Assurance",
    "CareerWishes",
    "ConceptCheck",
    "Evidence",
    "Experience",
    "Framework",
    "HistoryEntry",
    "Item",
    "ItemKind",
    "KeyRing",
    "Method",
    "PassportView",
    "PersonalInfo",
    "Proficiency",
    "Purpose",
    "SkillClaim",
    "SkillView",
    "StandardKind",
    "StoredFile",
    "assurance",
    "framework",
    "frameworks",
]
