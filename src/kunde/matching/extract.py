"""Skills from free text (Dutch or English): taxonomy concepts with the span and a score.

Signals, on the taxonomy's own search index (one :class:`SkillExtractor` per revision):

1. **Meaning.** The text is cut into clauses (sentence ends, semicolons, commas, "and"/"en";
   long clauses also in overlapping windows of :data:`WINDOW` words) and sentences. Each is
   embedded with the multilingual e5 model and compared with the skill vectors. A skill's
   meaning value is the mean of its best cosine with a clause and its best cosine with a
   sentence: the clause says what is named, the sentence what it is about.
2. **Named.** Every n-gram of 1-5 words that neither starts nor ends with a stop word is
   turned into the same matching key as the taxonomy's labels (folded, stop words out, each
   word stemmed with the Dutch or the English Snowball stemmer). A key equal to a skill's
   label key adds a little to that skill's meaning value and gives the span.
3. **Bridged** (Dutch text): Dutch words that name an occupation or skill group lead to the
   English-only skills that concept's English name finds (:mod:`kunde.matching._bridge`).

Skills are ranked by that value and shown with a 0..1 score; ESCO skills and knowledge only.
The language is guessed from common words when the caller does not say it.
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
from kunde.taxonomy.text import STOPWORDS, fold, guess_language, key

MAX_TEXT = 20_000
MAX_NGRAM = 5
WINDOW = 8
MAX_EMBEDDED = 48  # clauses and windows per text: bounds the time the model takes
MAX_SENTENCES = 16
SENTENCE_WORDS = 64  # a sentence is embedded up to this many words
MEANING_TOP = 40  # concepts ranked by meaning, before the labels named in the text join
SINGLE_WORD = 0.85  # a one-word label hit weighs this much of a longer one (no model)
# The ranking: mean e5 cosine of piece and sentence, plus a little when the text names the
# skill by one of its labels; a one-word name gains more because one word embedded within a
# long sentence moves its cosine least ("CSS", "SQL", "English"). Tuned on the public
# validation sentences of the skill-extraction benchmark (see docs/benchmarks.md).
NAMED = 0.035
NAMED_ONE_WORD = 0.03
# Mean cosines to a 0..1 score: under the floor a skill is rarely what the text says, at
# the top it clearly is.
SCORE_FLOOR, SCORE_TOP = 0.84, 0.90
MIN_SCORE = 0.15
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
_SENTENCE = re.compile(r"[^.!?\n\r•]+")
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


def _score_of(value: float) -> float:
    """A ranking value (mean-cosine units) as a 0..1 score."""
    return float(np.clip((value - SCORE_FLOOR) / (SCORE_TOP - SCORE_FLOOR), 0, 1))


def _cosine_like(score: float) -> float:
    """A 0..1 score of another signal in ranking units, the inverse of :func:`_score_of`."""
    return SCORE_FLOOR + score * (SCORE_TOP - SCORE_FLOOR)


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
        self.rows_of: dict[int, list[int]] = {}
        if self.vector_concepts is not None:
            for row, concept in enumerate(self.vector_concepts.tolist()):
                self.rows_of.setdefault(int(concept), []).append(row)
        self.bridge = Bridge(catalog, self.rows_of)

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

    def _sentences(self, text: str) -> list[Span]:
        """Whole sentences (their first :data:`SENTENCE_WORDS` words), the context of pieces."""
        found: list[Span] = []
        for match in _SENTENCE.finditer(text):
            words = list(_WORD.finditer(match.group()))[:SENTENCE_WORDS]
            if words:
                start, end = match.start() + words[0].start(), match.start() + words[-1].end()
                found.append(Span(start, end, text[start:end]))
        return found[:MAX_SENTENCES]

    def _embed(self, pieces: Sequence[Span]) -> npt.NDArray[np.float32] | None:
        if self.embedder is None or self.vectors is None or not pieces:
            return None
        batch = getattr(self.embedder, "queries", None)
        if callable(batch):
            return np.asarray(batch([p.text for p in pieces]), np.float32)
        return np.stack([self.embedder.query(p.text) for p in pieces])

    def _meaning(
        self,
        pieces: Sequence[Span],
        queries: npt.NDArray[np.float32] | None,
        extra: Sequence[int],
    ) -> dict[int, tuple[float, Span]]:
        """Concept -> (meaning, piece): the mean of the concept's best cosine with a piece of
        the text and its best cosine with a whole sentence. The piece says what the text
        names; the sentence, what it is about ("debug issues" in a full-stack job ad). Kept:
        the :data:`MEANING_TOP` best concepts and those in ``extra`` (found another way).
        ``queries`` holds the pieces' vectors, then the sentences'."""
        if queries is None or self.vectors is None or self.vector_concepts is None:
            return {}
        if not pieces or len(queries) == len(pieces):  # nothing to embed, or no sentence
            return {}
        piece_cosines = queries[: len(pieces)] @ self.vectors.T
        sentence_cosines = queries[len(pieces) :] @ self.vectors.T
        by_piece = piece_cosines.max(axis=0)
        which = piece_cosines.argmax(axis=0)
        meaning = (by_piece + sentence_cosines.max(axis=0)) / 2
        top = min(MEANING_TOP, len(meaning) - 1)
        rows = set(np.argpartition(-meaning, top)[:top].tolist())
        rows.update(row for concept in extra for row in self.rows_of.get(concept, ()))
        found: dict[int, tuple[float, Span]] = {}
        for row in rows:
            concept = int(self.vector_concepts[row])
            value = float(meaning[row])
            if concept not in found or found[concept][0] < value:
                found[concept] = (value, pieces[int(which[row])])
        return found

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
        (``None``: guessed from the text's common words, both when unclear). Scores are 0..1;
        hits below :data:`MIN_SCORE` are left out."""
        language = language if language in ("nl", "en") else guess_language(text)
        languages = [language] if language else ["en", "nl"]
        named = self._lexical(text, languages)
        pieces = self._pieces(text)
        sentences = self._sentences(text)
        queries = self._embed([*pieces, *sentences])
        bridged = self._bridged(text, pieces, queries) if "nl" in languages else {}
        meaning = self._meaning(pieces, queries, [*named, *bridged])
        found: list[ExtractedSkill] = []
        ranking: list[float] = []
        for concept in set(named) | set(meaning) | set(bridged):
            hit = self._score(named.get(concept), meaning.get(concept), bridged.get(concept))
            if hit is None or _score_of(hit[0]) < MIN_SCORE:
                continue
            ranking.append(hit[0])
            label = self.catalog.display(concept, language or "en")
            found.append(
                ExtractedSkill(
                    uri=self.catalog.uris[concept],
                    label=label.text,
                    language=label.language,
                    score=round(_score_of(hit[0]), 4),
                    span=hit[1],
                    matched=hit[2],
                )
            )
        order = sorted(
            range(len(found)),
            key=lambda n: (-ranking[n], found[n].span.start, found[n].uri),
        )
        return [found[n] for n in order[:limit]]

    def _score(
        self,
        named: tuple[float, Span, str] | None,
        meaning: tuple[float, Span] | None,
        bridged: tuple[float, Span, str] | None,
    ) -> tuple[float, Span, str] | None:
        """One concept's score, the span it came from and the label that matched."""
        best: tuple[float, Span, str] | None = None
        if meaning is not None:
            value = meaning[0]
            if named is not None:
                one_word = " " not in named[1].text.strip()
                value += NAMED_ONE_WORD if one_word else NAMED
            best = (value, *named[1:]) if named is not None else (value, meaning[1], "meaning")
        elif named is not None:  # no model, or no vector for this concept
            best = (_cosine_like(named[0]), *named[1:])
        if bridged is not None and (best is None or best[0] < _cosine_like(bridged[0])):
            best = (_cosine_like(bridged[0]), *bridged[1:])
        return best


__all__ = ["MAX_TEXT", "ExtractedSkill", "SkillExtractor", "Span"]
