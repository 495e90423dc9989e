"""The timeline of growth: how the holder's passport grew per month or year (skills added,
levels raised, diplomas and courses added), as a bar chart drawn on the server (SVG, no
JavaScript) with the same numbers in a table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kunde.passport import service
from kunde.passport.growth import Growth, Period, timeline
from kunde.web.deps import CurrentAccount, KeysDep, UowDep
from kunde.web.i18n import negotiate
from kunde.web.pages._forms import page

router = APIRouter()

# Chart geometry in SVG user units; the chart scales to the width of the page.
WIDTH, HEIGHT = 640, 240
LEFT, BOTTOM, TOP = 36, 44, 12
MOST_LABELS = 8  # at most this many period labels under the bars, evenly spread
WIDEST_BAR = 72  # a short history still looks like bars, not a wall
SERIES = (Growth.SKILL_ADDED, Growth.LEVEL_RAISED, Growth.ACHIEVEMENT_ADDED)


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    parts: list[dict[str, Any]]  # {"growth", "y", "height", "count"}, bottom up
    show_label: bool


def period_label(period: Period, language: str) -> str:
    if period.by == "year":
        return str(period.start.year)
    return format_date(period.start, "MMM y", locale=language)


def chart(periods: list[Period], language: str) -> dict[str, Any]:
    """Bars, stacked bottom up in :data:`SERIES` order, and the scale's gridlines."""
    plot_width, plot_height = WIDTH - LEFT, HEIGHT - BOTTOM - TOP
    most = max((p.total for p in periods), default=0) or 1
    slot = plot_width / max(len(periods), 1)
    width = min(slot * 0.7, WIDEST_BAR)
    every = -(-len(periods) // MOST_LABELS)  # ceiling division
    bars = []
    for index, period in enumerate(periods):
        base = float(HEIGHT - BOTTOM)
        parts = []
        for growth in SERIES:
            count = period.counts.get(growth, 0)
            height = round(count / most * plot_height, 1)
            if count:
                base -= height
                parts.append({"growth": growth.value, "y": round(base, 1), "height": height})
        bars.append(
            Bar(
                period_label(period, language),
                round(LEFT + index * slot + (slot - width) / 2, 1),
                round(width, 1),
                parts,
                index % every == 0 or index == len(periods) - 1,
            )
        )
    ticks = sorted({0, most // 2, most}) if most > 1 else [0, 1]
    grid = [{"value": t, "y": round(HEIGHT - BOTTOM - t / most * plot_height, 1)} for t in ticks]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "bars": bars, "grid": grid}


@router.get("/passport/growth", response_class=HTMLResponse)
def growth_page(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep
) -> HTMLResponse:
    language = negotiate(request)
    found = service.growth_events(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    periods = timeline(found)
    rows = [
        {"label": period_label(p, language), **{g.value: p.counts[g] for g in SERIES}}
        for p in periods
    ]
    totals = {g.value: sum(p.counts[g] for p in periods) for g in SERIES}
    return page(
        request,
        "growth.html",
        {
            "periods": periods,
            "rows": rows,
            "totals": totals,
            "chart": chart(periods, language),
            "by": periods[0].by if periods else "month",
        },
    )


__all__ = ["chart", "period_label", "router"]
