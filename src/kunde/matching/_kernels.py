"""Compiled loops of :class:`kunde.matching.engine.MatchIndex`: one pass each over the
postings or rows they read, with no copies in between.

Compiled by numba (cached on disk next to this module, or in numba's user cache when that
is not writable); :meth:`MatchIndex.__init__` calls each once with the index's own arrays,
so the compilation is done before the first query. No fast-math: every float operation is
the one written, in the order written, so :func:`scores` gives the same floats as
:func:`kunde.matching.engine.explain`. Rows and columns are read as unsigned numbers where
they index an array: numba then skips the check for negative indices, which in the inner
loop of :func:`candidates` costs about half its time.

Bounds are float32 and never negative, so their bits read as int32 sort as the numbers do:
:data:`BIN_SHIFT` of them make a bin about 6 % wide, which both loops use instead of sorting.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

BIN_SHIFT = 19  # a bound's bits >> 19: its exponent and 4 bits of mantissa
BINS = 1 << (31 - BIN_SHIFT)
TINY_BITS = 1 << 23  # the bits of the least positive normal float32
INFINITY_BITS = 0x7F800000
CHUNK = 64  # rows tested at once for a bound at the cut (a loop the compiler vectorises)
BATCH = 16  # rows whose entries are asked from memory together (see :func:`scores`)


@njit(cache=True, nogil=True)
def _estimate(  # noqa: PLR0917 - one block's sums and what to count
    bits: npt.NDArray[np.int32],
    base: int,
    size: int,
    rows: int,
    target: int,
    allowed: npt.NDArray[np.bool_],
    sample: npt.NDArray[np.int64],
) -> int:
    """The bits of a cut that about ``target`` of all ``rows`` reach, read off every 4th
    row of one block (counted by bin in ``sample``); the least positive float32 when too
    few rows have a bound."""
    sample[:] = 0
    for row in range(0, size, 4):
        if bits[row] > 0 and (not len(allowed) or allowed[base + row]):
            sample[bits[row] >> BIN_SHIFT] += 1
    want = max(1.0, target * ((size + 3) // 4) / rows)
    seen = 0
    for at in range(len(sample) - 1, 0, -1):
        seen += sample[at]
        if seen >= want:
            return max(at << BIN_SHIFT, TINY_BITS)
    return TINY_BITS


@njit(cache=True, nogil=True)
def _append(  # noqa: PLR0917 - a stretch of one block's sums and where the rows go
    sums: npt.NDArray[np.float32],
    bits: npt.NDArray[np.int32],
    base: int,
    start: int,
    end: int,
    cut: np.int32,
    allowed: npt.NDArray[np.bool_],
    out_rows: npt.NDArray[np.int64],
    out_bounds: npt.NDArray[np.float32],
    count: int,
) -> int:
    """Append the rows ``start:end`` of one block whose sum reaches ``cut`` (bits)."""
    for row in range(start, end):
        if bits[row] >= cut and (not len(allowed) or allowed[base + row]):
            out_rows[count] = base + row
            out_bounds[count] = sums[row]
            count += 1
    return count


@njit(cache=True, nogil=True)
def _collect(  # noqa: PLR0917 - one block's sums and where the rows go
    sums: npt.NDArray[np.float32],
    bits: npt.NDArray[np.int32],
    base: int,
    size: int,
    cut: np.int32,
    allowed: npt.NDArray[np.bool_],
    out_rows: npt.NDArray[np.int64],
    out_bounds: npt.NDArray[np.float32],
    count: int,
) -> int:
    """Append the rows of one block whose sum reaches ``cut`` (bits); returns the count.
    Whole chunks are tested first with an integer "or" (int32 against int32, whole chunks
    only: so the compiler vectorises it; with a boolean, or a partial last chunk, it does
    not, and the test costs several times as much)."""
    whole = size - size % CHUNK
    for start in range(0, whole, CHUNK):
        hit = 0
        for row in range(start, start + CHUNK):
            hit |= bits[row] >= cut
        if hit:
            count = _append(
                sums, bits, base, start, start + CHUNK, cut, allowed, out_rows, out_bounds, count
            )
    return _append(sums, bits, base, whole, size, cut, allowed, out_rows, out_bounds, count)


@njit(cache=True, nogil=True)
def candidates(  # noqa: PLR0917 - the arrays of the postings and of a layer
    pointers: npt.NDArray[np.int64],
    offsets: npt.NDArray[np.uint16],
    quanta: npt.NDArray[np.uint8],
    block_bits: int,
    rows: int,
    columns: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float32],
    cut: float,
    target: int,
    allowed: npt.NDArray[np.bool_],
    sums: npt.NDArray[np.float32],
    sample: npt.NDArray[np.int64],
    out_rows: npt.NDArray[np.int64],
    out_bounds: npt.NDArray[np.float32],
) -> tuple[int, float]:
    """The rows (``allowed``, when not empty) whose bound reaches ``cut``: per block of
    ``2 ** block_bits`` rows, ``sums`` adds ``quanta * weight`` of every posting of
    ``columns`` (column ``c``'s postings in block ``b`` are ``pointers[c * blocks + b]`` up
    to the next, at row ``(b << block_bits) + offset``), then the rows at the cut are
    appended to ``out_rows`` with their bounds. With ``cut <= 0`` the cut is first read off
    the first block so that about ``target`` rows reach it (``sample`` keeps that block's
    bins). Returns the count and the cut used (a float32, the least positive one meaning
    "every positive bound")."""
    bits = sums.view(np.int32)
    level = np.zeros(1, np.float32)
    level[0] = cut
    cut_bits = level.view(np.int32)[0] if cut > 0 else np.int32(0)
    count = 0
    blocks = max(1, -(-rows >> block_bits))
    for block in range(blocks):
        base = block << block_bits
        size = min(1 << block_bits, rows - base)
        sums[:size] = 0
        for at in range(len(columns)):
            column = columns[at] * blocks + block
            weight = weights[at]
            for posting in range(np.uint64(pointers[column]), np.uint64(pointers[column + 1])):
                sums[np.uint64(offsets[posting])] += np.float32(quanta[posting]) * weight
        if not cut_bits:
            cut_bits = np.int32(_estimate(bits, base, size, rows, target, allowed, sample))
        count = _collect(sums, bits, base, size, cut_bits, allowed, out_rows, out_bounds, count)
    used = np.zeros(1, np.int32)
    used[0] = cut_bits
    return count, float(used.view(np.float32)[0])


@njit(cache=True, nogil=True)
def by_bin(bounds: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Positions of ``bounds`` by bin, highest first (a counting sort), and their bins."""
    bits = bounds.view(np.int32)
    first = np.zeros(BINS + 1, np.int64)
    for at in range(len(bits)):
        first[BINS - (bits[at] >> BIN_SHIFT)] += 1
    for place in range(1, BINS + 1):
        first[place] += first[place - 1]
    order = np.empty(len(bits), np.int64)
    keys = np.empty(len(bits), np.int64)
    for at in range(len(bits) - 1, -1, -1):
        place = BINS - 1 - (bits[at] >> BIN_SHIFT)
        first[place + 1] -= 1
        order[first[place + 1]] = at
    for at in range(len(order)):
        keys[at] = bits[order[at]] >> BIN_SHIFT
    return order, keys


