"""Batch matching: every vacancy against every eligible passport, in one process or on a
Dask cluster.

The candidates are cut into contiguous chunks; each chunk scores all vacancies with
:meth:`MatchIndex.score_all` and keeps its own best ``k`` per vacancy (eligible holders
only); the chunks' lists are merged. The order is fixed (score rounded to 9 places, best
first, then the candidate's place in the input), so a chunk's best ``k`` always contains
its share of the overall best ``k`` and the result is the same for any chunk size, with or
without Dask. The skill graph is sent to each worker once (``scatter(broadcast=True)``).

Consent: a holder takes part for a vacancy only under the grant that admits it
(:func:`kunde.matching.pool.eligible_grants`), with only the skills that grant shares; a
holder with different grants for different vacancies is a different candidate per grant.
Nothing here records access: the result holds holder ids and scores only; whoever shows a
match to an employer reports it as :func:`kunde.matching.service.vacancy_matches` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kunde.errors import InvalidInput
from kunde.matching import service
from kunde.matching.engine import MatchIndex
from kunde.matching.pool import Scope, eligible_grants

if TYPE_CHECKING:
    from datetime import date, datetime

    from distributed import Client

    from kunde.db.session import UnitOfWork
    from kunde.matching.graph import SkillGraph
    from kunde.matching.model import Candidate, JobProfile
    from kunde.passport import KeyRing

DEFAULT_CHUNK = 5_000
MAX_K = 1_000


@dataclass(frozen=True)
class Job:
    """One vacancy to match: its profile and who may be matched to it (None: everyone)."""

    vacancy_id: str
    profile: JobProfile
    allowed: frozenset[str] | None = None


# (vacancy id, [(position in the input, score rounded to 9 places)]) per chunk.
_Partial = dict[str, list[tuple[int, float]]]


def _chunk_best(
    offset: int,
    candidates: Sequence[Candidate],
    *,
    jobs: Sequence[Job],
    graph: SkillGraph,
    today: date,
    k: int,
) -> _Partial:
    """The best ``k`` of one chunk per vacancy (runs on a worker)."""
    index = MatchIndex.build(candidates, today)
    holders = np.asarray([c.holder_id for c in candidates], dtype=object)
    rows = np.arange(len(candidates))
    out: _Partial = {}
    for job in jobs:
        scores = np.round(index.score_all(job.profile, graph), 9)
        keep = scores > 0
        if job.allowed is not None:
            keep &= np.fromiter((h in job.allowed for h in holders), bool, len(holders))
        chosen = rows[keep]
        order = np.lexsort((chosen, -scores[chosen]))[:k]
        out[job.vacancy_id] = [(offset + int(chosen[i]), float(scores[chosen[i]])) for i in order]
    return out


def _merge(
    parts: Sequence[_Partial], jobs: Sequence[Job], candidates: Sequence[Candidate], k: int
) -> dict[str, list[tuple[str, float]]]:
    result: dict[str, list[tuple[str, float]]] = {}
    for job in jobs:
        pairs = [pair for part in parts for pair in part[job.vacancy_id]]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        result[job.vacancy_id] = [(candidates[i].holder_id, round(s, 6)) for i, s in pairs[:k]]
    return result


def match_all(
    jobs: Sequence[Job],
    candidates: Sequence[Candidate],
    graph: SkillGraph,
    today: date,
    *,
    k: int = 50,
    client: Client | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> dict[str, list[tuple[str, float]]]:
    """``vacancy id -> [(holder id, score)]``, the best ``k`` with a score above 0, best
    first. ``client``: a Dask client to spread the chunks over; None runs here."""
    if not 1 <= k <= MAX_K:
        raise InvalidInput(f"k must be 1 to {MAX_K}.", details={"field": "k"})
    if chunk_size < 1:
        raise InvalidInput("chunk_size must be at least 1.", details={"field": "chunk_size"})
    chunks = [
        (start, candidates[start : start + chunk_size])
        for start in range(0, len(candidates), chunk_size)
    ]
    if client is None:
        parts = [
            _chunk_best(start, chunk, jobs=jobs, graph=graph, today=today, k=k)
            for start, chunk in chunks
        ]
    else:
        shared = client.scatter(graph, broadcast=True)  # type: ignore[no-untyped-call]
        futures = [
            client.submit(
                _chunk_best,
                start,
                list(chunk),
                jobs=list(jobs),
                graph=shared,
                today=today,
                k=k,
                pure=False,
            )
            for start, chunk in chunks
        ]
        parts = client.gather(futures)  # type: ignore[no-untyped-call]
    return _merge(parts, jobs, candidates, k)


def connect(scheduler: str | None, *, timeout: float = 10) -> Client | None:
    """A client of the Dask scheduler at ``scheduler`` (``tcp://host:8786``); None: none.
    Raises :class:`InvalidInput` when no scheduler answers within ``timeout`` seconds."""
    if not scheduler:
        return None
    from distributed import Client  # noqa: PLC0415 - only loaded when a cluster is used

    try:
        client: Client = Client(scheduler, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InvalidInput(
            f"No Dask scheduler answers at {scheduler}: {exc}", details={"field": "scheduler"}
        ) from exc
    return client


def batch_matches(
    uow: UnitOfWork,
    matching: service.MatchingService,
    *,
    keys: KeyRing,
    now: datetime,
    k: int = 50,
    client: Client | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> dict[str, list[tuple[str, float]]]:
    """Every vacancy against the passports whose grants admit it; each grant's passport is
    read once, keeping only the skills that grant shares. Answers holder ids and scores."""
    jobs: list[Job] = []
    by_grant: dict[str, Candidate] = {}
    holder_of: dict[str, str] = {}
    for vacancy in service.vacancies(uow):
        grants = eligible_grants(uow, Scope(vacancy.id, vacancy.organisation_id), now=now)
        for grant in grants:
            if grant.id not in by_grant:
                by_grant[grant.id] = service.granted_candidate(uow, grant, keys=keys, now=now)
                holder_of[grant.id] = grant.holder_id
        jobs.append(Job(vacancy.id, vacancy.profile, frozenset(g.id for g in grants)))
    found = match_all(
        jobs,
        [by_grant[g] for g in sorted(by_grant)],
        matching.graph(),
        now.date(),
        k=k,
        client=client,
        chunk_size=chunk_size,
    )
    return {
        vacancy: [(holder_of[grant], score) for grant, score in ranked]
        for vacancy, ranked in found.items()
    }


def as_mapping(result: Mapping[str, list[tuple[str, float]]]) -> dict[str, list[dict[str, object]]]:
    """The result as JSON-ready lists."""
    return {v: [{"holder_id": h, "score": s} for h, s in pairs] for v, pairs in result.items()}


__all__ = ["Job", "as_mapping", "batch_matches", "connect", "match_all"]
