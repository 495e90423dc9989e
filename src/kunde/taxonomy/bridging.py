"""Crossing languages through concepts that have labels in both.

Most ESCO skills have English labels only, but occupations, skill groups and ISCO groups
have Dutch ones too. A Dutch query for a skill ("heftruck besturen") first finds such a
concept by its Dutch label ("bestuurder heftruck", an alternative label of the occupation
forklift operator); that concept's English name ("forklift operator") is then searched among
the skills. The bridged score is the product of both steps and of how close the two
concepts are in meaning, discounted, so a direct match always wins over an equally good
bridged one. A direct hit scoring 0.9 or more needs no bridge.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from kunde.taxonomy.catalog import Catalog
from kunde.taxonomy.embeddings import Embedder
from kunde.taxonomy.search import Scored

_PIVOTS = 2
_MIN_PIVOT = 0.7
_DISCOUNT = 0.9
# A direct hit this good needs no detour.
_GOOD_ENOUGH = 0.9


def search(
    catalog: Catalog,
    query: str,
    *,
    kinds: Sequence[str] | None,
    concepts: npt.NDArray[np.bool_] | None,
    embedder: Embedder | None,
    limit: int,
) -> list[Scored]:
    """Direct results, merged with results reached through a bilingual pivot concept."""
    index = catalog.index
    direct = index.search(query, kinds=kinds, concepts=concepts, embedder=embedder, limit=limit)
    if not kinds or (direct and direct[0].score >= _GOOD_ENOUGH):
        return direct
    others = ~index.kind_mask(kinds)
    pivots = sorted(
        (
            (score, concept)
            for concept, (score, label) in index.lexical_matches(query, others).items()
            # Only a non-English label is a bridge: an English one was searched directly.
            if score >= _MIN_PIVOT and label.language != "en" and "en" in catalog.preferred[concept]
        ),
        reverse=True,
    )[:_PIVOTS]
    best = {hit.concept: hit for hit in direct}
    for pivot_score, pivot in pivots:
        english = catalog.preferred[pivot]["en"]
        for hit in index.search(english, kinds=kinds, concepts=concepts, limit=limit):
            # Words can mislead ("nursing lecturer" -> "perform lectures"): weigh the bridge by
            # how close the two concepts are in meaning.
            close = index.similarity(pivot, hit.concept)
            weight = 1.0 if close is None else 0.4 + 0.6 * close
            score = round(pivot_score * hit.score * _DISCOUNT * weight, 4)
            if hit.concept not in best or best[hit.concept].score < score:
                best[hit.concept] = Scored(hit.concept, score, hit.matched, hit.lexical, 0.0)
    merged = sorted(best.values(), key=lambda s: (-s.score, s.concept))
    return merged[:limit]
