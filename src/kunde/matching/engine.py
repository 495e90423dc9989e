"""The scoring engine: one candidate against a job profile, and a sparse index for many.

Score of a candidate for a profile (0..1)::

    score = sum_j importance_j * credit_j / sum_j importance_j
    credit_j = max over held h in expand(required_j) of similarity(j, h) * weight_h
    weight_h = level factor (declaration 0.6, certificate 0.85, proof 1) * recency
    (x 0.5 when h is the exact concept but held below the required minimum level)

``importance_j`` is the requirement's weight (optional ones x 0.4). Every required skill is
explained: its credit, its share of the score, how it was met and the gap (missing, partial:
only a related skill, unproven: level too low).

:class:`MatchIndex` holds the candidates as sparse rows (columns: held concepts, values:
weights, and the levels alongside) and the same postings block by block (65,536 rows a block)
for reading many columns fast. It answers "top k for this profile" exactly:

1. the profile's plan (its links resolved to columns, kept per profile) splits the links in
   layers by similarity (:data:`LAYER_FLOORS`); reading a layer's postings gives each row an
   upper bound: per requirement the most the unread links could give (``rest``) plus, per
   read link held, the weight times what the link gives above that rest;
2. the rows with the best bounds (a pool found from a sample of bounds) are scored exactly;
   the k-th best of them is a floor for the k-th best overall;
3. every other row whose bound reaches that floor gets a second bound from its own row (all
   its links in full) and, if that reaches it too, an exact score; when too many rows reach
   it, the next layer is read first.

A row is left out only when its bound is below the floor by :data:`MARGIN`, so the top k,
ranked by the score :func:`explain` reports (:func:`ranked`), is the same as scoring every
row one by one; the exact scores use the same arithmetic as :func:`explain`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import numpy.typing as npt
from scipy import sparse

from kunde.matching import _kernels
from kunde.matching.graph import SIMILARITY, SkillGraph
from kunde.matching.model import (
    UNPROVEN_SHARE,
    Candidate,
    GapKind,
    How,
    JobProfile,
    Level,
    Match,
    SkillResult,
    held_weight,
)

Held = Mapping[str, tuple[float, Level]]  # uri -> (weight, level)


def _total_importance(profile: JobProfile) -> float:
    return sum(r.importance_weight for r in profile.requirements) or 1.0


def explain(profile: JobProfile, holder_id: str, held: Held, graph: SkillGraph) -> Match:
    """The exact score of one candidate with the reason for every required skill."""
    total = _total_importance(profile)
    results: list[SkillResult] = []
    score = 0.0
    for requirement in profile.requirements:
        best, how, via = 0.0, None, None
        gap: GapKind | None = GapKind.MISSING
        for link in graph.expand(requirement.uri):
            found = held.get(link.uri)
            if found is None:
                continue
            weight, level = found
            value = link.similarity * weight
            unproven = link.how is How.EXACT and level < requirement.min_level
            if unproven:
                value *= UNPROVEN_SHARE
            if value > best:
                best, how, via = value, link.how, link.uri
                if link.how is not How.EXACT:
                    gap = GapKind.PARTIAL
                else:
                    gap = GapKind.UNPROVEN if unproven else None
        contribution = requirement.importance_weight * best / total
        score += contribution
        results.append(
            SkillResult(requirement, round(best, 6), round(contribution, 6), how, via, gap)
        )
    return Match(holder_id, round(score, 6), tuple(results))


def held_of(candidate: Candidate, today: date) -> dict[str, tuple[float, Level]]:
    """A candidate's held skills as ``uri -> (weight, level)``."""
    return {
        s.uri: (float(np.float32(held_weight(s.level, s.last_used, today))), s.level)
        for s in candidate.skills
    }


def score(profile: JobProfile, candidate: Candidate, graph: SkillGraph, today: date) -> Match:
    return explain(profile, candidate.holder_id, held_of(candidate, today), graph)


