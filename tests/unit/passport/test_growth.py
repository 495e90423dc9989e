"""The growth timeline: events replayed from a version history, grouped per month or year."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kunde.passport.growth import MONTHS_SHOWN, Event, Growth, Version, events, timeline
from kunde.passport.model import (
    Achievement,
    AchievementKind,
    AchievementType,
    Assessment,
    AssessmentSource,
    AssessorRole,
    ItemKind,
    Method,
    SkillClaim,
)

FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def skill(day: str, item_id: str = "s1", change: str = "created") -> Version:
    return Version(at(day), item_id, ItemKind.SKILL, change, SkillClaim(concept_uri=FORKLIFT))


def check(day: str, role: AssessorRole, item_id: str = "a1", claim: str = "s1") -> Version:
    body = Assessment(
        claim_id=claim,
        assessor_role=role,
        assessor_name="Kees",
        method=Method.OBSERVATION if role is AssessorRole.COLLEAGUE else Method.EXAM,
        assessed_on=date.fromisoformat(day),
        source=AssessmentSource.ENDORSEMENT,
    )
    return Version(at(day), item_id, ItemKind.ASSESSMENT, "created", body)


def course(day: str, item_id: str = "c1") -> Version:
    body = Achievement(
        kind=AchievementKind.NON_FORMAL, type=AchievementType.COURSE, title="Heftruck"
    )
    return Version(at(day), item_id, ItemKind.ACHIEVEMENT, "created", body)


def test_skills_levels_and_courses_are_counted_when_they_happen() -> None:
    history = [
        skill("2025-01-10"),
        check("2025-02-03", AssessorRole.COLLEAGUE),  # level 1 -> 2
        check("2025-02-20", AssessorRole.COLLEAGUE, item_id="a2"),  # still 2: no growth
        check("2025-04-01", AssessorRole.CERTIFICATION_BODY, item_id="a3"),  # 2 -> 3
        course("2025-04-02"),
        Version(at("2025-05-01"), "c1", ItemKind.ACHIEVEMENT, "updated", course("2025-04-02").body),
    ]
    assert events(history) == [
        Event(date(2025, 1, 10), Growth.SKILL_ADDED, "s1"),
        Event(date(2025, 2, 3), Growth.LEVEL_RAISED, "s1"),
        Event(date(2025, 4, 1), Growth.LEVEL_RAISED, "s1"),
        Event(date(2025, 4, 2), Growth.ACHIEVEMENT_ADDED, "c1"),
    ]


def test_a_level_that_falls_and_rises_again_counts_again() -> None:
    history = [
        skill("2025-01-10"),
        check("2025-02-03", AssessorRole.COLLEAGUE),
        Version(at("2025-03-01"), "a1", ItemKind.ASSESSMENT, "deleted", None),
        check("2025-03-05", AssessorRole.EMPLOYER, item_id="a2"),
    ]
    raised = [e.on for e in events(history) if e.growth is Growth.LEVEL_RAISED]
    assert raised == [date(2025, 2, 3), date(2025, 3, 5)]


def test_a_removed_skill_stops_counting_and_a_self_check_raises_nothing() -> None:
    history = [
        skill("2025-01-10"),
        check("2025-01-11", AssessorRole.SELF),
        Version(at("2025-01-12"), "s1", ItemKind.SKILL, "deleted", None),
        check("2025-01-13", AssessorRole.COLLEAGUE, item_id="a2"),
    ]
    assert [e.growth for e in events(history)] == [Growth.SKILL_ADDED]


def test_timeline_per_month_with_empty_months_in_between() -> None:
    found = [
        Event(date(2025, 11, 30), Growth.SKILL_ADDED, "s1"),
        Event(date(2026, 2, 1), Growth.SKILL_ADDED, "s2"),
        Event(date(2026, 2, 9), Growth.LEVEL_RAISED, "s1"),
    ]
    periods = timeline(found)
    assert [p.start for p in periods] == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert {p.by for p in periods} == {"month"}
    assert [p.total for p in periods] == [1, 0, 0, 2]
    assert periods[3].counts == {
        Growth.SKILL_ADDED: 1,
        Growth.LEVEL_RAISED: 1,
        Growth.ACHIEVEMENT_ADDED: 0,
    }


def test_timeline_per_year_when_the_history_is_long() -> None:
    found = [
        Event(date(2021, 5, 1), Growth.ACHIEVEMENT_ADDED, "c1"),
        Event(date(2021 + MONTHS_SHOWN // 12, 6, 1), Growth.SKILL_ADDED, "s1"),
    ]
    periods = timeline(found)
    assert [(p.start.year, p.by, p.total) for p in periods] == [
        (2021, "year", 1),
        (2022, "year", 0),
        (2023, "year", 1),
    ]
    assert timeline([]) == []
