"""The matching benchmark: one vacancy, top 50 among N synthetic passports, four ways.

Synthetic passports (:func:`synthetic`) are drawn from ESCO occupation profiles: each takes
an occupation at random and about 30 skills from it, a fifth of them replaced by random
skills (noise), with random assurance levels and weights. The vacancy is a real occupation
profile with a minimum level of 2 on its first essential skill, so the unproven rule runs.

The four ways, all with the same taxonomy-aware score (:mod:`kunde.matching.engine`):

* ``index``: :meth:`MatchIndex.top`, exact top-k with upper bounds;
* ``scipy``: :meth:`MatchIndex.score_all`, a plain column-wise inverted-index pass;
* ``postgres``: one aggregate SQL query over a ``(passport, skill, weight, level)`` table;
* ``naive``: a Python loop over every passport (the exact reference, run once).

Each must return the same top 50 (scores to 1e-6, ranked by the score rounded to 6 places,
ties by lower row); :func:`run` checks it.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from kunde.errors import KundeError
from kunde.matching import profiles
from kunde.matching.engine import Laps, MatchIndex, explain, ranked
from kunde.matching.graph import SkillGraph
from kunde.matching.model import UNPROVEN_SHARE, How, Importance, JobProfile, Level, Requirement

SKILLS_PER_PASSPORT = 30
MIN_PROFILE = 10  # occupations with fewer skills make poor passports
TOLERANCE = 1e-5
NOISE = 0.2
TOP = 50
LEVEL_WEIGHT = np.array([0.0, 0.6, 0.85, 1.0], np.float32)


@dataclass
class Synthetic:
    index: MatchIndex
    build_seconds: float
    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float32]
    levels: npt.NDArray[np.int8]


@dataclass
class Figures:
    passports: int
    nonzeros: int
    index_mb: float
    build_seconds: float
    latency_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    phases_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "passports": self.passports,
            "nonzeros": self.nonzeros,
            "index_mb": self.index_mb,
            "build_seconds": self.build_seconds,
            "latency_ms": self.latency_ms,
            "phases_ms": self.phases_ms,
            "notes": self.notes,
        }


def synthetic(graph: SkillGraph, passports: int, seed: int = 7) -> Synthetic:
    """``passports`` rows of about 30 skills each, vectorised (no Python loop per row)."""
    rng = np.random.default_rng(seed)
    occupations = [
        skills for skills in graph.occupation_skills.values() if len(skills) >= MIN_PROFILE
    ]
    vocabulary: dict[str, int] = {}
    lists = [[vocabulary.setdefault(s, len(vocabulary)) for s, _ in o] for o in occupations]
    width = max(len(x) for x in lists)
    table = np.zeros((len(lists), width), np.int64)
    lengths = np.array([len(x) for x in lists], np.int64)
    for n, skills in enumerate(lists):
        table[n, : len(skills)] = skills
    started = time.perf_counter()
    picked = rng.integers(0, len(lists), passports)
    slots = (rng.random((passports, SKILLS_PER_PASSPORT)) * lengths[picked, None]).astype(np.int64)
    cols = table[picked[:, None], slots]
    noise = rng.random(cols.shape) < NOISE
    cols[noise] = rng.integers(0, len(vocabulary), int(noise.sum()))
    cols.sort(axis=1)
    keep = np.ones(cols.shape, np.bool_)
    keep[:, 1:] = cols[:, 1:] != cols[:, :-1]
    rows = np.repeat(np.arange(passports, dtype=np.int64), SKILLS_PER_PASSPORT)[keep.ravel()]
    flat = cols.ravel()[keep.ravel()]
    levels = rng.integers(1, 4, len(flat)).astype(np.int8)
    recency = rng.choice(np.array([1.0, 1.0, 0.9, 0.8, 0.6], np.float32), len(flat))
    weights = (LEVEL_WEIGHT[levels] * recency).astype(np.float32)
    holder_ids = [str(n) for n in range(passports)]
    index = MatchIndex.from_arrays(holder_ids, vocabulary, rows, flat, weights, levels)
    return Synthetic(index, time.perf_counter() - started, rows, flat, weights, levels)


def vacancy(graph: SkillGraph, uri: str) -> JobProfile:
    """An occupation's profile; its first essential skill asks for a certificate."""
    profile = profiles.from_occupation(graph, uri, uri)
    first = next(
        n for n, r in enumerate(profile.requirements) if r.importance is Importance.ESSENTIAL
    )
    requirements = list(profile.requirements)
    r = requirements[first]
    requirements[first] = Requirement(r.uri, r.importance, r.weight, Level.CERTIFICATE)
    return JobProfile(profile.title, tuple(requirements), profile.source, uri)


