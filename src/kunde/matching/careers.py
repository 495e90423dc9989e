"""Career moves across sectors (R3e): occupations in other sectors that fit someone's skills.

"Another sector" is another ISCO-08 major group (the first digit of an ESCO occupation's
code): a shop assistant (5) looking at warehouse and logistics work (4, 8, 9). Starting from
an occupation, its essential and optional skills count as held at certificate level (work
experience someone could show); starting from a passport, its own claims count.

A move is a step someone can take with a short course, so two rules shape the list:

* **No step up in ISCO skill level.** ISCO-08 gives each major group the level of education
  and experience its work asks (managers 3-4, professionals 4, technicians 3, groups 4-8
  level 2, elementary occupations 1). A shop assistant (level 2) becoming a shop *manager*
  is a promotion within retail that no short course closes, not a move to another sector;
  starting from an occupation, targets above its level are left out.
* **Ranked by reach, not by coverage alone.** Coverage counts what someone already has; it
  favours occupations that share the start's customer-facing skills (a hotel butler for a
  shop assistant) over ones whose gap a short course closes (order picker: the order-picking
  course teaches most of it). *Reach* is the score after the short part of the route: the
  route's courses, in the order the route takes them, while their hours stay within
  :data:`SHORT_ROUTE_HOURS`, count as skills held at certificate level. Ties go to fewer
  route hours, then fewer essential gaps.

Every other occupation is scored with the same engine as vacancies
(:func:`kunde.matching.engine.explain`); each comes with its learning route.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kunde.matching import profiles
from kunde.matching.engine import explain
from kunde.matching.graph import SkillGraph
from kunde.matching.learning import LearningOffer, Route, route
from kunde.matching.model import LEVEL_FACTOR, Importance, JobProfile, Level, Match

MIN_REQUIREMENTS = 5  # occupations with fewer skills say too little to rank them
SHORT_ROUTE_HOURS = 80.0  # two working weeks: what "a short course" can mean
# ISCO-08 skill level of each major group (managers span 3-4: the lower bound counts).
SKILL_LEVEL = {"1": 3, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1}


@dataclass(frozen=True)
class CareerMove:
    occupation_uri: str
    major_group: str
    match: Match
    essential_gaps: int
    route: Route
    reach: float = 0.0  # the score after the short part of the route


def skill_level(code: str | None) -> int | None:
    """ISCO-08 skill level (1-4) of an occupation code, None for unknown or armed forces."""
    group = major_group(code)
    return None if group is None else SKILL_LEVEL.get(group)


def _reach(
    graph: SkillGraph, profile: JobProfile, held: Mapping[str, tuple[float, Level]], found: Route
) -> float:
    """The score once the courses of ``found`` that fit in a short route are done."""
    after = dict(held)
    hours = 0.0
    for step in found.steps:
        hours += step.offer.hours
        if hours > SHORT_ROUTE_HOURS:
            break
        for skill in step.covers:
            after[skill] = (LEVEL_FACTOR[Level.CERTIFICATE], Level.CERTIFICATE)
    if len(after) == len(held):
        return explain(profile, "", held, graph).score
    return explain(profile, "", after, graph).score


def major_group(code: str | None) -> str | None:
    return code[0] if code and code[0].isdigit() else None


def occupation_as_held(graph: SkillGraph, uri: str) -> dict[str, tuple[float, Level]]:
    """An occupation's skills as if held by someone who did that work."""
    return {
        skill: (LEVEL_FACTOR[Level.CERTIFICATE], Level.CERTIFICATE)
        for skill, _essential in graph.occupation_skills.get(uri, ())
    }


def career_moves(
    graph: SkillGraph,
    codes: Mapping[str, str],
    held: Mapping[str, tuple[float, Level]],
    *,
    exclude_groups: set[str],
    max_skill_level: int | None = None,
    offers: Sequence[LearningOffer] = (),
    limit: int = 10,
) -> list[CareerMove]:
    """Occupations outside ``exclude_groups`` and at most ``max_skill_level`` (None: any),
    ranked for ``held`` by reach, each with its route."""
    scored: list[CareerMove] = []
    for uri, code in codes.items():
        group = major_group(code)
        pairs = graph.occupation_skills.get(uri, ())
        if group is None or group in exclude_groups or len(pairs) < MIN_REQUIREMENTS:
            continue
        level = skill_level(code)
        if max_skill_level is not None and (level is None or level > max_skill_level):
            continue
        profile = profiles.from_occupation(graph, uri, uri)
        match = explain(profile, "", held, graph)
        if match.score <= 0:
            continue
        essential = [s for s in match.gaps if s.requirement.importance is Importance.ESSENTIAL]
        found = route(essential, offers)
        reach = _reach(graph, profile, held, found) if found.steps else match.score
        scored.append(CareerMove(uri, group, match, len(essential), found, round(reach, 6)))
    scored.sort(key=lambda m: (-m.reach, m.route.hours, m.essential_gaps, m.occupation_uri))
    return scored[:limit]


__all__ = [
    "SHORT_ROUTE_HOURS",
    "CareerMove",
    "career_moves",
    "major_group",
    "occupation_as_held",
    "skill_level",
]
