"""The scoring engine: reasons and gaps, and the sparse index equal to scoring one by one."""

from __future__ import annotations

import random
from datetime import date

import pytest

from kunde.matching.engine import MatchIndex, score
from kunde.matching.graph import SkillGraph
from kunde.matching.learning import LearningOffer, OfferKind, cover, route
from kunde.matching.model import (
    Candidate,
    GapKind,
    HeldSkill,
    How,
    Importance,
    JobProfile,
    Level,
    Requirement,
)

TODAY = date(2026, 11, 29)
KINDS = {f"s{i}": "skill" for i in range(40)} | {"g": "skill_group", "occ1": "occupation"}
TRIPLES = [
    ("s1", "broader", "s0"),  # s1 is narrower than s0
    ("s2", "essential_for", "s3"),
    ("s4", "broader", "g"),
    ("s5", "broader", "g"),
    *[("occ1", "essential_skill", f"s{i}") for i in range(6, 12)],
]
GRAPH = SkillGraph.build(KINDS, TRIPLES)


def test_expansions_follow_the_taxonomy() -> None:
    hows = {link.uri: link.how for link in GRAPH.expand("s0")}
    assert hows == {"s0": How.EXACT, "s1": How.NARROWER}
    assert {link.uri: link.how for link in GRAPH.expand("s1")}["s0"] is How.BROADER
    assert {link.uri: link.how for link in GRAPH.expand("s3")}["s2"] is How.RELATED
    assert {link.uri: link.how for link in GRAPH.expand("s4")}["s5"] is How.SAME_GROUP


def test_each_skill_is_explained_with_its_gap() -> None:
    profile = JobProfile(
        "job",
        (
            Requirement("s0"),
            Requirement("s3"),
            Requirement("s6", min_level=Level.PROOF),
            Requirement("s20", Importance.OPTIONAL),
        ),
    )
    candidate = Candidate(
        "h", (HeldSkill("s1", Level.PROOF, TODAY), HeldSkill("s2"), HeldSkill("s6"))
    )
    result = {s.requirement.uri: s for s in score(profile, candidate, GRAPH, TODAY).skills}
    assert result["s0"].how is How.NARROWER
    assert result["s0"].gap is GapKind.PARTIAL
    assert result["s3"].gap is GapKind.PARTIAL
    assert result["s6"].how is How.EXACT
    assert result["s6"].gap is GapKind.UNPROVEN
    assert result["s20"].gap is GapKind.MISSING
    assert result["s0"].credit == pytest.approx(0.8)


def test_essential_weighs_more_than_optional() -> None:
    profile = JobProfile("job", (Requirement("s0"), Requirement("s3", Importance.OPTIONAL)))
    essential = score(profile, Candidate("a", (HeldSkill("s0", Level.PROOF),)), GRAPH, TODAY)
    optional = score(profile, Candidate("b", (HeldSkill("s3", Level.PROOF),)), GRAPH, TODAY)
    assert essential.score > optional.score


def test_index_top_equals_scoring_one_by_one() -> None:
    rng = random.Random(3)  # noqa: S311 - reproducible test data, not secrets
    candidates = [
        Candidate(
            f"h{n:04d}",
            tuple(
                HeldSkill(f"s{i}", Level(rng.randint(1, 3)), date(rng.randint(2015, 2026), 1, 1))
                for i in rng.sample(range(40), 8)
            ),
        )
        for n in range(600)
    ]
    profile = JobProfile(
        "job",
        tuple(
            Requirement(
                f"s{i}",
                Importance.OPTIONAL if i % 3 else Importance.ESSENTIAL,
                min_level=Level(1 + i % 3),
            )
            for i in (0, 3, 4, 6, 7, 13, 21)
        ),
    )
    index = MatchIndex.build(candidates, TODAY)
    top = index.top(profile, GRAPH, 50)
    naive = sorted(
        ((score(profile, c, GRAPH, TODAY).score, n) for n, c in enumerate(candidates)),
        key=lambda t: (-t[0], t[1]),
    )[:50]
    assert [s for _, s in top] == pytest.approx([s for s, _ in naive], abs=1e-5)
    assert all(
        index.match(row, profile, GRAPH).score == pytest.approx(s, abs=1e-5) for row, s in top
    )
    every = index.score_all(profile, GRAPH)
    assert sorted(every, reverse=True)[:50] == pytest.approx([s for s, _ in naive], abs=1e-5)


def _offer(
    ref: str, skills: tuple[str, ...], hours: float, kind: OfferKind = OfferKind.COURSE
) -> LearningOffer:
    return LearningOffer(ref=ref, kind=kind, provider="p", title=ref, skills=skills, hours=hours)


def test_route_is_a_small_cover_with_fewer_hours_on_ties() -> None:
    offers = [
        _offer("a", ("s1", "s2"), 10),
        _offer("b", ("s1", "s2"), 5),
        _offer("c", ("s3",), 3),
        _offer("d", ("s1",), 1),
    ]
    steps, left = cover(["s1", "s2", "s3", "s9"], offers)
    assert [s.offer.ref for s in steps] == ["b", "c"]
    assert left == ["s9"]


def test_unproven_skills_get_a_validation() -> None:
    profile = JobProfile("job", (Requirement("s6", min_level=Level.PROOF), Requirement("s7")))
    match = score(profile, Candidate("h", (HeldSkill("s6"),)), GRAPH, TODAY)
    found = route(match.gaps, [_offer("evc", ("s6",), 6, OfferKind.EVC), _offer("c", ("s7",), 8)])
    assert [v.offer.ref for v in found.validations if v.offer] == ["evc"]
    assert [s.offer.ref for s in found.steps] == ["c"]
    assert found.hours == 14
