"""Dutch words to English-only skills through concepts that have labels in both languages.

Most ESCO skills carry English labels only, but occupations, skill groups and ISCO groups
have Dutch ones. A Dutch n-gram ("lasser", "kassa", "onderhandel") that matches such a
*pivot* concept by its Dutch label leads, through the pivot's English name ("welder",
"cashier", "negotiating"), to the skills that name finds in the taxonomy search — the same
bridge as :mod:`kunde.taxonomy.bridging`. Words mislead ("beheer" → "grants administrator"),
so each bridged skill is weighed by meaning twice: how close it is to the pivot, and how
close it is to the piece of text the n-gram stands in (the e5 vectors the extractor already
computed). A bridged skill the text does not mean scores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kunde.taxonomy.catalog import Catalog

PIVOT_KINDS = ("occupation", "skill_group", "occupation_group")
SKILL_KINDS = ("skill", "knowledge")
MAX_WORDS = 3  # n-grams up to this long look for a pivot
MAX_NGRAMS = 80  # bounds the work on a long CV
PIVOTS_PER_NGRAM = 2
MIN_PIVOT = 0.7
HITS_PER_PIVOT = 10
DISCOUNT = 0.9  # a bridged hit ranks below an equally good direct one
PIVOT_SHARE = 0.6  # how much closeness to the pivot counts
# e5 cosines of a Dutch piece of text and an English skill label: below the floor the text
# does not mean the skill; at the top it clearly does.
TEXT_FLOOR, TEXT_TOP = 0.8, 0.88


@dataclass(frozen=True)
class NGram:
    start: int
    end: int
    text: str
    piece: int  # the embedded piece of text the n-gram lies in


@dataclass(frozen=True)
class Bridged:
    score: float
    ngram: NGram
    pivot: str  # the pivot's English name


class Bridge:
    """Pivot concepts of one catalogue and the skills' vector rows; build once."""

    def __init__(self, catalog: Catalog, rows: Mapping[int, Sequence[int]]) -> None:
        """``rows``: each skill's rows among the extractor's vectors."""
        self.catalog = catalog
        self.pivots = np.fromiter(
            (
                kind in PIVOT_KINDS and "nl" in names and "en" in names
                for kind, names in zip(catalog.kinds, catalog.preferred, strict=True)
            ),
            np.bool_,
            len(catalog.kinds),
        )
        self.rows = rows
        self._english: dict[int, list[tuple[int, float]]] = {}

    def _skills(self, pivot: int) -> list[tuple[int, float]]:
        found = self._english.get(pivot)
        if found is None:
            name = self.catalog.preferred[pivot]["en"]
            hits = self.catalog.index.search(name, kinds=SKILL_KINDS, limit=HITS_PER_PIVOT)
            found = [(hit.concept, hit.score) for hit in hits]
            self._english[pivot] = found
        return found

    def find(
        self,
        ngrams: Sequence[NGram],
        text_cosine: Callable[[int, int], float | None],
    ) -> dict[int, Bridged]:
        """Skills reached from ``ngrams``; ``text_cosine(piece, vector_row)`` gives the e5
        cosine of an embedded piece and a skill vector."""
        index = self.catalog.index
        best: dict[int, Bridged] = {}
        for ngram in ngrams[:MAX_NGRAMS]:
            matches = index.lexical_matches(ngram.text, self.pivots)
            ranked = sorted(
                ((score, concept, label.language) for concept, (score, label) in matches.items()),
                reverse=True,
            )
            if not ranked or ranked[0][2] == "en":
                # The words read best as English: the direct signals have searched them.
                continue
            pivots = [
                (score, concept)
                for score, concept, language in ranked[:PIVOTS_PER_NGRAM]
                if score >= MIN_PIVOT and language == "nl"
            ]
            for pivot_score, pivot in pivots:
                for skill, hit_score in self._skills(pivot):
                    found_rows = self.rows.get(skill)
                    cosine = None if not found_rows else text_cosine(ngram.piece, found_rows[0])
                    if cosine is None:
                        continue
                    meant = float(np.clip((cosine - TEXT_FLOOR) / (TEXT_TOP - TEXT_FLOOR), 0, 1))
                    close = index.similarity(pivot, skill) or 0.0
                    value = (
                        pivot_score
                        * hit_score
                        * DISCOUNT
                        * (1 - PIVOT_SHARE + PIVOT_SHARE * close)
                        * meant
                    )
                    if value > 0 and (skill not in best or best[skill].score < value):
                        best[skill] = Bridged(value, ngram, self.catalog.preferred[pivot]["en"])
        return best


__all__ = ["Bridge", "Bridged", "NGram"]
