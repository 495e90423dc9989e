"""Skills from free text (Dutch or English): taxonomy concepts with the span and a score.

Two signals, on the taxonomy's own search index (one :class:`SkillExtractor` per revision):

1. **Labels.** The text is cut into clauses (sentence ends, semicolons, commas, "and"/"en")
   and every n-gram of 1-5 words that neither starts nor ends with a stop word is turned into
   the same matching key as the taxonomy's labels (folded, stop words out, each word stemmed
   with the Dutch and the English Snowball stemmer). A key equal to a skill's label key is a
   hit on that span (preferred labels weigh more than alternative and hidden ones; single
   words weigh less, they are often ambiguous).
2. **Meaning.** Each clause (long clauses also in overlapping windows of
   :data:`WINDOW` words) is embedded with the multilingual e5 model and compared with the
   concept vectors, so "heftruck gereden" finds the English-only "operate forklift".

A concept keeps its best hit; found by both signals it gains a little. Results are ESCO
skills and knowledge only, best first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kunde.matching._bridge import Bridge, Bridged, NGram
from kunde.taxonomy.catalog import Catalog
from kunde.taxonomy.embeddings import Embedder
from kunde.taxonomy.search import KIND_WEIGHT
from kunde.taxonomy.text import STOPWORDS, fold, key

MAX_TEXT = 20_000
MAX_NGRAM = 5
WINDOW = 8
MAX_EMBEDDED = 48  # clauses and windows per text: bounds the time the model takes
SEMANTIC_TOP = 4  # concepts kept per embedded clause
SEMANTIC_SHARE = 0.85  # a hit on meaning alone scores at most this
SINGLE_WORD = 0.85  # a one-word label hit weighs this much of a longer one
BOTH_BONUS = 0.1
MIN_SCORE = 0.45
MAX_BRIDGE_WORDS = 3  # Dutch n-grams up to this long look for a bilingual pivot concept
# More words that say little on their own in CVs and vacancy texts.
EXTRA_STOPWORDS = frozenset(
    [
        "i",
        "ik",
        "we",
        "wij",
        "you",
        "je",
        "u",
        "he",
        "she",
        "hij",
        "zij",
        "it",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "ben",
        "heb",
        "hebben",
        "had",
        "has",
        "have",
        "my",
        "mijn",
        "our",
        "ons",
        "onze",
        "your",
        "jouw",
        "their",
        "hun",
        "this",
        "that",
        "these",
        "those",
        "dit",
        "dat",
        "deze",
        "die",
        "also",
        "ook",
        "very",
        "zeer",
        "heel",
        "not",
        "niet",
        "no",
        "geen",
        "but",
        "maar",
        "so",
        "dus",
        "als",
        "if",
        "then",
        "toen",
        "dan",
        "years",
        "year",
        "jaar",
        "jaren",
        "jaar",
        "months",
        "maanden",
        "work",
        "worked",
        "werk",
        "werkte",
        "gewerkt",
        "job",
        "baan",
    ]
)
_CLAUSE = re.compile(r"[.;:!?\n\r•·|()\[\]]+|,|\s(?:and|en|or|of|plus)\s", re.IGNORECASE)
_WORD = re.compile(r"[\w+#'-]+", re.UNICODE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ExtractedSkill:
    uri: str
    label: str
    language: str  # the language the label is in
    score: float
    span: Span
    matched: str  # the label that matched, or "meaning"


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for separator in _CLAUSE.finditer(text):
        if separator.start() > start:
            bounds.append((start, separator.start()))
        start = separator.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _is_stop(word: str) -> bool:
    folded = fold(word)
    return not folded or folded in STOPWORDS or folded in EXTRA_STOPWORDS


def _content_ngrams(
    text: str, words: Sequence[tuple[int, int]], longest: int
) -> list[tuple[int, int]]:
    """(first, last) word positions of n-grams up to ``longest`` words that neither start
    nor end with a stop word."""
    stop = [_is_stop(text[s:e]) for s, e in words]
    return [
        (i, j)
        for i in range(len(words))
        if not stop[i]
        for j in range(i, min(i + longest, len(words)))
        if not stop[j]
    ]


class SkillExtractor:
    """Label keys and vectors of ESCO skills for one catalogue; build once, use often."""

    def __init__(self, catalog: Catalog, embedder: Embedder | None) -> None:
        self.catalog = catalog
        self.embedder = embedder
        wanted = {
            n
            for n, (scheme, kind) in enumerate(zip(catalog.schemes, catalog.kinds, strict=True))
            if scheme == "esco" and kind in ("skill", "knowledge")
        }
        # matching key -> {concept: (weight, label text)}, separately per stemming language.
        self.keys: dict[str, dict[str, dict[int, tuple[float, str]]]] = {"en": {}, "nl": {}}
        for label in catalog.index.labels:
            if label.concept not in wanted or label.language not in self.keys:
                continue
            weight = KIND_WEIGHT.get(label.kind, 0.9)
            found = self.keys[label.language].setdefault(label.key, {})
            if found.get(label.concept, (0.0, ""))[0] < weight:
                found[label.concept] = (weight, label.text)
        index = catalog.index
        self.vectors: npt.NDArray[np.float32] | None = None
        self.vector_concepts: npt.NDArray[np.int32] | None = None
        if index.vectors is not None and index.vector_concepts is not None:
            keep = np.isin(index.vector_concepts, np.fromiter(wanted, np.int32, len(wanted)))
            self.vectors = index.vectors[keep]
            self.vector_concepts = index.vector_concepts[keep]
        self.bridge = Bridge(catalog, self.vector_concepts)

    # --- signals ---------------------------------------------------------------------
    def _lexical(self, text: str, languages: Sequence[str]) -> dict[int, tuple[float, Span, str]]:
        best: dict[int, tuple[float, Span, str]] = {}
        for start, end in _clauses(text):
            words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
            for i, j in _content_ngrams(text, words, MAX_NGRAM):
                span = Span(words[i][0], words[j][1], text[words[i][0] : words[j][1]])
                factor = SINGLE_WORD if i == j else 1.0
                for language in languages:
                    hits = self.keys[language].get(key(span.text, language), {})
                    for concept, (weight, label) in hits.items():
                        value = 0.95 * weight * factor
                        if concept not in best or best[concept][0] < value:
                            best[concept] = (value, span, label)
        return best

    def _pieces(self, text: str) -> list[Span]:
        pieces: list[Span] = []
        for start, end in _clauses(text):
            words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
            if not any(not _is_stop(text[s:e]) for s, e in words):
                continue
            if len(words) <= WINDOW + WINDOW // 2:
                pieces.append(Span(words[0][0], words[-1][1], text[words[0][0] : words[-1][1]]))
                continue
            for i in range(0, len(words) - WINDOW // 2, WINDOW // 2):
                last = min(i + WINDOW, len(words)) - 1
                pieces.append(Span(words[i][0], words[last][1], text[words[i][0] : words[last][1]]))
        return pieces[:MAX_EMBEDDED]

    def _embed(self, pieces: Sequence[Span]) -> npt.NDArray[np.float32] | None:
        if self.embedder is None or self.vectors is None or not pieces:
            return None
        batch = getattr(self.embedder, "queries", None)
        if callable(batch):
            return np.asarray(batch([p.text for p in pieces]), np.float32)
        return np.stack([self.embedder.query(p.text) for p in pieces])

    def _semantic(
        self, pieces: Sequence[Span], queries: npt.NDArray[np.float32] | None
    ) -> dict[int, tuple[float, Span, str]]:
        if queries is None or self.vectors is None or self.vector_concepts is None:
            return {}
        cosines = queries @ self.vectors.T
        best: dict[int, tuple[float, Span, str]] = {}
        for row, piece in enumerate(pieces):
            top = np.argpartition(-cosines[row], SEMANTIC_TOP)[:SEMANTIC_TOP]
            for position in top:
                concept = int(self.vector_concepts[position])
                value = SEMANTIC_SHARE * self.catalog.index.semantic_score(
                    float(cosines[row, position])
                )
                if value > 0 and (concept not in best or best[concept][0] < value):
                    best[concept] = (value, piece, "meaning")
        return best

    def _bridged(
        self, text: str, pieces: Sequence[Span], queries: npt.NDArray[np.float32] | None
    ) -> dict[int, tuple[float, Span, str]]:
        """Skills reached through Dutch labels of occupations and skill groups."""
        if queries is None or self.vectors is None:
            return {}
        ngrams: list[NGram] = []
        seen: set[tuple[int, int]] = set()
        for number, piece in enumerate(pieces):
            words = [
                (m.start() + piece.start, m.end() + piece.start) for m in _WORD.finditer(piece.text)
            ]
            for i, j in _content_ngrams(text, words, MAX_BRIDGE_WORDS):
                bounds = (words[i][0], words[j][1])
                if bounds not in seen:
                    seen.add(bounds)
                    ngrams.append(NGram(*bounds, text[bounds[0] : bounds[1]], number))
        vectors = self.vectors

        def cosine(piece: int, row: int) -> float:
            return float(queries[piece] @ vectors[row])

        found: dict[int, Bridged] = self.bridge.find(ngrams, cosine)
        return {
            concept: (hit.score, Span(hit.ngram.start, hit.ngram.end, hit.ngram.text), hit.pivot)
            for concept, hit in found.items()
        }

    # --- together --------------------------------------------------------------------
    def extract(
        self, text: str, *, language: str | None = None, limit: int = 20
    ) -> list[ExtractedSkill]:
        """Concepts named or described in ``text``, best first; ``language`` picks the stemmer
        (``None``: both). Scores are 0..1; hits below :data:`MIN_SCORE` are left out."""
        languages = [language] if language in ("nl", "en") else ["en", "nl"]
        lexical = self._lexical(text, languages)
        pieces = self._pieces(text)
        queries = self._embed(pieces)
        semantic = self._semantic(pieces, queries)
        if "nl" in languages:
            # A bridged hit is a hit on meaning reached another way: the better one counts.
            for concept, hit in self._bridged(text, pieces, queries).items():
                if concept not in semantic or semantic[concept][0] < hit[0]:
                    semantic[concept] = hit
        found: list[ExtractedSkill] = []
        for concept in set(lexical) | set(semantic):
            lex = lexical.get(concept)
            sem = semantic.get(concept)
            first = max((hit for hit in (lex, sem) if hit is not None), key=lambda h: h[0])
            value = first[0]
            if lex is not None and sem is not None:
                value = min(1.0, value + BOTH_BONUS * min(lex[0], sem[0]))
            if value < MIN_SCORE:
                continue
            label = self.catalog.display(concept, language or "en")
            found.append(
                ExtractedSkill(
                    uri=self.catalog.uris[concept],
                    label=label.text,
                    language=label.language,
                    score=round(value, 4),
                    span=first[1],
                    matched=first[2],
                )
            )
        found.sort(key=lambda s: (-s.score, s.span.start, s.uri))
        return found[:limit]


__all__ = ["MAX_TEXT", "ExtractedSkill", "SkillExtractor", "Span"]