@njit(cache=True, nogil=True)
def _exact(  # noqa: PLR0917 - the arrays of one row and of a plan
    indices: npt.NDArray[np.integer],
    data: npt.NDArray[np.float32],
    levels: npt.NDArray[np.int8],
    start: int,
    end: int,
    first: npt.NDArray[np.int64],
    count: npt.NDArray[np.int64],
    link_requirement: npt.NDArray[np.int64],
    link_similarity: npt.NDArray[np.float64],
    link_min_level: npt.NDArray[np.int8],
    weight: npt.NDArray[np.float64],
    total: float,
    unproven_share: float,
    best: npt.NDArray[np.float64],
) -> float:
    """The score of the row whose entries are ``start:end``, computed as ``explain``
    computes it: per requirement the best ``similarity * weight`` (times ``unproven_share``
    below the minimum level) over its held links, then ``weight_j * best_j / total`` added
    in requirement order."""
    best[:] = 0.0
    for entry in range(start, end):
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
    return score


@njit(cache=True, nogil=True)
def _ceiling(
    indices: npt.NDArray[np.integer],
    data: npt.NDArray[np.float32],
    start: int,
    end: int,
    upper: npt.NDArray[np.float64],
) -> float:
    """A bound from the row's own entries: ``upper[column] * weight`` summed."""
    total = 0.0
    for entry in range(start, end):
        total += upper[np.uint64(indices[entry])] * data[entry]
    return total


@njit(cache=True, nogil=True)
def _edges() -> npt.NDArray[np.float32]:
    """The least bound of each bin (the last ones infinite)."""
    bits = np.empty(BINS + 1, np.int32)
    for key in range(BINS + 1):
        bits[key] = min(key << BIN_SHIFT, INFINITY_BITS)
    return bits.view(np.float32)


@njit(cache=True, nogil=True)
def _next_batch(  # noqa: PLR0917 - the candidates in order and the batch to fill
    order: npt.NDArray[np.int64],
    bins: npt.NDArray[np.int64],
    edges: npt.NDArray[np.float32],
    bounds: npt.NDArray[np.float32],
    rest: float,
    threshold: float,
    at: int,
    batch: npt.NDArray[np.int64],
) -> tuple[int, int]:
    """Fill ``batch`` with the next candidates from ``order[at:]`` that can reach the
    threshold; returns the batch's size and where to go on (the end once a whole bin
    is below the threshold: so is every later one)."""
    size = 0
    while at < len(order) and size < len(batch):
        if edges[bins[at] + 1] + rest < threshold:
            return size, len(order)
        if bounds[order[at]] + rest >= threshold:
            batch[size] = order[at]
            size += 1
        at += 1
    return size, at


