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
weights, and the levels alongside) and the same postings column by column, compact (a
posting is its row's 2-byte offset in a block of 65,536 rows and its weight in 1-byte
quanta, rounded up). It answers "top k for this profile" exactly:

1. the profile's plan (its links resolved to columns, kept per profile) splits the links in
   layers by similarity (:data:`LAYER_FLOORS`); reading a layer's postings gives each row an
   upper bound: per requirement the most the unread links could give (``rest``) plus, per
   read link held, the weight times what the link gives above that rest;
2. one pass adds up those bounds block by block of rows and keeps only the rows whose bound
   reaches a cut, read off a sample of the first block so that about
   :attr:`Tuning.first_pass_rows` rows reach it;
3. the kept rows are scored exactly, highest bound first: a row whose bound (or, next, the
   bound from its own row, every link counted in full) is below the k-th best score found
   so far is passed over, and once a whole bin of bounds is below it, so is every later one;
4. if the cut was above what the k-th best score needs, a second pass with the cut that
   score sets (on the same layer, or the next one when too many rows would reach it) keeps
   every row that could still make it.

A row is left out only when its bound is below the k-th best score by :data:`MARGIN`, so the
top k, ranked by the score :func:`explain` reports (:func:`ranked`), is the same as scoring
every row one by one; the exact scores use the same arithmetic as :func:`explain`.
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
QUANTA = 255  # a held weight in the postings: 1 byte, rounded up (so bounds stay bounds)
CHEAP = 2.0  # weak links of a requirement are read first up to this many times (see _layers)
MARGIN = 1e-4  # float32 bounds: a row is left out only when this far below the k-th best
PLAN_CACHE = 64  # profiles whose plans an index keeps
TINY = float(np.finfo(np.float32).tiny)  # the least positive bound
EXACT_COST = 25  # scoring a candidate costs about this many postings read per held skill
SEED_ROWS = 128  # rows scored first (at least 2 k) to judge whether a pass's cut will do
MAX_BLOCK_BITS = 16  # a row's offset in its block is 2 bytes


@dataclass(frozen=True)
class Tuning:
    """How :meth:`MatchIndex.top` reads the postings; the defaults suit any size (tests
    make them tiny, so that small indexes take every path)."""

    block_bits: int = 16  # 65,536 rows per block: their float32 sums fit in a core's cache
    first_pass_rows: int = 4096  # rows the first pass aims to keep, from a sample's cut...
    first_pass_per_k: int = 16  # ...and at least this many per row asked for

    def __post_init__(self) -> None:
        if not 0 < self.block_bits <= MAX_BLOCK_BITS:
            raise ValueError(f"block_bits must be 1 to {MAX_BLOCK_BITS}")
        if self.first_pass_rows < 1 or self.first_pass_per_k < 1:
            raise ValueError("the first pass must keep at least 1 row")


@dataclass(frozen=True)
class _Layer:
    """One band of link similarities, read with the bands before it."""

    read: npt.NDArray[np.int64]  # the columns of this and earlier layers, each once
    weights: npt.NDArray[np.float32]  # their bound weight per quantum of held weight
    rest: float  # the most a passport can still gain from the links of later layers
    postings: int  # postings of the columns this layer adds


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


