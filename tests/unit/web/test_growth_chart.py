"""The growth chart's geometry: stacked bars in proportion, labels thinned, both languages."""

from __future__ import annotations

from datetime import date

from kunde.passport.growth import Growth, Period
from kunde.web.pages.passport_growth import (
    BOTTOM,
    HEIGHT,
    LEFT,
    MOST_LABELS,
    TOP,
    WIDEST_BAR,
    WIDTH,
    chart,
    period_label,
)


def month(year: int, number: int, skills: int = 0, levels: int = 0, courses: int = 0) -> Period:
    counts = {
        Growth.SKILL_ADDED: skills,
        Growth.LEVEL_RAISED: levels,
        Growth.ACHIEVEMENT_ADDED: courses,
    }
    return Period(date(year, number, 1), "month", counts)


def test_bars_stack_in_proportion_to_the_busiest_period() -> None:
    drawn = chart([month(2026, 1, skills=2, levels=1, courses=1), month(2026, 2, skills=1)], "en")
    first, second = drawn["bars"]
    plot = HEIGHT - BOTTOM - TOP
    assert [p["growth"] for p in first.parts] == [
        "skill_added",
        "level_raised",
        "achievement_added",
    ]
    assert [p["height"] for p in first.parts] == [plot / 2, plot / 4, plot / 4]
    assert first.parts[0]["y"] + first.parts[0]["height"] == HEIGHT - BOTTOM  # on the axis
    assert first.parts[1]["y"] + first.parts[1]["height"] == first.parts[0]["y"]  # stacked
    assert [p["height"] for p in second.parts] == [plot / 4]
    assert second.x > first.x + first.width
    assert first.width <= WIDEST_BAR
    assert [g["value"] for g in drawn["grid"]] == [0, 2, 4]


def test_one_period_is_a_bar_of_normal_width_in_the_middle() -> None:
    (bar,) = chart([month(2026, 1, skills=1)], "en")["bars"]
    assert bar.width == WIDEST_BAR
    assert abs((bar.x + bar.width / 2) - (LEFT + (WIDTH - LEFT) / 2)) < 1


def test_an_empty_month_has_no_bar_and_labels_are_thinned() -> None:
    periods = [month(2024 + (n // 12), n % 12 + 1) for n in range(20)]
    periods[3] = month(2024, 4, skills=1)
    drawn = chart(periods, "en")
    assert [len(b.parts) for b in drawn["bars"]][:5] == [0, 0, 0, 1, 0]
    shown = [b.label for b in drawn["bars"] if b.show_label]
    assert len(shown) <= MOST_LABELS + 1
    assert shown[0] == "Jan 2024"
    assert shown[-1] == "Aug 2025"  # the last period is always named


def test_period_names_in_both_languages() -> None:
    assert period_label(month(2026, 3), "nl") == "mrt 2026"
    assert period_label(month(2026, 3), "en") == "Mar 2026"
    assert period_label(Period(date(2026, 1, 1), "year", {}), "nl") == "2026"
