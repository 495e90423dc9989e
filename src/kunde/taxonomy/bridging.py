"""Crossing languages through concepts that have labels in both.

Most ESCO skills have English labels only, but occupations, skill groups and ISCO groups
have Dutch ones too. A Dutch query for a skill ("heftruck besturen") first finds such a
concept by its Dutch label ("bestuurder heftruck", an alternative label of the occupation
forklift operator); that concept's English name ("forklift operator") is then searched among
the skills. The bridged score is the product of both steps, discounted, so a direct match
always wins over an equally good bridged one. Meaning (embeddings) still runs on the direct
query only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from kunde.taxonomy.catalog import Catalog
from kunde.taxonomy.embeddings import Embedder
from kunde.taxonomy.search import Scored

_PIVOTS = 3
_MIN_PIVOT = 0.7
_DISCOUNT = 0.9


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
    if not kinds:
        return direct
    others = ~np.isin(index.concept_kinds, list(kinds))
    pivots = sorted(
        (
            (score, concept)
            for concept, (score, _label) in index.lexical_matches(query, others).items()
            if score >= _MIN_PIVOT and "en" in catalog.preferred[concept]
        ),
        reverse=True,
    )[:_PIVOTS]
    best = {hit.concept: hit for hit in direct}
    for pivot_score, pivot in pivots:
        english = catalog.preferred[pivot]["en"]
        for hit in index.search(english, kinds=kinds, concepts=concepts, limit=limit):
            score = round(pivot_score * hit.score * _DISCOUNT, 4)
            if hit.concept not in best or best[hit.concept].score < score:
                best[hit.concept] = Scored(hit.concept, score, hit.matched, hit.lexical, 0.0)
    merged = sorted(best.values(), key=lambda s: (-s.score, s.concept))
    return merged[:limit]
