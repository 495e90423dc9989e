"""Talent over a group: ranking by the engine's own score, the group's weighted gaps, and the
greedy weighted set cover of those gaps by the learning-offer catalogue."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest

from kunde.matching.engine import explain, held_of
from kunde.matching.graph import SkillGraph
from kunde.matching.learning import LearningOffer, OfferKind
from kunde.matching.model import (
    OPTIONAL_SHARE,
    Candidate,
    HeldSkill,
    Importance,
    JobProfile,
    Level,
    Requirement,
)
from kunde.matching.training import Need, rank, team_gaps, training_plan

TODAY = date(2026, 11, 29)
GRAPH = SkillGraph.build(
    {f"s{i}": "skill" for i in range(10)}, [("s1", "broader", "s0")]
)  # s1 is narrower than s0
ROLE = JobProfile(
    "role",
    (
        Requirement("s0"),
        Requirement("s2"),
        Requirement("s3", min_level=Level.CERTIFICATE),
        Requirement("s4", Importance.OPTIONAL),
    ),
)


def _held(*skills: HeldSkill) -> dict[str, tuple[float, Level]]:
    return held_of(Candidate("x", skills), TODAY)


PEOPLE = {
    "ann": _held(HeldSkill("s0", Level.PROOF), HeldSkill("s2"), HeldSkill("s3")),
    "bob": _held(HeldSkill("s1"), HeldSkill("s3", Level.CERTIFICATE)),
    "cem": _held(HeldSkill("s4", Level.PROOF)),
    "dee": _held(),
}


def _offer(
    ref: str, skills: tuple[str, ...], hours: float, kind: OfferKind = OfferKind.COURSE
) -> LearningOffer:
    return LearningOffer(ref=ref, kind=kind, provider="p", title=ref, skills=skills, hours=hours)


def test_rank_orders_by_the_engines_own_score_and_explains_each() -> None:
    ranked = rank(ROLE, PEOPLE, GRAPH)
    assert [m.holder_id for m in ranked] == ["ann", "bob", "cem", "dee"]
    assert ranked == [explain(ROLE, m.holder_id, PEOPLE[m.holder_id], GRAPH) for m in ranked]
    assert ranked[0].score > ranked[1].score > ranked[2].score > ranked[3].score == 0
    ann = {s.requirement.uri: s.gap for s in ranked[0].gaps}
    assert ann == {"s3": "unproven", "s4": "missing"}
    bob = {s.requirement.uri: s.gap for s in ranked[1].gaps}
    assert bob == {"s0": "partial", "s2": "missing", "s4": "missing"}


def test_rank_breaks_ties_by_holder_id() -> None:
    same = {"zed": _held(HeldSkill("s2")), "amy": _held(HeldSkill("s2"))}
    assert [m.holder_id for m in rank(ROLE, same, GRAPH)] == ["amy", "zed"]


def test_team_gaps_weigh_people_and_importance() -> None:
    gaps = {(g.uri, g.need): g for g in team_gaps(rank(ROLE, PEOPLE, GRAPH))}
    assert gaps["s2", Need.LEARN].people == ("bob", "cem", "dee")
    assert gaps["s2", Need.LEARN].weight == 3
    assert gaps["s0", Need.LEARN].people == ("bob", "cem", "dee")  # bob: only narrower s1
    assert gaps["s4", Need.LEARN].weight == pytest.approx(3 * OPTIONAL_SHARE)
    assert not gaps["s4", Need.LEARN].essential
    assert gaps["s3", Need.PROVE].people == ("ann",)
    assert gaps["s3", Need.LEARN].people == ("cem", "dee")
    ordered = team_gaps(rank(ROLE, PEOPLE, GRAPH))
    assert [g.weight for g in ordered] == sorted((g.weight for g in ordered), reverse=True)


def test_a_person_counts_once_per_skill_over_several_profiles() -> None:
    other = JobProfile("other", (Requirement("s2", Importance.OPTIONAL), Requirement("s5")))
    people = {"dee": PEOPLE["dee"]}
    gaps = {
        (g.uri, g.need): g
        for g in team_gaps([*rank(ROLE, people, GRAPH), *rank(other, people, GRAPH)])
    }
    assert gaps["s2", Need.LEARN].people == ("dee",)
    assert gaps["s2", Need.LEARN].weight == 1  # the highest importance of the two profiles
    assert gaps["s5", Need.LEARN].weight == 1


def test_training_plan_is_a_greedy_weighted_cover() -> None:
    gaps = team_gaps(rank(ROLE, PEOPLE, GRAPH))
    offers = [
        _offer("wide-but-optional", ("s4",), 2),
        _offer("core", ("s0", "s2"), 40),
        _offer("core-short", ("s0", "s2"), 20),
        _offer("cert", ("s3",), 8),
        _offer("evc", ("s3",), 4, OfferKind.EVC),
        _offer("proof-long", ("s3",), 9, OfferKind.SKILLS_PROOF),
    ]
    plan = training_plan(gaps, offers)
    # core closes 6 (3 people x 2 essential skills), cert 2, the optional course 1.2
    assert [s.offer.ref for s in plan.steps] == ["core-short", "cert", "wide-but-optional"]
    first = plan.steps[0]
    assert first.weight == 6
    assert first.people == 3
    assert dict(first.closes) == {"s0": ("bob", "cem", "dee"), "s2": ("bob", "cem", "dee")}
    assert plan.closed == plan.weight == pytest.approx(6 + 2 + 3 * OPTIONAL_SHARE)
    assert plan.uncovered == ()
    [validation] = plan.validations
    assert (validation.uri, validation.people, validation.offer) == ("s3", ("ann",), offers[4])
    assert plan.hours == 20 + 8 + 2 + 4
    assert plan.person_hours == 20 * 3 + 8 * 2 + 2 * 3 + 4 * 1


def test_training_plan_reports_what_no_course_teaches() -> None:
    gaps = team_gaps(rank(ROLE, PEOPLE, GRAPH))
    plan = training_plan(gaps, [_offer("only-s2", ("s2",), 5)])
    assert [s.offer.ref for s in plan.steps] == ["only-s2"]
    assert {g.uri for g in plan.uncovered} == {"s0", "s3", "s4"}
    assert plan.closed == 3
    assert plan.validations[0].offer is None


def test_greedy_equals_the_best_cover_on_small_cases() -> None:
    """On small catalogues the greedy choice closes as much weight, with as few offers, as
    the best of every subset (checked by brute force)."""
    gaps = team_gaps(rank(ROLE, PEOPLE, GRAPH))
    offers = [
        _offer("a", ("s0",), 5),
        _offer("b", ("s2", "s4"), 5),
        _offer("c", ("s0", "s3"), 5),
        _offer("d", ("s3",), 1),
        _offer("e", ("s4",), 1),
    ]
    plan = training_plan(gaps, offers)
    learn = [g for g in gaps if g.need is Need.LEARN]

    def closed(subset: tuple[LearningOffer, ...]) -> float:
        taught = {s for o in subset for s in o.skills}
        return sum(g.weight for g in learn if g.uri in taught)

    best = max(closed(c) for n in range(len(offers) + 1) for c in combinations(offers, n))
    assert plan.closed == pytest.approx(best)
    fewest = min(
        n
        for n in range(len(offers) + 1)
        for c in combinations(offers, n)
        if closed(c) == pytest.approx(best)
    )
    assert len(plan.steps) == fewest
