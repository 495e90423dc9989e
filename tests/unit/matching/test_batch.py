"""Batch matching: every vacancy against every candidate, the same with any chunk size and on a
Dask cluster as in one process, eligibility per vacancy respected."""

from __future__ import annotations

import random
from datetime import date

import pytest
from distributed import Client, LocalCluster

from kunde.errors import InvalidInput
from kunde.matching.batch import Job, connect, match_all
from kunde.matching.engine import MatchIndex
from kunde.matching.graph import SkillGraph
from kunde.matching.model import Candidate, HeldSkill, Importance, JobProfile, Level, Requirement

TODAY = date(2026, 11, 29)
KINDS = {f"s{i}": "skill" for i in range(40)} | {"g": "skill_group"}
GRAPH = SkillGraph.build(
    KINDS, [("s1", "broader", "s0"), ("s2", "essential_for", "s3"), ("s4", "broader", "g")]
)


def _candidates(count: int) -> list[Candidate]:
    rng = random.Random(7)  # noqa: S311 - reproducible test data, not secrets
    return [
        Candidate(
            f"h{n:04d}",
            tuple(
                HeldSkill(f"s{i}", Level(rng.randint(1, 3)), date(rng.randint(2015, 2026), 1, 1))
                for i in rng.sample(range(40), 6)
            ),
        )
        for n in range(count)
    ]


def _jobs(candidates: list[Candidate]) -> list[Job]:
    jobs = []
    for v in range(5):
        skills = [(3 * v + j) % 40 for j in range(6)]
        profile = JobProfile(
            f"job {v}",
            tuple(
                Requirement(
                    f"s{i}",
                    Importance.ESSENTIAL if n < 3 else Importance.OPTIONAL,
                    min_level=Level(1 + i % 3),
                )
                for n, i in enumerate(skills)
            ),
        )
        # Vacancy 0 is open to a third of the pool only (one application's worth of consent).
        allowed = frozenset(c.holder_id for c in candidates[::3]) if v == 0 else None
        jobs.append(Job(f"v{v}", profile, allowed))
    return jobs


def test_chunks_give_the_same_result_as_the_whole_pool() -> None:
    candidates = _candidates(700)
    jobs = _jobs(candidates)
    whole = match_all(jobs, candidates, GRAPH, TODAY, k=40, chunk_size=len(candidates))
    assert match_all(jobs, candidates, GRAPH, TODAY, k=40, chunk_size=64) == whole
    index = MatchIndex.build(candidates, TODAY)
    for job in jobs[1:]:
        top = index.top(job.profile, GRAPH, 40)
        assert [s for _, s in whole[job.vacancy_id]] == pytest.approx([s for _, s in top], abs=1e-5)
    assert whole["v0"]
    assert {h for h, _ in whole["v0"]} <= jobs[0].allowed  # type: ignore[operator]
    assert all(s > 0 for pairs in whole.values() for _, s in pairs)


def test_a_dask_cluster_gives_the_single_process_result() -> None:
    candidates = _candidates(500)
    jobs = _jobs(candidates)
    alone = match_all(jobs, candidates, GRAPH, TODAY, k=25)
    with (
        LocalCluster(
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        spread = match_all(jobs, candidates, GRAPH, TODAY, k=25, client=client, chunk_size=100)
    assert spread == alone


def test_bad_k_is_refused() -> None:
    with pytest.raises(InvalidInput):
        match_all([], [], GRAPH, TODAY, k=0)


def test_no_scheduler_is_a_clear_error() -> None:
    assert connect(None) is None
    with pytest.raises(InvalidInput, match="No Dask scheduler"):
        connect("tcp://127.0.0.1:9", timeout=1)