def top_of(scores: npt.NDArray[np.float64], k: int = TOP) -> list[tuple[int, float]]:
    """Best ``k`` rows of a dense score vector, in the order ``top`` gives (:func:`ranked`)."""
    candidates = np.flatnonzero(scores > 0)
    return ranked(candidates, scores[candidates], k)


def naive(index: MatchIndex, profile: JobProfile, graph: SkillGraph) -> list[tuple[int, float]]:
    """The reference: :func:`explain` on every passport, one by one."""
    scores = np.zeros(len(index))
    for row in range(len(index)):
        scores[row] = explain(profile, "", index.held(row), graph).score
    return top_of(scores)


def postgres_query(profile: JobProfile, graph: SkillGraph, index: MatchIndex) -> tuple[str, list]:  # type: ignore[type-arg]
    """The same score as one SQL aggregate: per passport and requirement the best held
    expansion (with the unproven rule), summed with the requirements' shares."""
    total = sum(r.importance_weight for r in profile.requirements) or 1.0
    values: list[tuple[int, int, float, float, int, bool]] = []
    for j, requirement in enumerate(profile.requirements):
        for link in graph.expand(requirement.uri):
            column = index.vocabulary.get(link.uri)
            if column is not None:
                exact = link.how is How.EXACT
                values.append(
                    (
                        j,
                        column,
                        link.similarity,
                        requirement.importance_weight / total,
                        int(requirement.min_level),
                        exact,
                    )
                )
    # Only numbers from this module go into the text; the profile travels as parameters.
    sql = f"""
        WITH req(j, skill, sim, share, min_level, exact) AS (
            SELECT * FROM unnest(%s::int[], %s::int[], %s::float8[], %s::float8[],
                                 %s::int[], %s::bool[])
        ), credit AS (
            SELECT h.passport, r.j, max(r.share) AS share,
                   max(r.sim * h.weight * CASE WHEN r.exact AND h.level < r.min_level
                                               THEN {UNPROVEN_SHARE} ELSE 1 END) AS credit
            FROM held h JOIN req r ON h.skill = r.skill
            GROUP BY h.passport, r.j
        )
        SELECT passport, round(sum(share * credit)::numeric, 6) AS score
        FROM credit GROUP BY passport ORDER BY score DESC, passport LIMIT {TOP}
    """  # noqa: S608
    columns: list[list[Any]] = [[] for _ in range(6)]
    for value in values:
        for parameter, item in zip(columns, value, strict=True):
            parameter.append(item)
    return sql, columns


def load_postgres(url: str, data: Synthetic) -> Callable[[JobProfile, SkillGraph], list]:  # type: ignore[type-arg]
    """Copy the synthetic table into PostgreSQL; returns the query function."""
    import psycopg  # noqa: PLC0415 - only this column needs the driver

    connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    connection.autocommit = True
    connection.execute("DROP TABLE IF EXISTS held")
    connection.execute(
        "CREATE UNLOGGED TABLE held (passport int, skill int, weight real, level smallint)"
    )
    with connection.cursor().copy("COPY held FROM STDIN") as copy:
        step = 1_000_000
        for start in range(0, len(data.rows), step):
            end = start + step
            block = zip(
                data.rows[start:end].tolist(),
                data.cols[start:end].tolist(),
                data.weights[start:end].tolist(),
                data.levels[start:end].tolist(),
                strict=True,
            )
            copy.write("".join(f"{a}\t{b}\t{c!r}\t{d}\n" for a, b, c, d in block))
    connection.execute("CREATE INDEX held_skill ON held (skill) INCLUDE (passport, weight, level)")
    connection.execute("ANALYZE held")

    def query(profile: JobProfile, graph: SkillGraph) -> list:  # type: ignore[type-arg]
        sql, params = postgres_query(profile, graph, data.index)
        rows = connection.execute(sql, params).fetchall()
        return [(int(p), float(s)) for p, s in rows]

    return query


