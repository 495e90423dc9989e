"""The scoring engine: one candidate against a job profile, and a sparse index for many.

Score of a candidate for a profile (0..1)::

    score = sum_j importance_j * credit_j / sum_j importance_j
    credit_j = max over held h in expand(required_j) of similarity(j, h) * weight_h
    weight_h = level factor (declaration 0.6, certificate 0.85, proof 1) * recency
    (x 0.5 when h is the exact concept but held below the required minimum level)

``importance_j`` is the requirement's weight (optional ones x 0.4). Every required skill is
explained: its credit, its share of the score, how it was met and the gap (missing, partial:
only a related skill, unproven: level too low).

:class:`MatchIndex` holds the candidates as a sparse matrix (rows: candidates, columns: held
concepts, values: weights; a second matrix with the levels) and answers "top k for this
profile" exactly with a threshold scheme: a sparse product gives an upper bound per
candidate (sums in place of maxima), the best few by bound are scored exactly, and the set
grows until the k-th exact score is at least the best bound left outside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy import sparse

from kunde.matching.graph import SkillGraph
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


@dataclass(frozen=True)
class _Plan:
    """A profile resolved against the index's columns."""

    columns: npt.NDArray[np.int64]  # every column that can count, once
    bound: npt.NDArray[np.float64]  # upper-bound weight per column in ``columns``
    per_requirement: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], int, int]]
    importance: npt.NDArray[np.float64]  # normalised


def _best_by_bound(
    live: npt.NDArray[np.int64], bounds: npt.NDArray[np.float64], size: int
) -> tuple[npt.NDArray[np.int64], float]:
    """At least ``size`` of ``live`` with the highest bounds, and the best bound left out.

    A full partition of every live bound costs O(n log)-ish per query; instead a threshold
    is read off an evenly spaced sample and one vectorised comparison picks the rows. When
    the sample misjudges (too few or far too many rows), the full partition decides.
    """
    if len(live) <= size:
        return live, 0.0
    sample = bounds[:: max(1, len(bounds) // 4096)]
    threshold = float(np.quantile(sample, max(0.0, 1 - 2 * size / len(bounds))))
    above = bounds >= threshold
    count = int(np.count_nonzero(above))
    if size <= count <= 8 * size:
        below = bounds[~above]
        return live[above], float(below.max()) if len(below) else 0.0
    part = np.argpartition(-bounds, size)
    return live[part[:size]], float(bounds[part[size:]].max())


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
        self.by_column = self.weights.tocsc()

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
        parts = (self.weights, self.levels, self.by_column)
        return sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in parts)

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
        total = _total_importance(profile)
        bound: dict[int, float] = {}
        per_requirement = []
        importance = []
        for requirement in profile.requirements:
            share = requirement.importance_weight / total
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
                bound[column] = bound.get(column, 0.0) + share * link.similarity
            per_requirement.append(
                (
                    np.asarray(columns, np.int64),
                    np.asarray(sims, np.float64),
                    exact,
                    int(requirement.min_level),
                )
            )
            importance.append(share)
        keys = np.fromiter(bound, np.int64, len(bound))
        return _Plan(
            keys,
            np.fromiter(bound.values(), np.float64, len(bound)),
            per_requirement,
            np.asarray(importance),
        )

    def _exact(self, rows: npt.NDArray[np.int64], plan: _Plan) -> npt.NDArray[np.float64]:
        """Exact scores of ``rows`` (dense over the plan's columns only)."""
        position = {int(c): n for n, c in enumerate(plan.columns)}
        weights = self.weights[rows][:, plan.columns].toarray().astype(np.float64)
        levels = self.levels[rows][:, plan.columns].toarray()
        scores = np.zeros(len(rows))
        for share, (columns, sims, exact, min_level) in zip(
            plan.importance, plan.per_requirement, strict=True
        ):
            if not len(columns):
                continue
            local = np.fromiter((position[int(c)] for c in columns), np.int64, len(columns))
            values = weights[:, local] * sims
            if exact >= 0 and min_level > Level.DECLARATION:
                low = levels[:, local[exact]] < min_level
                values[low, exact] *= UNPROVEN_SHARE
            scores += share * values.max(axis=1)
        return scores

    def bounds(self, plan: _Plan) -> npt.NDArray[np.float64]:
        if not len(plan.columns):
            return np.zeros(len(self.holder_ids))
        result: npt.NDArray[np.float64] = self.by_column[:, plan.columns] @ plan.bound
        return result

    def top(
        self,
        profile: JobProfile,
        graph: SkillGraph,
        k: int = 50,
        rows: npt.NDArray[np.bool_] | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` best ``(row, score)``, best first (ties: lower row first).

        ``rows``, when given, limits the candidates (e.g. to those eligible for a purpose).
        """
        plan = self._plan(profile, graph)
        bounds = self.bounds(plan)
        if rows is not None:
            bounds = np.where(rows, bounds, 0)
        live = np.flatnonzero(bounds > 0)
        size = 4 * k
        while True:
            chosen, outside = _best_by_bound(live, bounds[live], size)
            exact = self._exact(chosen, plan)
            order = np.lexsort((chosen, -np.round(exact, 9)))[:k]
            kth = exact[order[-1]] if len(order) == k else 0.0
            if len(chosen) == len(live) or kth >= outside - 1e-12:
                return [(int(chosen[i]), round(float(exact[i]), 6)) for i in order]
            size *= 4

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


__all__ = ["MatchIndex", "explain", "held_of", "score"]