# Links are read in layers, strongest first (similarity at least each floor). After a layer,
# a passport's bound is what the layers read give plus the most the unread ones could add;
# when that cannot lift enough passports to the k-th best score, the rest stays unread.
LAYER_FLOORS = (SIMILARITY[How.RELATED], SIMILARITY[How.SAME_GROUP], 0.0)
BLOCK_BITS = 16  # 65,536 rows per block: one block's float32 sums fit in a core's cache
CHEAP = 2.0  # weak links of a requirement are read first up to this many times (see _layers)
SEED_ROWS = 128  # rows scored first (at least 2k), by best bound, to learn the k-th best
POOL_ROWS = 4096  # rows with the best bounds, kept apart so most choices skip a full pass
MARGIN = 1e-4  # float32 bounds: a row is left out only when this far below the k-th best
PLAN_CACHE = 64  # profiles whose plans an index keeps
TINY = float(np.finfo(np.float32).tiny)  # the least positive bound
SAMPLE = 4096  # bounds sampled to find the pool without sorting every bound
SAMPLE_RUNS = 16  # in this many runs of neighbouring rows
EXACT_COST = 2  # a candidate's held skill costs about this many postings read


@dataclass(frozen=True)
class _Layer:
    """One band of link similarities: its postings, and the bound once it is read."""

    columns: npt.NDArray[np.int64]  # block-major columns of ``MatchIndex.by_block``
    postings: int
    weights: tuple[npt.NDArray[np.float32], ...]  # bound weights of this and earlier layers
    rest: float  # the most a passport can still gain from the links of later layers
    # This and earlier layers as one list for :func:`_kernels.bounds`: their columns and
    # bound weights one after the other, where each starts and its columns per block.
    read: npt.NDArray[np.int64]
    read_weights: npt.NDArray[np.float32]
    starts: npt.NDArray[np.int64]
    members: npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Plan:
    """A profile resolved against the index's columns."""

    per_requirement: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], int, int]]
    importance: npt.NDArray[np.float64]  # normalised
    weight: npt.NDArray[np.float64]  # each requirement's importance weight
    total: float  # their sum, as :func:`explain` divides by it
    layers: tuple[_Layer, ...]
    # The links, sorted by column: a column's links are ``first[c] : first[c] + count[c]``.
    first: npt.NDArray[np.int64]
    count: npt.NDArray[np.int64]
    link_requirement: npt.NDArray[np.int64]
    link_similarity: npt.NDArray[np.float64]
    link_min_level: npt.NDArray[np.int8]  # the minimum level of an exact link, else 0
    upper: npt.NDArray[np.float64]  # per column: the sum of share x similarity of its links


class Laps:
    """A stopwatch for the phases of :meth:`MatchIndex.timed_top`: ``laps("phase")`` adds
    the wall and CPU seconds since the previous call (or since it was made) to that phase."""

    def __init__(self, *, on: bool = True) -> None:
        self.on = on
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._mark = (time.perf_counter(), time.process_time()) if on else (0.0, 0.0)

    @classmethod
    def off(cls) -> Laps:
        return cls(on=False)

    def __call__(self, phase: str) -> None:
        if not self.on:
            return
        now = (time.perf_counter(), time.process_time())
        self.wall[phase] = self.wall.get(phase, 0.0) + now[0] - self._mark[0]
        self.cpu[phase] = self.cpu.get(phase, 0.0) + now[1] - self._mark[1]
        self._mark = now


