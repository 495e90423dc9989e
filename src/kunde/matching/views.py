"""JSON shapes of matching results, shared by the API and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kunde.matching.careers import CareerMove
from kunde.matching.extract import ExtractedSkill
from kunde.matching.learning import LearningOffer, Route
from kunde.matching.model import Match
from kunde.matching.profiles import profile_json
from kunde.matching.service import Vacancy
from kunde.matching.talent import Colleague, TeamTraining
from kunde.matching.training import TrainingPlan

Labeller = Callable[[str], str]


def skill(found: ExtractedSkill) -> dict[str, Any]:
    return {
        "uri": found.uri,
        "label": found.label,
        "language": found.language,
        "score": found.score,
        "matched": found.matched,
        "span": {"start": found.span.start, "end": found.span.end, "text": found.span.text},
    }


def match(result: Match, label: Labeller) -> dict[str, Any]:
    return {
        "holder_id": result.holder_id,
        "score": result.score,
        "skills": [
            {
                "uri": s.requirement.uri,
                "label": label(s.requirement.uri),
                "importance": s.requirement.importance.value,
                "min_level": int(s.requirement.min_level),
                "credit": s.credit,
                "contribution": s.contribution,
                "how": s.how.value if s.how else None,
                "via": s.via,
                "via_label": label(s.via) if s.via else None,
                "gap": s.gap.value if s.gap else None,
            }
            for s in result.skills
        ],
    }


def vacancy(found: Vacancy) -> dict[str, Any]:
    return {
        "id": found.id,
        "organisation_id": found.organisation_id,
        "created_at": found.created_at.isoformat(),
        **profile_json(found.profile),
    }


def offer(found: LearningOffer) -> dict[str, Any]:
    return found.model_dump(mode="json")


def route(found: Route, label: Labeller) -> dict[str, Any]:
    return {
        "hours": found.hours,
        "steps": [
            {"offer": offer(s.offer), "covers": [{"uri": u, "label": label(u)} for u in s.covers]}
            for s in found.steps
        ],
        "validations": [
            {
                "uri": v.skill,
                "label": label(v.skill),
                "offer": offer(v.offer) if v.offer else None,
            }
            for v in found.validations
        ],
        "uncovered": [{"uri": u, "label": label(u)} for u in found.uncovered],
    }


def career(move: CareerMove, label: Labeller) -> dict[str, Any]:
    return {
        "occupation_uri": move.occupation_uri,
        "label": label(move.occupation_uri),
        "isco_major_group": move.major_group,
        "coverage": move.match.score,
        "reach": move.reach,
        "essential_gaps": move.essential_gaps,
        "gaps": [
            {"uri": s.requirement.uri, "label": label(s.requirement.uri), "gap": s.gap.value}
            for s in move.match.gaps
            if s.gap is not None
        ],
        "route": route(move.route, label),
    }


def colleague(found: Colleague, label: Labeller) -> dict[str, Any]:
    return {
        "holder_id": found.holder_id,
        "name": found.name,
        "team": found.team,
        "grant_id": found.grant_id,
        **match(found.match, label),
        "route": route(found.route, label),
    }


def _plan(plan: TrainingPlan, label: Labeller) -> dict[str, Any]:
    return {
        "hours": plan.hours,
        "person_hours": plan.person_hours,
        "gap_weight": plan.weight,
        "closed_weight": plan.closed,
        "steps": [
            {
                "offer": offer(s.offer),
                "people": s.people,
                "weight": s.weight,
                "closes": [
                    {"uri": uri, "label": label(uri), "people": len(people)}
                    for uri, people in s.closes
                ],
            }
            for s in plan.steps
        ],
        "validations": [
            {
                "uri": v.uri,
                "label": label(v.uri),
                "people": len(v.people),
                "offer": offer(v.offer) if v.offer else None,
            }
            for v in plan.validations
        ],
        "uncovered": [
            {"uri": g.uri, "label": label(g.uri), "people": len(g.people)} for g in plan.uncovered
        ],
    }


def training(found: TeamTraining, label: Labeller) -> dict[str, Any]:
    """Counts only, never who: the group is at least ``min_group`` people or ``hidden``."""
    return {
        "team": found.team,
        "profiles": [profile_json(p) for p in found.profiles],
        "min_group": found.min_group,
        "hidden": found.hidden,
        "people": None if found.hidden else found.people,
        "gaps": [
            {
                "uri": g.uri,
                "label": label(g.uri),
                "need": g.need.value,
                "people": len(g.people),
                "weight": g.weight,
                "essential": g.essential,
            }
            for g in found.gaps
        ],
        "plan": _plan(found.plan, label) if found.plan else None,
    }


__all__ = [
    "career",
    "colleague",
    "match",
    "offer",
    "route",
    "skill",
    "training",
    "vacancy",
]