@dataclass(frozen=True)
class _Postings:
    """The postings column by column, each column's in row order, compact: a posting is
    its row's offset in its block of ``2 ** block_bits`` rows (2 bytes) and its held weight
    in quanta of ``heaviest / QUANTA``, rounded up (1 byte). Column ``c``'s postings in
    block ``b`` are ``pointers[c * blocks + b]`` up to the next pointer."""

    pointers: npt.NDArray[np.int64]
    offsets: npt.NDArray[np.uint16]
    quanta: npt.NDArray[np.uint8]
    block_bits: int

    @classmethod
    def of(cls, weights: sparse.csr_matrix, heaviest: float, block_bits: int) -> _Postings:
        height, width = weights.shape
        blocks = max(1, -(-height >> block_bits))
        # Postings per column and block, from the rows of each block.
        ends = weights.indptr[np.minimum(np.arange(1, blocks + 1) << block_bits, height)]
        begins = np.concatenate(([0], ends[:-1]))
        counts = np.stack(
            [
                np.bincount(weights.indices[begin:end], minlength=width)
                for begin, end in zip(begins, ends, strict=True)
            ],
            axis=1,
        )
        pointers = np.zeros(width * blocks + 1, np.int64)
        np.cumsum(counts.ravel(), out=pointers[1:])
        quanta = _quantised(weights.data, heaviest)
        columns = sparse.csr_matrix((quanta, weights.indices, weights.indptr), weights.shape)
        columns = columns.tocsc()
        columns.sort_indices()
        offsets = columns.indices.astype(np.uint16)  # the row modulo 65,536
        offsets &= (1 << block_bits) - 1
        return cls(pointers, offsets, columns.data.astype(np.uint8, copy=False), block_bits)

    @property
    def nbytes(self) -> int:
        return int(self.pointers.nbytes + self.offsets.nbytes + self.quanta.nbytes)


def _quantised(weights: npt.NDArray[np.float32], heaviest: float) -> npt.NDArray[np.uint8]:
    """Held weights in quanta of ``heaviest / QUANTA``, rounded up: never less than the
    weight (the bounds built from them stay above the exact credit). Made a stretch at a
    time, so the float64 copies stay small."""
    quanta = np.zeros(len(weights), np.uint8)
    if not heaviest > 0:
        return quanta
    step = 1 << 22
    for start in range(0, len(weights), step):
        exact = weights[start : start + step].astype(np.float64)
        part = np.ceil(exact * QUANTA / heaviest)
        part[part * heaviest / QUANTA < exact] += 1
        quanta[start : start + step] = np.clip(part, 0, QUANTA)
    return quanta


def _float32_below(value: float) -> float:
    """The largest float32 not above ``value`` (a cut must not rise when rounded)."""
    single = np.float32(value)
    if float(single) > value:
        single = np.nextafter(single, np.float32(-np.inf))
    return float(single)


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


class _Scoring:
    """Exact scores of one pass's candidates, highest bound first, in as many steps as
    wanted (the same arithmetic as :func:`explain`, so the same floats)."""

    def __init__(  # noqa: PLR0917 - the candidates and what they are scored with
        self,
        index: MatchIndex,
        plan: _Plan,
        rows: npt.NDArray[np.int64],
        bounds: npt.NDArray[np.float32],
        order: npt.NDArray[np.int64],
        bins: npt.NDArray[np.int64],
        rest: float,
        top: npt.NDArray[np.float64],
    ) -> None:
        self.index, self.plan = index, plan
        self.rows, self.bounds, self.order, self.bins = rows, bounds, order, bins
        self.rest = rest
        self.top = top  # the k best scores so far
        self.state = np.zeros(3, np.int64)  # see :func:`_kernels.scores`
        self.scored = np.empty(len(rows), np.int64)
        self.scores = np.empty(len(rows))

    def run(self, floor: float, limit: int | None = None) -> float:
        """Score on until about ``limit`` rows are scored in all (or no row is left that
        can reach the k-th best less :data:`MARGIN`, at least ``floor``); returns that
        threshold."""
        index, plan = self.index, self.plan
        threshold, _ = _kernels.scores(
            index.weights.indptr,
            index.weights.indices,
            index.weights.data,
            index.levels.data,
            self.rows,
            self.bounds,
            self.order,
            self.bins,
            self.rest,
            floor,
            MARGIN,
            len(self.rows) if limit is None else limit,
            self.top,
            self.state,
            plan.upper,
            plan.first,
            plan.count,
            plan.link_requirement,
            plan.link_similarity,
            plan.link_min_level,
            plan.weight,
            plan.total,
            UNPROVEN_SHARE,
            self.scored,
            self.scores,
        )
        return float(threshold)

    def ranked(self, k: int) -> list[tuple[int, float]]:
        count = self.state[1]
        return ranked(self.scored[:count], self.scores[:count], k)