def _pool(bounds: npt.NDArray[np.float32], size: int) -> tuple[npt.NDArray[np.int64], float]:
    """About ``size`` rows with the highest positive bounds, and the bound they all reach:
    the floor is read off a sample of bounds, so one comparison finds them (no sort)."""
    if len(bounds) <= 2 * size:
        return np.flatnonzero(bounds >= TINY), TINY
    # Runs of neighbouring rows read faster than one row in every few hundred.
    step = len(bounds) // SAMPLE_RUNS
    starts = np.arange(SAMPLE_RUNS) * step + (step - SAMPLE // SAMPLE_RUNS) // 2
    sample = np.sort(bounds[(starts[:, None] + np.arange(SAMPLE // SAMPLE_RUNS)).ravel()])
    place = max(1, round(len(sample) * size / len(bounds)))
    floor = max(float(sample[-place]), TINY)
    return np.flatnonzero(bounds >= floor), floor


def _block_major(weights: sparse.csr_matrix, blocks: int) -> sparse.csc_matrix:
    """The postings column by column within each block of rows: column ``b * width + c``
    holds the rows of block ``b`` that hold concept ``c``. Reading a profile's columns
    block after block keeps the sums being added to in one small stretch of memory.
    Made block by block, so building needs little more memory than the result."""
    height, width = weights.shape
    index_type = np.int32 if weights.nnz < np.iinfo(np.int32).max else np.int64
    indptr = [np.zeros(1, index_type)]
    indices = []
    data = []
    for block in range(blocks):
        start = block << BLOCK_BITS
        part = weights[start : min(height, start + (1 << BLOCK_BITS))].tocsc()
        part.sort_indices()
        indptr.append((part.indptr[1:] + indptr[-1][-1]).astype(index_type))
        indices.append((part.indices + start).astype(index_type))
        data.append(part.data)
    return sparse.csc_matrix(
        (np.concatenate(data), np.concatenate(indices), np.concatenate(indptr)),
        shape=(height, blocks * width),
    )


def _best(
    rows: npt.NDArray[np.int64], bounds: npt.NDArray[np.float32], size: int
) -> npt.NDArray[np.int64]:
    """The ``size`` of ``rows`` with the highest bounds (any order)."""
    if len(rows) <= size:
        return rows
    return rows[np.argpartition(-bounds, size - 1)[:size]]


def ranked(
    rows: npt.NDArray[np.int64], scores: npt.NDArray[np.float64], k: int
) -> list[tuple[int, float]]:
    """The ``k`` best ``(row, score)`` by the score as :func:`explain` reports it (rounded
    to 6 places), above 0, ties by lower row: the order every implementation shares."""
    if len(scores) > k:
        # Only rows within rounding of the k-th best score can make the list.
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        near = scores >= kth - 1e-6
        rows, scores = rows[near], scores[near]
    found = [(-round(float(s), 6), int(r)) for r, s in zip(rows, scores, strict=True)]
    return [(row, -score) for score, row in sorted(found) if score < 0][:k]


def _kth(scores: npt.NDArray[np.float64], k: int) -> float:
    """The k-th best positive score (0 when fewer than ``k`` are positive)."""
    positive = scores[scores > 0]
    if len(positive) < k:
        return 0.0
    return float(np.partition(positive, len(positive) - k)[len(positive) - k])


class MatchIndex:
    """Candidates as sparse rows, for fast exact top-k against any profile."""

    def __init__(
        self,
        holder_ids: Sequence[str],
        vocabulary: Mapping[str, int],
        weights: sparse.csr_matrix,
        levels: sparse.csr_matrix,
    ) -> None:
        self.holder_ids = list(holder_ids)
        self.vocabulary = dict(vocabulary)
        self.uris = [""] * len(vocabulary)
        for uri, column in vocabulary.items():
            self.uris[column] = uri
        self.weights = weights.tocsr()
        self.levels = levels.tocsr()
        self.width = self.weights.shape[1]
        self.blocks = max(1, -(-self.weights.shape[0] // (1 << BLOCK_BITS)))
        self.by_block = _block_major(self.weights, self.blocks)
        self.postings = np.bincount(self.weights.indices, minlength=self.width)
        self.heaviest = float(self.weights.data.max()) if self.weights.nnz else 0.0
        self.row_length = self.weights.nnz / max(1, self.weights.shape[0])
        self._plans: dict[tuple[JobProfile, int], tuple[SkillGraph, _Plan]] = {}
        self._compile()

    @classmethod
    def build(cls, candidates: Iterable[Candidate], today: date) -> MatchIndex:
        holder_ids: list[str] = []
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        levels: list[int] = []
        for row, candidate in enumerate(candidates):
            holder_ids.append(candidate.holder_id)
            for skill in candidate.skills:
                rows.append(row)
                cols.append(vocabulary.setdefault(skill.uri, len(vocabulary)))
                values.append(held_weight(skill.level, skill.last_used, today))
                levels.append(int(skill.level))
        return cls.from_arrays(holder_ids, vocabulary, rows, cols, values, levels)

    @classmethod
    def from_arrays(  # noqa: PLR0917 - the parts of a sparse matrix
        cls,
        holder_ids: Sequence[str],
        vocabulary: Mapping[str, int],
        rows: Sequence[int] | npt.NDArray[np.int64],
        cols: Sequence[int] | npt.NDArray[np.int64],
        values: Sequence[float] | npt.NDArray[np.float32],
        levels: Sequence[int] | npt.NDArray[np.int8],
    ) -> MatchIndex:
        shape = (len(holder_ids), max(len(vocabulary), 1))
        weights = sparse.csr_matrix(
            (np.asarray(values, np.float32), (np.asarray(rows), np.asarray(cols))), shape=shape
        )
        level_matrix = sparse.csr_matrix(
            (np.asarray(levels, np.int8), (np.asarray(rows), np.asarray(cols))), shape=shape
        )
        return cls(holder_ids, vocabulary, weights, level_matrix)

    def __len__(self) -> int:
        return len(self.holder_ids)

    @property
    def nbytes(self) -> int:
        """Memory of what :meth:`top` reads (``by_column`` is built for :meth:`score_all`)."""
        parts = (self.weights, self.levels, self.by_block)
        return sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in parts)

    @cached_property
    def by_column(self) -> sparse.csc_matrix:
        """The candidates column by column (the plain inverted index of :meth:`score_all`)."""
        return self.weights.tocsc()

    def held(self, row: int) -> dict[str, tuple[float, Level]]:
        start, end = self.weights.indptr[row], self.weights.indptr[row + 1]
        columns = self.weights.indices[start:end]
        return {
            self.uris[c]: (float(w), Level(int(lv)))
            for c, w, lv in zip(
                columns,
                self.weights.data[start:end],
                self.levels.data[start:end],
                strict=True,
            )
        }

    def _plan(self, profile: JobProfile, graph: SkillGraph) -> _Plan:
        """The profile's plan, made once per profile and graph (profiles are immutable)."""
        key = (profile, id(graph))
        found = self._plans.get(key)
        if found is not None and found[0] is graph:
            return found[1]
        plan = self._make_plan(profile, graph)
        if len(self._plans) >= PLAN_CACHE:
            del self._plans[next(iter(self._plans))]
        self._plans[key] = (graph, plan)
        return plan

    def _make_plan(self, profile: JobProfile, graph: SkillGraph) -> _Plan:
        total = _total_importance(profile)
        links: list[tuple[int, int, float, int]] = []  # column, requirement, similarity, level
        per_requirement = []
        for j, requirement in enumerate(profile.requirements):
            columns: list[int] = []
            sims: list[float] = []
            exact = -1
            for link in graph.expand(requirement.uri):
                column = self.vocabulary.get(link.uri)
                if column is None:
                    continue
                if link.how is How.EXACT:
                    exact = len(columns)
                columns.append(column)
                sims.append(link.similarity)
                minimum = int(requirement.min_level) if link.how is How.EXACT else 0
                links.append((column, j, link.similarity, minimum))
            per_requirement.append(
                (
                    np.asarray(columns, np.int64),
                    np.asarray(sims, np.float64),
                    exact,
                    int(requirement.min_level),
                )
            )
        weight = np.asarray([r.importance_weight for r in profile.requirements], np.float64)
        links.sort()
        link_column = np.asarray([c for c, _, _, _ in links], np.int64)
        requirement_of = np.asarray([j for _, j, _, _ in links], np.int64)
        similarity = np.asarray([s for _, _, s, _ in links], np.float64)
        count = np.bincount(link_column, minlength=self.width).astype(np.int64)
        upper = np.bincount(link_column, (weight / total)[requirement_of] * similarity, self.width)
        return _Plan(
            per_requirement,
            weight / total,
            weight,
            total,
            self._layers(link_column, requirement_of, similarity, weight / total),
            np.cumsum(count) - count,
            count,
            requirement_of,
            similarity,
            np.asarray([m for _, _, _, m in links], np.int8),
            upper.astype(np.float64),
        )

    def _layers(
        self,
        column: npt.NDArray[np.int64],
        requirement: npt.NDArray[np.int64],
        similarity: npt.NDArray[np.float64],
        share: npt.NDArray[np.float64],
    ) -> tuple[_Layer, ...]:
        """Bound weights per layer: a passport's credit for requirement ``j`` is at most
        ``rest_j`` (the best similarity among unread links) plus, per read link, its weight
        times ``similarity - rest_j`` (when positive); summed with the requirements' shares."""
        band = np.searchsorted(-np.asarray(LAYER_FLOORS), -similarity, side="left")
        # A requirement whose weaker links have few postings (no more than the strong links
        # of an average requirement) has them all read at once: its rest drops to 0 cheaply.
        weak = band > 0
        weak_postings = np.bincount(
            requirement[weak], self.postings[column[weak]], minlength=len(share)
        )
        strong_postings = self.postings[np.unique(column[~weak])].sum() / max(1, len(share))
        band[weak & (weak_postings[requirement] <= CHEAP * strong_postings)] = 0
        present = np.unique(band)  # bands with no link are skipped
        band = np.searchsorted(present, band)
        floors = len(present)
        offsets = np.arange(self.blocks, dtype=np.int64)[:, None] * self.width
        members = [np.unique(column[band == n]) for n in range(floors)]
        layers: list[_Layer] = []
        for n in range(floors):
            later = band > n
            rest = np.zeros(len(share))
            np.maximum.at(rest, requirement[later], similarity[later])
            weights = []
            for m in range(n + 1):
                here = band == m
                excess = share[requirement[here]] * np.maximum(
                    similarity[here] - rest[requirement[here]], 0
                )
                per_column = np.bincount(column[here], excess, minlength=self.width)
                # Rounded up, so float32 sums stay above the exact credit.
                values = np.nextafter(per_column[members[m]].astype(np.float32), np.inf)
                weights.append(np.tile(values, self.blocks))
            columns = (offsets + members[n][None, :]).ravel()
            read = [layer.columns for layer in layers] + [columns]
            sizes = np.asarray([len(part) for part in read], np.int64)
            layers.append(
                _Layer(
                    columns,
                    int(self.postings[members[n]].sum()),
                    tuple(weights),
                    float(share @ rest) * self.heaviest,
                    np.concatenate(read),
                    np.concatenate(weights).astype(np.float32),
                    np.cumsum(sizes) - sizes,
                    np.asarray([len(members[m]) for m in range(n + 1)], np.int64),
                )
            )
        return tuple(layers)

    def _bounds(self, layer: _Layer) -> npt.NDArray[np.float32]:
        """Upper bounds of every row from ``layer`` and the layers before it."""
        bounds = np.zeros(len(self), np.float32)
        _kernels.bounds(
            self.by_block.indptr,
            self.by_block.indices,
            self.by_block.data,
            layer.read,
            layer.read_weights,
            layer.starts,
            layer.members,
            self.blocks,
            bounds,
        )
        return bounds

    def _upper(self, rows: npt.NDArray[np.int64], plan: _Plan) -> npt.NDArray[np.float64]:
        """Upper bounds of ``rows`` from their rows: every held link counted in full."""
        upper = np.empty(len(rows))
        _kernels.row_bounds(
            self.weights.indptr, self.weights.indices, self.weights.data, rows, plan.upper, upper
        )
        return upper

    def _exact(self, rows: npt.NDArray[np.int64], plan: _Plan) -> npt.NDArray[np.float64]:
        """Exact scores of ``rows``, read from their rows (the same arithmetic as
        :func:`explain`, so the same floats)."""
        scores = np.zeros(len(rows))
        if len(rows) and len(plan.weight):
            _kernels.exact(
                self.weights.indptr,
                self.weights.indices,
                self.weights.data,
                self.levels.data,
                rows,
                plan.first,
                plan.count,
                plan.link_requirement,
                plan.link_similarity,
                plan.link_min_level,
                plan.weight,
                plan.total,
                UNPROVEN_SHARE,
                scores,
            )
        return scores

    def _compile(self) -> None:
        """Run each kernel once on this index's arrays (compiled or loaded from numba's
        cache now, so no query waits for it)."""
        empty = _Plan(
            [],
            np.zeros(0),
            np.zeros(1),
            1.0,
            (),
            np.zeros(self.width, np.int64),
            np.zeros(self.width, np.int64),
            np.zeros(0, np.int64),
            np.zeros(0),
            np.zeros(0, np.int8),
            np.zeros(self.width),
        )
        none = np.zeros(0, np.int64)
        self._bounds(_Layer(none, 0, (), 0.0, none, np.zeros(0, np.float32), none, none))
        rows = np.zeros(min(1, len(self)), np.int64)
        self._upper(rows, empty)
        self._exact(rows, empty)

    def top(
        self,
        profile: JobProfile,
        graph: SkillGraph,
        k: int = 50,
        rows: npt.NDArray[np.bool_] | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` best ``(row, score)`` with a score above 0, best first, exactly as
        :func:`explain` scores each row (ranked as :func:`ranked` says).

        ``rows``, when given, limits the candidates (e.g. to those eligible for a purpose).
        Upper bounds come from the profile's strongest links first (:data:`LAYER_FLOORS`);
        the rows with the best bounds are scored exactly to learn the k-th best score, and
        every other row whose bound reaches it is scored too.
        """
        return self.timed_top(profile, graph, k, rows, Laps.off())

    def timed_top(
        self,
        profile: JobProfile,
        graph: SkillGraph,
        k: int,
        rows: npt.NDArray[np.bool_] | None,
        laps: Laps,
    ) -> list[tuple[int, float]]:
        """:meth:`top`, with the time of each phase added to ``laps`` (for benchmarks)."""
        plan = self._plan(profile, graph)
        laps("plan")
        if k < 1 or not len(self) or not plan.layers:
            return []
        seed = chosen = np.zeros(0, np.int64)
        seed_scores = np.zeros(0)
        threshold = floor = 0.0
        pool: npt.NDArray[np.int64] | None = None
        for n, layer in enumerate(plan.layers):
            bounds = self._bounds(layer)
            if rows is not None:
                bounds[~rows] = -np.inf
            laps("bounds")
            if not n:
                pool, floor = _pool(bounds, max(POOL_ROWS, 16 * k))
                seed = _best(pool, bounds[pool], max(SEED_ROWS, 2 * k))
                seed_scores = self._exact(seed, plan)
                threshold = _kth(seed_scores, k) - MARGIN
                laps("seed")
            else:
                pool = None
            bounds[seed] = -np.inf
            cut = threshold - layer.rest
            last = n + 1 == len(plan.layers)
            if cut <= 0 and not last:
                continue
            if pool is not None and cut >= floor:
                chosen = pool[bounds[pool] >= cut]
            else:
                chosen = np.flatnonzero(bounds >= max(cut, TINY))
            laps("select")
            cost = len(chosen) * self.row_length * EXACT_COST
            if last or cost <= plan.layers[n + 1].postings:
                break
        # A cheaper bound from the candidates' own rows first; the rest are scored exactly.
        chosen = chosen[self._upper(chosen, plan) >= threshold]
        laps("row bounds")
        every = np.concatenate((seed, chosen))
        found = ranked(every, np.concatenate((seed_scores, self._exact(chosen, plan))), k)
        laps("exact")
        return found

    def score_all(self, profile: JobProfile, graph: SkillGraph) -> npt.NDArray[np.float64]:
        """Exact scores of every candidate (a plain column-wise sparse pass, no pruning)."""
        plan = self._plan(profile, graph)
        scores = np.zeros(len(self.holder_ids))
        for share, (columns, sims, exact, min_level) in zip(
            plan.importance, plan.per_requirement, strict=True
        ):
            if not len(columns):
                continue
            block = self.by_column[:, columns].multiply(sims.reshape(1, -1)).tocsc()
            if exact >= 0 and min_level > Level.DECLARATION:
                levels = self.levels.tocsc()[:, [int(columns[exact])]].toarray().reshape(-1)
                low = (levels > 0) & (levels < min_level)
                penalty = np.where(low, UNPROVEN_SHARE, 1.0)
                block = block.tolil()
                block[:, exact] = block[:, exact].multiply(penalty.reshape(-1, 1))
                block = block.tocsc()
            scores += share * np.asarray(block.max(axis=1).toarray()).reshape(-1)
        return scores

    def match(self, row: int, profile: JobProfile, graph: SkillGraph) -> Match:
        """The explained match of one row (same score as :meth:`top`)."""
        return explain(profile, self.holder_ids[row], self.held(row), graph)


__all__ = ["Laps", "MatchIndex", "explain", "held_of", "ranked", "score"]