@njit(cache=True, nogil=True)
def _read_ahead(  # noqa: PLR0917 - the arrays of the rows and of a batch
    indptr: npt.NDArray[np.integer],
    indices: npt.NDArray[np.integer],
    data: npt.NDArray[np.float32],
    levels: npt.NDArray[np.int8],
    rows: npt.NDArray[np.int64],
    batch: npt.NDArray[np.int64],
    size: int,
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
) -> int:
    """Where the batch's rows are (``starts``, ``ends``), and their first and last entries
    asked for all at once, so the cache misses overlap; returns a sum of what was read."""
    for n in range(size):
        starts[n] = indptr[rows[batch[n]]]
        ends[n] = indptr[rows[batch[n]] + 1]
    ahead = 0
    for n in range(size):
        if ends[n] > starts[n]:
            ahead += indices[starts[n]] + indices[ends[n] - 1] + levels[starts[n]]
            ahead += np.int64(data[starts[n]]) + np.int64(data[ends[n] - 1])
    return ahead


@njit(cache=True, nogil=True)
def _kept(top: npt.NDArray[np.float64], filled: int, score: float) -> int:
    """Keep ``score`` if it is among the best ``len(top)``; ``top[0]`` is the least of them
    once ``top`` is full. Returns how many ``top`` holds."""
    if filled < len(top):
        top[filled] = score
        filled += 1
    elif score > top[0]:
        top[0] = score
    else:
        return filled
    if filled == len(top):
        least = np.argmin(top)
        top[0], top[least] = top[least], top[0]
    return filled


@njit(cache=True, nogil=True)
def scores(  # noqa: PLR0917 - the arrays of the rows, the candidates and a plan
    indptr: npt.NDArray[np.integer],
    indices: npt.NDArray[np.integer],
    data: npt.NDArray[np.float32],
    levels: npt.NDArray[np.int8],
    rows: npt.NDArray[np.int64],
    bounds: npt.NDArray[np.float32],
    order: npt.NDArray[np.int64],
    bins: npt.NDArray[np.int64],
    rest: float,
    floor: float,
    margin: float,
    limit: int,
    top: npt.NDArray[np.float64],
    state: npt.NDArray[np.int64],
    upper: npt.NDArray[np.float64],
    first: npt.NDArray[np.int64],
    count: npt.NDArray[np.int64],
    link_requirement: npt.NDArray[np.int64],
    link_similarity: npt.NDArray[np.float64],
    link_min_level: npt.NDArray[np.int8],
    weight: npt.NDArray[np.float64],
    total: float,
    unproven_share: float,
    out_rows: npt.NDArray[np.int64],
    out_scores: npt.NDArray[np.float64],
) -> tuple[float, int]:
    """Exact scores (:func:`_exact`) of the ``rows`` that can still make the best
    ``len(top)``, highest bound first (``order`` and ``bins`` from :func:`by_bin`), until
    about ``limit`` rows are scored in all; ``state`` (where in ``order``, how many scored
    into ``out_rows`` and ``out_scores``, how many in ``top``) lets a second call go on.

    A row is passed over when its bound plus ``rest`` is below the threshold: the least of
    the best scores in ``top`` less ``margin`` once it is full (at least ``floor``), or when
    the bound from its own row (:func:`_ceiling`) is. Rows are read in batches: asking for
    a batch's first and last entries before reading any lets their cache misses overlap.
    Returns the threshold and a sum of what was read ahead (so the compiler keeps those
    reads)."""
    edges = _edges()
    best = np.zeros(len(weight))
    at, scored, filled = state[0], state[1], state[2]
    threshold = floor
    if filled == len(top):
        threshold = max(threshold, top[0] - margin)
    batch = np.empty(BATCH, np.int64)
    starts = np.empty(BATCH, np.int64)
    ends = np.empty(BATCH, np.int64)
    ahead = 0
    while at < len(order) and scored < limit:
        size, at = _next_batch(order, bins, edges, bounds, rest, threshold, at, batch)
        ahead += _read_ahead(indptr, indices, data, levels, rows, batch, size, starts, ends)
        for n in range(size):
            if bounds[batch[n]] + rest < threshold:
                continue
            if _ceiling(indices, data, starts[n], ends[n], upper) < threshold:
                continue
            score = _exact(
                indices,
                data,
                levels,
                starts[n],
                ends[n],
                first,
                count,
                link_requirement,
                link_similarity,
                link_min_level,
                weight,
                total,
                unproven_share,
                best,
            )
            out_rows[scored] = rows[batch[n]]
            out_scores[scored] = score
            scored += 1
            if score > 0:
                filled = _kept(top, filled, score)
                if filled == len(top):
                    threshold = max(threshold, top[0] - margin)
    state[0], state[1], state[2] = at, scored, filled
    return threshold, ahead