class MatchIndex:
    """Candidates as sparse rows, for fast exact top-k against any profile."""

    def __init__(
        self,
        holder_ids: Sequence[str],
        vocabulary: Mapping[str, int],
        weights: sparse.csr_matrix,
        levels: sparse.csr_matrix,
        tuning: Tuning | None = None,
    ) -> None:
        self.holder_ids = list(holder_ids)
        self.vocabulary = dict(vocabulary)
        self.uris = [""] * len(vocabulary)
        for uri, column in vocabulary.items():
            self.uris[column] = uri
        self.weights = weights.tocsr()
        self.levels = levels.tocsr()
        self.width = self.weights.shape[1]
        self.postings = np.bincount(self.weights.indices, minlength=self.width)
        self.heaviest = float(self.weights.data.max()) if self.weights.nnz else 0.0
        self.tuning = tuning or Tuning()
        self.inverted = _Postings.of(self.weights, self.heaviest, self.tuning.block_bits)
        self.row_length = self.weights.nnz / max(1, self.weights.shape[0])
        self._plans: dict[tuple[JobProfile, int], tuple[SkillGraph, _Plan]] = {}
        self._compile()

    @classmethod
    def build(
        cls,
        candidates: Iterable[Candidate],
        today: date,
        tuning: Tuning | None = None,
    ) -> MatchIndex:
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
        return cls.from_arrays(holder_ids, vocabulary, rows, cols, values, levels, tuning)

    @classmethod
    def from_arrays(  # noqa: PLR0917 - the parts of a sparse matrix
        cls,
        holder_ids: Sequence[str],
        vocabulary: Mapping[str, int],
        rows: Sequence[int] | npt.NDArray[np.int64],
        cols: Sequence[int] | npt.NDArray[np.int64],
        values: Sequence[float] | npt.NDArray[np.float32],
        levels: Sequence[int] | npt.NDArray[np.int8],
        tuning: Tuning | None = None,
    ) -> MatchIndex:
        shape = (len(holder_ids), max(len(vocabulary), 1))
        weights = sparse.csr_matrix(
            (np.asarray(values, np.float32), (np.asarray(rows), np.asarray(cols))), shape=shape
        )
        level_matrix = sparse.csr_matrix(
            (np.asarray(levels, np.int8), (np.asarray(rows), np.asarray(cols))), shape=shape
        )
        return cls(holder_ids, vocabulary, weights, level_matrix, tuning)

    def __len__(self) -> int:
        return len(self.holder_ids)

    @property
    def nbytes(self) -> int:
        """Memory of what :meth:`top` reads (``by_column`` is built for :meth:`score_all`)."""
        parts = (self.weights, self.levels)
        rows = sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in parts)
        return int(rows) + self.inverted.nbytes

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
        layers: list[_Layer] = []
        for n in range(len(present)):
            later = band > n
            rest = np.zeros(len(share))
            np.maximum.at(rest, requirement[later], similarity[later])
            read = band <= n
            excess = share[requirement[read]] * np.maximum(
                similarity[read] - rest[requirement[read]], 0
            )
            per_column = np.bincount(column[read], excess, minlength=self.width)
            columns = np.flatnonzero(per_column > 0)
            # Per quantum of held weight, rounded up, so float32 sums stay above the credit.
            quantum = per_column[columns] * (self.heaviest / QUANTA)
            weights = np.nextafter(quantum.astype(np.float32), np.float32(np.inf))
            layers.append(
                _Layer(
                    columns.astype(np.int64),
                    weights.astype(np.float32),
                    float(share @ rest) * self.heaviest,
                    int(self.postings[np.unique(column[band == n])].sum()),
                )
            )
        return tuple(layers)

    def _candidates(
        self, layer: _Layer, cut: float, target: int, allowed: npt.NDArray[np.bool_]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], float, npt.NDArray[np.int64]]:
        """The rows whose bound from ``layer`` reaches ``cut`` (0: a cut about ``target``
        rows reach, read off a sample), their bounds, the cut used and the sample's bins."""
        rows = len(self)
        found = np.empty(rows, np.int64)
        bounds = np.empty(rows, np.float32)
        sample = np.zeros(_kernels.BINS, np.int64)
        count, used = _kernels.candidates(
            self.inverted.pointers,
            self.inverted.offsets,
            self.inverted.quanta,
            self.inverted.block_bits,
            rows,
            layer.read,
            layer.weights,
            _float32_below(cut),
            target,
            allowed,
            np.empty(min(rows, 1 << self.inverted.block_bits), np.float32),
            sample,
            found,
            bounds,
        )
        return found[:count], bounds[:count], used, sample

    def _scoring(
        self,
        rows: npt.NDArray[np.int64],
        bounds: npt.NDArray[np.float32],
        rest: float,
        k: int,
        plan: _Plan,
    ) -> _Scoring:
        order, bins = _kernels.by_bin(bounds)
        return _Scoring(self, plan, rows, bounds, order, bins, rest, np.zeros(k))

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
        none = _Layer(np.zeros(0, np.int64), np.zeros(0, np.float32), 0.0, 0)
        rows, bounds, _, _ = self._candidates(none, TINY, 1, np.zeros(0, np.bool_))
        self._scoring(rows, bounds, 0.0, 1, empty).run(-MARGIN)

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
        One pass over the postings of the profile's strongest links (:data:`LAYER_FLOORS`)
        keeps the rows whose upper bound reaches a cut; they are scored exactly, highest
        bound first, until no bound left can reach the k-th best score. When the cut was
        set too high for that score, or too many rows reach it, another pass follows.
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
        allowed = np.zeros(0, np.bool_) if rows is None else np.ascontiguousarray(rows, np.bool_)
        target = max(self.tuning.first_pass_rows, self.tuning.first_pass_per_k * k)
        # 0: the first pass reads its cut off a sample; small indexes keep every row.
        cut = 0.0 if len(self) > 2 * target else TINY
        threshold = -MARGIN
        n = 0
        final = False
        while True:
            layer = plan.layers[n]
            found, bounds, cut, sample = self._candidates(layer, cut, target, allowed)
            laps("bounds")
            scoring = self._scoring(found, bounds, layer.rest, k, plan)
            if not final:
                # The best few first: if the k-th best of them leaves out no row that could
                # beat it, so will the k-th best of all (it is no lower).
                threshold = scoring.run(threshold, max(SEED_ROWS, 2 * k))
                if not self._covers(cut, layer.rest, threshold):
                    laps("exact")
                    # A second pass, with the cut the k-th best so far sets: it leaves out
                    # no row that could reach that.
                    n, cut = self._next_pass(plan, n, threshold, sample)
                    final = True
                    continue
            threshold = scoring.run(threshold)
            laps("exact")
            break
        found_top = scoring.ranked(k)
        laps("rank")
        return found_top

    @staticmethod
    def _covers(cut: float, rest: float, threshold: float) -> bool:
        """Whether every row a pass left out is below ``threshold``: its bound is below the
        cut (or there is none at all, when the cut is the least one), so it scores at most
        that plus what the unread links could add (``rest``)."""
        if cut <= TINY:
            return rest == 0 or rest <= threshold
        return cut + rest <= threshold

    def _next_pass(
        self, plan: _Plan, n: int, threshold: float, sample: npt.NDArray[np.int64]
    ) -> tuple[int, float]:
        """The layer and cut of the next pass, once the k-th best score is known: the same
        layer with a lower cut when few rows reach it (by the first pass's sample), else
        the next layer that leaves a cut above 0 (or the last)."""
        cut = threshold - plan.layers[n].rest
        last = n + 1 == len(plan.layers)
        if cut > TINY and sample.any():
            sampled = (min(len(self), 1 << self.inverted.block_bits) + 3) // 4
            key = int(np.float32(_float32_below(cut)).view(np.int32)) >> _kernels.BIN_SHIFT
            reaching = sample[key:].sum() * len(self) / sampled
            if last or reaching * self.row_length * EXACT_COST <= plan.layers[n + 1].postings:
                return n, cut
        if last:
            return n, max(cut, TINY)
        n += 1
        while n + 1 < len(plan.layers) and threshold - plan.layers[n].rest <= TINY:
            n += 1
        return n, max(threshold - plan.layers[n].rest, TINY)

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


__all__ = ["Laps", "MatchIndex", "Tuning", "explain", "held_of", "ranked", "score"]
