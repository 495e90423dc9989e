"""How a passport grew over time, replayed from its version history.

Three kinds of growth count, on the day the change was made in the passport:

* a skill added (a skill claim created);
* a level raised: after a change, a skill's assurance level (see :mod:`assurance`) is higher
  than it was before, for example when a colleague confirmed it or a credential proved it;
* a diploma or course added (an achievement created).

:func:`timeline` groups them per month, or per year when the history spans more than two
years, with the empty periods in between, so a chart shows time evenly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from kunde.passport.assurance import DEFAULT_FRAMEWORK, assurance, frameworks
from kunde.passport.model import Assessment, Body, ItemKind, SkillClaim

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

MONTHS_SHOWN = 24  # longer histories are shown per year


class Growth(StrEnum):
    SKILL_ADDED = "skill_added"
    LEVEL_RAISED = "level_raised"
    ACHIEVEMENT_ADDED = "achievement_added"


@dataclass(frozen=True)
class Version:
    """One change from the version history, its body opened (``None`` when deleted)."""

    changed_at: datetime
    item_id: str
    kind: ItemKind
    change: str  # created | updated | deleted
    body: Body | None


@dataclass(frozen=True)
class Event:
    on: date
    growth: Growth
    item_id: str  # the skill claim or achievement that grew


@dataclass(frozen=True)
class Period:
    start: date  # first day of the month or year
    by: str  # "month" or "year"
    counts: dict[Growth, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _level(claim: SkillClaim, assessments: dict[str, Assessment], claim_id: str, on: date) -> int:
    rules = frameworks().get(claim.framework or DEFAULT_FRAMEWORK, frameworks()[DEFAULT_FRAMEWORK])
    pairs = [(i, a) for i, a in assessments.items() if a.claim_id == claim_id]
    return assurance(pairs, today=on, rules=rules).level


class _Replay:
    """The state needed to tell growth: live claims, live assessments, last known levels."""

    def __init__(self) -> None:
        self.claims: dict[str, SkillClaim] = {}
        self.assessments: dict[str, Assessment] = {}
        self.levels: dict[str, int] = {}
        self.found: list[Event] = []

    def _skill(self, version: Version, on: date) -> set[str]:
        if not isinstance(version.body, SkillClaim):
            self.claims.pop(version.item_id, None)
            self.levels.pop(version.item_id, None)
            return set()
        if version.change == "created":
            self.found.append(Event(on, Growth.SKILL_ADDED, version.item_id))
        self.claims[version.item_id] = version.body
        return {version.item_id}

    def _assessment(self, version: Version) -> set[str]:
        touched = set()
        before = self.assessments.pop(version.item_id, None)
        if before is not None:
            touched.add(before.claim_id)
        if isinstance(version.body, Assessment):
            self.assessments[version.item_id] = version.body
            touched.add(version.body.claim_id)
        return touched

    def apply(self, version: Version) -> None:
        on = version.changed_at.date()
        touched: set[str] = set()
        if version.kind is ItemKind.SKILL:
            touched = self._skill(version, on)
        elif version.kind is ItemKind.ASSESSMENT:
            touched = self._assessment(version)
        elif version.kind is ItemKind.ACHIEVEMENT and version.change == "created":
            self.found.append(Event(on, Growth.ACHIEVEMENT_ADDED, version.item_id))
        for claim_id in sorted(touched & self.claims.keys()):
            level = _level(self.claims[claim_id], self.assessments, claim_id, on)
            if claim_id in self.levels and level > self.levels[claim_id]:
                self.found.append(Event(on, Growth.LEVEL_RAISED, claim_id))
            self.levels[claim_id] = level


def events(versions: Iterable[Version]) -> list[Event]:
    """The growth events of a history given oldest first."""
    replay = _Replay()
    for version in versions:
        replay.apply(version)
    return replay.found


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    year, month = divmod(day.year * 12 + day.month, 12)  # month: 0-11 of the next month
    return date(year, month + 1, 1)


def timeline(found: Sequence[Event]) -> list[Period]:
    """The events per month (per year beyond :data:`MONTHS_SHOWN` months), oldest first,
    every period from the first to the last event included."""
    if not found:
        return []
    first, last = min(e.on for e in found), max(e.on for e in found)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    by = "month" if months <= MONTHS_SHOWN else "year"
    key = _month if by == "month" else (lambda day: date(day.year, 1, 1))
    counted: dict[date, Counter[Growth]] = {}
    for event in found:
        counted.setdefault(key(event.on), Counter())[event.growth] += 1
    periods = []
    start, end = key(first), key(last)
    while start <= end:
        tally = counted.get(start, Counter())
        periods.append(Period(start, by, {g: tally[g] for g in Growth}))
        start = _next_month(start) if by == "month" else date(start.year + 1, 1, 1)
    return periods


__all__ = ["MONTHS_SHOWN", "Event", "Growth", "Period", "Version", "events", "timeline"]
