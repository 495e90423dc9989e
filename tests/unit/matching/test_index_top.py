"""MatchIndex.top against the naive reference: explain on every candidate, best first, ties by
lower row. Small random pools with repeated candidates (exact ties), every kind of link, and
a pool large enough for the pruned path (seed rows, pool, layers, bounds from rows)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kunde.matching import _kernels
from kunde.matching.engine import QUANTA, MatchIndex, Tuning, _quantised, explain
from kunde.matching.graph import SkillGraph
from kunde.matching.model import (
    Candidate,
    HeldSkill,
    How,
    Importance,
    JobProfile,
    Level,
    Requirement,
)

TODAY = date(2026, 11, 29)
SKILLS = 30
KINDS = (
    {f"s{i}": "skill" for i in range(SKILLS)}
    | {"g1": "skill_group", "g2": "skill_group"}
    | {f"occ{i}": "occupation" for i in range(4)}
)
TRIPLES = [
    ("s1", "broader", "s0"),
    ("s2", "broader", "s1"),
    ("s3", "essential_for", "s4"),
    ("s5", "optional_for", "s0"),
    *[(f"s{i}", "broader", "g1") for i in range(6, 12)],
    *[(f"s{i}", "broader", "g2") for i in (0, 12, 13, 14)],
    # Occupations asking overlapping skills: co-occurrence links.
    *[(f"occ{o}", "essential_skill", f"s{i}") for o in range(4) for i in range(15, 22)],
    ("occ0", "optional_skill", "s22"),
    ("occ1", "optional_skill", "s22"),
    ("occ2", "essential_skill", "s23"),
]
GRAPH = SkillGraph.build(KINDS, TRIPLES)


def test_the_graph_has_every_kind_of_link() -> None:
    kinds = {link.how for i in range(SKILLS) for link in GRAPH.expand(f"s{i}")}
    assert kinds == set(How)


def _naive(
    index: MatchIndex, profile: JobProfile, k: int, allowed: np.ndarray | None = None
) -> list[tuple[int, float]]:
    scored = [
        (explain(profile, "", index.held(row), GRAPH).score, row)
        for row in range(len(index))
        if allowed is None or allowed[row]
    ]
    best = sorted((t for t in scored if t[0] > 0), key=lambda t: (-t[0], t[1]))[:k]
    return [(row, s) for s, row in best]


held_skills = st.lists(
    st.builds(
        HeldSkill,
        st.sampled_from([f"s{i}" for i in range(SKILLS)]),
        st.sampled_from(list(Level)),
        st.one_of(st.none(), st.dates(date(2012, 1, 1), TODAY)),
    ),
    max_size=10,
    unique_by=lambda s: s.uri,
)
requirements = st.lists(
    st.builds(
        Requirement,
        st.sampled_from([f"s{i}" for i in range(SKILLS)]),
        st.sampled_from(list(Importance)),
        st.sampled_from([0.5, 1.0, 2.0]),
        st.sampled_from(list(Level)),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pool=st.lists(held_skills, min_size=1, max_size=40),
    repeats=st.lists(st.integers(0, 39), max_size=30),
    wanted=requirements,
    k=st.integers(1, 25),
    mask_seed=st.one_of(st.none(), st.integers(0, 2**16)),
)
def test_top_equals_explaining_everyone(
    pool: list[list[HeldSkill]],
    repeats: list[int],
    wanted: list[Requirement],
    k: int,
    mask_seed: int | None,
) -> None:
    # Repeated candidates score the very same: the lower row must come first.
    skills = pool + [pool[n % len(pool)] for n in repeats]
    candidates = [Candidate(f"h{n}", tuple(s)) for n, s in enumerate(skills)]
    index = MatchIndex.build(candidates, TODAY)
    profile = JobProfile("job", tuple(wanted))
    allowed = None
    if mask_seed is not None:
        allowed = np.random.default_rng(mask_seed).random(len(index)) < 0.7
    assert index.top(profile, GRAPH, k, allowed) == _naive(index, profile, k, allowed)


def _large_pool(rows: int, seed: int) -> MatchIndex:
    """Rows drawn around three 'occupations' of the test graph, with noise and repeats."""
    rng = np.random.default_rng(seed)
    families = [list(range(12)), list(range(12, 24)), list(range(6, 30))]
    cols: list[np.ndarray] = []
    for family in rng.integers(0, len(families), rows):
        chosen = rng.choice(families[family], rng.integers(2, 9), replace=False)
        noise = rng.integers(0, SKILLS, 1)
        cols.append(np.unique(np.concatenate((chosen, noise))))
    # A block of exact copies of row 0 makes ties at the top.
    cols[1000:1040] = [cols[0]] * 40
    lengths = np.array([len(c) for c in cols])
    flat = np.concatenate(cols)
    levels = rng.integers(1, 4, len(flat)).astype(np.int8)
    recency = rng.choice(np.array([1.0, 0.9, 0.7], np.float32), len(flat))
    weights = (np.array([0, 0.6, 0.85, 1.0], np.float32)[levels] * recency).astype(np.float32)
    return MatchIndex.from_arrays(
        [f"h{n}" for n in range(rows)],
        {f"s{i}": i for i in range(SKILLS)},
        np.repeat(np.arange(rows), lengths),
        flat,
        weights,
        levels,
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_top_equals_explaining_everyone_in_a_pool_too_large_to_score_whole(seed: int) -> None:
    index = _large_pool(30_000, seed)
    profile = JobProfile(
        "job",
        (
            Requirement("s0", min_level=Level.CERTIFICATE),
            Requirement("s1"),
            Requirement("s4", Importance.OPTIONAL),
            Requirement("s7", weight=2.0),
            Requirement("s9"),
            Requirement("s11", min_level=Level.PROOF),
            Requirement("s16", Importance.OPTIONAL),
            Requirement("s20"),
        ),
    )
    assert index.top(profile, GRAPH, 50) == _naive(index, profile, 50)
    allowed = np.arange(len(index)) % 3 != 0
    assert index.top(profile, GRAPH, 30, allowed) == _naive(index, profile, 30, allowed)


def test_the_top_rows_explain_the_same_score() -> None:
    index = _large_pool(5_000, 3)
    profile = JobProfile("job", (Requirement("s2"), Requirement("s13"), Requirement("s21")))
    for row, found in index.top(profile, GRAPH, 20):
        assert index.match(row, profile, GRAPH).score == found


def test_nothing_held_that_counts_gives_no_match() -> None:
    index = MatchIndex.build([Candidate("a", (HeldSkill("s29"),))], TODAY)
    assert index.top(JobProfile("job", (Requirement("s0"),)), GRAPH, 5) == []
    assert index.top(JobProfile("job", ()), GRAPH, 5) == []
    assert MatchIndex.build([], TODAY).top(JobProfile("job", (Requirement("s0"),)), GRAPH) == []


def test_the_compiled_loops_are_ready_before_the_first_query() -> None:
    pool = _large_pool(2_000, 4)
    # Small blocks and first pass: the query samples a cut and passes twice.
    tuning = Tuning(block_bits=8, first_pass_rows=8, first_pass_per_k=1)
    index = MatchIndex(pool.holder_ids, pool.vocabulary, pool.weights, pool.levels, tuning)
    kernels = (_kernels.candidates, _kernels.by_bin, _kernels.scores)
    compiled = [len(kernel.signatures) for kernel in kernels]
    assert all(compiled)
    profile = JobProfile("job", (Requirement("s0", min_level=Level.PROOF), Requirement("s20")))
    allowed = np.arange(len(index)) % 2 == 0
    assert index.top(profile, GRAPH, 10, allowed) == _naive(index, profile, 10, allowed)
    assert [len(kernel.signatures) for kernel in kernels] == compiled


def _pool_of(rows: list[list[HeldSkill]], tuning: Tuning) -> MatchIndex:
    candidates = [Candidate(f"h{n}", tuple(s)) for n, s in enumerate(rows)]
    return MatchIndex.build(candidates, TODAY, tuning)


# Tiny blocks and a tiny first pass put small pools through every path of the pruning: the
# cut read off a sample of the first block (or none found there), rows left below it, a
# second pass on the same layer or a later one, and k above the number of rows that score.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pool=st.lists(held_skills, min_size=1, max_size=30),
    size=st.integers(1, 400),
    seed=st.integers(0, 2**16),
    wanted=requirements,
    k=st.one_of(st.integers(1, 8), st.integers(1, 400)),
    tuning=st.builds(Tuning, st.integers(1, 7), st.integers(1, 40), st.sampled_from([1, 2, 16])),
    masked=st.booleans(),
)
def test_pruning_with_tiny_blocks_equals_explaining_everyone(
    pool: list[list[HeldSkill]],
    size: int,
    seed: int,
    wanted: list[Requirement],
    k: int,
    tuning: Tuning,
    masked: bool,
) -> None:
    # Passports drawn from a small pool: copies score the very same, the lower row first.
    rng = np.random.default_rng(seed)
    index = _pool_of([pool[n] for n in rng.integers(0, len(pool), size)], tuning)
    profile = JobProfile("job", tuple(wanted))
    allowed = rng.random(len(index)) < 0.6 if masked else None
    assert index.top(profile, GRAPH, k, allowed) == _naive(index, profile, k, allowed)


@pytest.mark.parametrize("tuning", [Tuning(8, 1, 1), Tuning(10, 4, 2), Tuning(12, 64, 16)])
def test_pruning_in_many_blocks_equals_explaining_everyone(tuning: Tuning) -> None:
    index = _large_pool(6_000, 5)
    tuned = MatchIndex(index.holder_ids, index.vocabulary, index.weights, index.levels, tuning)
    profile = JobProfile(
        "job",
        (
            Requirement("s0", min_level=Level.CERTIFICATE),
            Requirement("s9"),
            Requirement("s16", Importance.OPTIONAL),
            Requirement("s20"),
            Requirement("s25", weight=2.0),
        ),
    )
    for k in (1, 7, 50, 400):
        assert tuned.top(profile, GRAPH, k) == _naive(index, profile, k)
    allowed = np.arange(len(index)) % 5 != 1
    assert tuned.top(profile, GRAPH, 60, allowed) == _naive(index, profile, 60, allowed)


def test_more_wanted_than_rows_that_score_gives_every_row_that_scores() -> None:
    rows = [[HeldSkill("s0")], [HeldSkill("s1")], [HeldSkill("s29")], [HeldSkill("s0")]] * 50
    index = _pool_of(rows, Tuning(3, 2, 1))
    profile = JobProfile("job", (Requirement("s0"),))
    found = index.top(profile, GRAPH, 1_000)
    assert found == _naive(index, profile, 1_000)
    assert len(found) == 150  # s0 itself and s1 (narrower) score; s29 does not


def test_weights_in_the_postings_are_never_below_the_held_weight() -> None:
    weights = np.random.default_rng(6).random(10_000).astype(np.float32) * 0.9
    weights[:3] = (0.9, np.float32(0.9) * np.float32(0.5), 0.0)
    quanta = _quantised(weights, float(weights.max()))
    assert np.all(quanta.astype(np.float64) * float(weights.max()) / QUANTA >= weights)
    assert quanta.max() == QUANTA