class Mismatch(KundeError):
    """Two implementations disagree on the top 50: the benchmark's figures mean nothing."""


def _same(got: list[tuple[int, float]], reference: list[tuple[int, float]], name: str) -> None:
    rows = [r for r, _ in got] == [r for r, _ in reference]
    if not rows or any(abs(a[1] - b[1]) > TOLERANCE for a, b in zip(got, reference, strict=True)):
        raise Mismatch(f"The {name} top 50 differs from the index's.")


def _timed(function: Callable[[], Any], repeat: int) -> tuple[Any, dict[str, float]]:
    """Wall-clock median and p95 in ms, and the median CPU time of this process (on a shared,
    busy machine the wall clock also counts the time other work holds the core)."""
    times = []
    cpu = []
    result = None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return result, {
        "median": round(statistics.median(times), 3),
        "p95": round(p95, 3),
        "cpu_median": round(statistics.median(cpu), 3),
        "runs": repeat,
    }


def _phases(laps: list[Laps]) -> dict[str, dict[str, float]]:
    """Median wall and CPU ms of each phase of ``MatchIndex.top`` over the timed runs."""
    names = dict.fromkeys(name for lap in laps for name in lap.wall)
    return {
        name: {
            "median": round(statistics.median(lap.wall.get(name, 0.0) for lap in laps) * 1000, 3),
            "cpu_median": round(
                statistics.median(lap.cpu.get(name, 0.0) for lap in laps) * 1000, 3
            ),
        }
        for name in names
    }


def run(
    graph: SkillGraph,
    occupation: str,
    *,
    passports: int,
    postgres_url: str | None,
    naive_limit: int,
    repeat: int = 30,
    log: Callable[[str], None] = lambda _: None,
) -> Figures:
    """All columns for one vacancy; raises :class:`Mismatch` when any top 50 differs."""
    tracemalloc.start()
    data = synthetic(graph, passports)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    index = data.index
    figures = Figures(
        passports,
        int(index.weights.nnz),
        round(index.nbytes / 2**20, 1),
        round(data.build_seconds, 2),
    )
    figures.notes.append(f"peak memory while building: {peak / 2**20:.0f} MB")
    profile = vacancy(graph, occupation)
    log(f"built {passports:,} passports ({index.weights.nnz:,} skills), {data.build_seconds:.1f} s")
    laps: list[Laps] = []

    def timed_top() -> list[tuple[int, float]]:
        laps.append(Laps())
        return index.timed_top(profile, graph, TOP, None, laps[-1])

    started = time.perf_counter()
    index.top(profile, graph, TOP)  # the first query makes the profile's plan
    first = (time.perf_counter() - started) * 1000
    figures.notes.append(f"first index query, making the profile's plan: {first:.1f} ms")
    reference, figures.latency_ms["index"] = _timed(timed_top, repeat)
    figures.phases_ms = _phases(laps)
    log(f"index: {figures.latency_ms['index']}, phases: {figures.phases_ms}")
    scipy_top, figures.latency_ms["scipy"] = _timed(
        lambda: top_of(index.score_all(profile, graph)), max(3, repeat // 10)
    )
    _same(scipy_top, reference, "scipy")
    log(f"scipy: {figures.latency_ms['scipy']}")
    if passports <= naive_limit:
        naive_top, figures.latency_ms["naive"] = _timed(lambda: naive(index, profile, graph), 1)
        _same(naive_top, reference, "naive")
        log(f"naive: {figures.latency_ms['naive']}")
    else:
        figures.notes.append(f"naive loop skipped above {naive_limit:,} passports")
    if postgres_url is None:
        figures.notes.append("PostgreSQL column skipped: no server (give --postgres-url)")
    else:
        started = time.perf_counter()
        query = load_postgres(postgres_url, data)
        figures.notes.append(f"PostgreSQL load and index: {time.perf_counter() - started:.0f} s")
        pg_top, figures.latency_ms["postgres"] = _timed(
            lambda: query(profile, graph), max(3, repeat // 10)
        )
        _same(pg_top, reference, "PostgreSQL")
        log(f"postgres: {figures.latency_ms['postgres']}")
    return figures


__all__ = ["Figures", "Mismatch", "Synthetic", "naive", "run", "synthetic", "top_of", "vacancy"]
