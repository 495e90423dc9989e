"""Compiled loops of :class:`kunde.matching.engine.MatchIndex`: one pass each over the
postings or rows they read, with no copies in between.

Compiled by numba (cached on disk next to this module, or in numba's user cache when that
is not writable); :meth:`MatchIndex.__init__` calls each once with the index's own arrays,
so the compilation is done before the first query. No fast-math: every float operation is
the one written, in the order written, so :func:`exact` gives the same floats as
:func:`kunde.matching.engine.explain`. Rows and columns are read as unsigned numbers where
they index an array: numba then skips the check for negative indices, which in the inner
loop of :func:`bounds` costs about half its time.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit


@njit(cache=True, nogil=True)
def bounds(  # noqa: PLR0917 - the arrays of a sparse matrix and of a plan
    indptr: npt.NDArray[np.integer],
    indices: npt.NDArray[np.integer],
    data: npt.NDArray[np.float32],
    columns: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float32],
    starts: npt.NDArray[np.int64],
    members: npt.NDArray[np.int64],
    blocks: int,
    out: npt.NDArray[np.float32],
) -> None:
    """Add to ``out[row]`` the weight of every posting of the layers' columns.

    Part ``i`` holds ``members[i]`` columns per block, block after block, from
    ``columns[starts[i]:]`` (with their ``weights``); the parts are read block by block,
    so the sums being added to stay in one block's stretch of ``out``."""
    for block in range(blocks):
        for part in range(len(starts)):
            first = starts[part] + block * members[part]
            for at in range(first, first + members[part]):
                column = columns[at]
                weight = weights[at]
                for posting in range(np.int64(indptr[column]), np.int64(indptr[column + 1])):
                    row = np.uint64(indices[posting])  # unsigned: no check for negative ones
                    out[row] += data[posting] * weight


@njit(cache=True, nogil=True)
def row_bounds(  # noqa: PLR0917 - the arrays of a sparse matrix and of a plan
    indptr: npt.NDArray[np.integer],
    indices: npt.NDArray[np.integer],
    data: npt.NDArray[np.float32],
    rows: npt.NDArray[np.int64],
    upper: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
) -> None:
    """``out[i]``: the sum of ``upper[column] * weight`` over row ``rows[i]``'s entries."""
    for i in range(len(rows)):
        total = 0.0
        for entry in range(indptr[rows[i]], indptr[rows[i] + 1]):
            total += upper[np.uint64(indices[entry])] * data[entry]
        out[i] = total


@njit(cache=True, nogil=True)
def exact(  # noqa: PLR0917 - the arrays of a sparse matrix and of a plan
    indptr: npt.NDArray[np.integer],
    indices: npt.NDArray[np.integer],
    data: npt.NDArray[np.float32],
    levels: npt.NDArray[np.int8],
    rows: npt.NDArray[np.int64],
    first: npt.NDArray[np.int64],
    count: npt.NDArray[np.int64],
    link_requirement: npt.NDArray[np.int64],
    link_similarity: npt.NDArray[np.float64],
    link_min_level: npt.NDArray[np.int8],
    weight: npt.NDArray[np.float64],
    total: float,
    unproven_share: float,
    out: npt.NDArray[np.float64],
) -> None:
    """``out[i]``: the score of row ``rows[i]``, computed as ``explain`` computes it: per
    requirement the best ``similarity * weight`` (times ``unproven_share`` below the
    minimum level) over its held links, then ``weight_j * best_j / total`` added in
    requirement order."""
    best = np.zeros(len(weight))
    for i in range(len(rows)):
        best[:] = 0.0
        for entry in range(indptr[rows[i]], indptr[rows[i] + 1]):
            column = np.uint64(indices[entry])
            links = count[column]
            if not links:
                continue
            held = np.float64(data[entry])
            level = levels[entry]
            for link in range(first[column], first[column] + links):
                value = link_similarity[link] * held
                if level < link_min_level[link]:
                    value *= unproven_share
                requirement = link_requirement[link]
                best[requirement] = max(best[requirement], value)
        score = 0.0
        for requirement in range(len(weight)):
            score += weight[requirement] * best[requirement] / total
        out[i] = score
