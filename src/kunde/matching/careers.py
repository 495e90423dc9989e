"""Career moves across sectors (R3e): occupations in other sectors that fit someone's skills.

"Another sector" is another ISCO-08 major group (the first digit of an ESCO occupation's
code): a shop assistant (5) looking at warehouse and logistics work (4, 8, 9). Starting from
an occupation, its essential and optional skills count as held at certificate level (work
experience someone could show); starting from a passport, its own claims count.

Every ESCO occupation of another major group is scored with the same engine as vacancies
(:func:`kunde.matching.engine.explain`) and ranked by coverage (the score), then by the
number of essential gaps, fewest first; each comes with its learning route.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kunde.matching import profiles
from kunde.matching.engine import explain
from kunde.matching.graph import SkillGraph
from kunde.matching.learning import LearningOffer, Route, route
from kunde.matching.model import LEVEL_FACTOR, Importance, Level, Match

MIN_REQUIREMENTS = 5  # occupations with fewer skills say too little to rank them


@dataclass(frozen=True)
class CareerMove:
    occupation_uri: str
    major_group: str
    match: Match
    essential_gaps: int
    route: Route


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
    offers: Sequence[LearningOffer] = (),
    limit: int = 10,
) -> list[CareerMove]:
    """Occupations outside ``exclude_groups`` ranked for ``held``, each with its route."""
    scored: list[tuple[float, int, str, str, Match]] = []
    for uri, code in codes.items():
        group = major_group(code)
        pairs = graph.occupation_skills.get(uri, ())
        if group is None or group in exclude_groups or len(pairs) < MIN_REQUIREMENTS:
            continue
        profile = profiles.from_occupation(graph, uri, uri)
        match = explain(profile, "", held, graph)
        if match.score <= 0:
            continue
        gaps = sum(
            1
            for s in match.gaps
            if s.requirement.importance is Importance.ESSENTIAL and s.gap is not None
        )
        scored.append((match.score, gaps, uri, group, match))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    moves = []
    for value, gaps, uri, group, match in scored[:limit]:
        del value
        essential = [s for s in match.gaps if s.requirement.importance is Importance.ESSENTIAL]
        moves.append(CareerMove(uri, group, match, gaps, route(essential, offers)))
    return moves


__all__ = ["CareerMove", "career_moves", "major_group", "occupation_as_held"]
