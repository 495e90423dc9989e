"""Label search over a whole taxonomy: trigram retrieval, fuzzy re-ranking and embeddings.

Lexical retrieval is a TF-IDF cosine over character trigrams of stemmed, folded labels (typos,
word order, diacritics and plurals cost little). The best few hundred labels are re-ranked
with rapidfuzz. Meaning comes from a multilingual embedding of each concept's preferred
labels, so a Dutch query also finds a concept that has English labels only. The index is
plain arrays built once from the store and kept in memory; it does no I/O while searching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from scipy import sparse

from kunde.taxonomy.embeddings import Embedder
from kunde.taxonomy.text import fold, key, trigrams

KIND_WEIGHT = {"preferred": 1.0, "alternative": 0.97, "hidden": 0.93}
_CANDIDATE_LABELS = 300
_SEMANTIC_CANDIDATES = 60
# e5 cosines of unrelated short texts sit around 0.75-0.8; this maps them onto 0..1.
_COSINE_FLOOR, _COSINE_TOP = 0.82, 0.93
_LEXICAL_SHARE = 0.8
# A hit on meaning alone (a Dutch phrase against English-only labels) can score this much.
_SEMANTIC_ONLY = 0.85
_EXACT = 0.95
_EXACT_BASE, _EXACT_MEANING = 0.96, 0.02


@dataclass(frozen=True)
class IndexedLabel:
    concept: int  # position in the concept arrays
    language: str
    kind: str
    text: str
    key: str


@dataclass(frozen=True)
class Scored:
    concept: int
    score: float
    matched: str  # label text, or "" when only the meaning matched
    lexical: float
    semantic: float


def build_trigrams(keys: Sequence[str]) -> TrigramMatrix:
    """The TF-IDF trigram matrix of the labels' matching keys."""
    rows: list[int] = []
    cols: list[int] = []
    vocabulary: dict[str, int] = {}
    for row, matching_key in enumerate(keys):
        for gram in set(trigrams(matching_key)):
            rows.append(row)
            cols.append(vocabulary.setdefault(gram, len(vocabulary)))
    data = np.ones(len(rows), np.float32)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(keys), len(vocabulary)))
    document_frequency = np.bincount(cols, minlength=len(vocabulary)).astype(np.float32)
    idf = np.log((1 + len(keys)) / (1 + document_frequency)) + 1
    weighted = matrix.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).reshape(-1))
    norms[norms == 0] = 1
    normalised = sparse.diags(1 / norms) @ weighted
    return TrigramMatrix(
        sparse.csc_matrix(normalised, dtype=np.float32), idf.astype(np.float32), vocabulary
    )


@dataclass(frozen=True)
class TrigramMatrix:
    """Labels x trigrams, TF-IDF weighted and row-normalised (CSC for fast column gathers)."""

    matrix: sparse.csc_matrix
    idf: npt.NDArray[np.float32]
    vocabulary: dict[str, int]


class SearchIndex:
    """Immutable search structures for one taxonomy revision."""

    def __init__(
        self,
        concept_kinds: Sequence[str],
        labels: Sequence[IndexedLabel],
        *,
        vectors: npt.NDArray[np.float32] | None = None,
        vector_concepts: npt.NDArray[np.int32] | None = None,
        concept_priors: Sequence[float] | None = None,
        trigram_matrix: TrigramMatrix | None = None,
    ) -> None:
        self.concept_kinds = np.asarray(concept_kinds)
        self.labels = list(labels)
        self.label_concept = np.fromiter((lab.concept for lab in labels), np.int32, len(labels))
        self.label_weight = np.fromiter(
            (KIND_WEIGHT.get(lab.kind, 0.9) for lab in labels), np.float32, len(labels)
        )
        self.priors = np.asarray(concept_priors or [1.0] * len(concept_kinds), np.float32)
        self.trigram_matrix = trigram_matrix or build_trigrams([lab.key for lab in labels])
        self._vocabulary = self.trigram_matrix.vocabulary
        self._matrix = self.trigram_matrix.matrix
        self._idf = self.trigram_matrix.idf
        self.vectors = vectors
        self.vector_concepts = vector_concepts
        self._kind_masks: dict[tuple[str, ...], npt.NDArray[np.bool_]] = {}
        self._vector_rows: dict[int, int] | None = None

    def similarity(self, first: int, second: int) -> float | None:
        """Meaning-similarity (0..1) of two concepts' embedded labels; None without vectors."""
        if self.vectors is None or self.vector_concepts is None:
            return None
        if self._vector_rows is None:
            rows: dict[int, int] = {}
            for row, concept in enumerate(self.vector_concepts.tolist()):
                rows.setdefault(int(concept), row)
            self._vector_rows = rows
        a, b = self._vector_rows.get(first), self._vector_rows.get(second)
        if a is None or b is None:
            return None
        return self.semantic_score(float(self.vectors[a] @ self.vectors[b]))

    def kind_mask(self, kinds: Sequence[str]) -> npt.NDArray[np.bool_]:
        """Concepts of the given kinds (cached: the same few masks serve every query)."""
        wanted = tuple(sorted(kinds))
        found = self._kind_masks.get(wanted)
        if found is None:
            found = np.isin(self.concept_kinds, list(wanted))
            self._kind_masks[wanted] = found
        return found

    # --- lexical ---------------------------------------------------------------------
    def _trigram_scores(self, query_key: str) -> npt.NDArray[np.float32]:
        grams = [self._vocabulary[g] for g in set(trigrams(query_key)) if g in self._vocabulary]
        if not grams:
            return np.zeros(len(self.labels), np.float32)
        weights = self._idf[grams]
        weights = weights / float(np.linalg.norm(weights))
        # Query trigrams unknown to the index still lower the cosine (they made the query).
        unknown = len(set(trigrams(query_key))) - len(grams)
        if unknown:
            weights = weights * np.sqrt(len(grams) / (len(grams) + unknown))
        scores: npt.NDArray[np.float32] = np.asarray(self._matrix[:, grams] @ weights).reshape(-1)
        return scores

    def lexical_matches(
        self, query: str, mask: npt.NDArray[np.bool_] | None
    ) -> dict[int, tuple[float, IndexedLabel]]:
        """Each matching concept's best label score (0..1) and that label."""
        variants = {key(query, "en"), key(query, "nl")}
        scores = np.zeros(len(self.labels), np.float32)
        for variant in variants:
            np.maximum(scores, self._trigram_scores(variant), out=scores)
        if mask is not None:
            scores = np.where(mask[self.label_concept], scores, 0)
        count = min(_CANDIDATE_LABELS, int(np.count_nonzero(scores)))
        if count == 0:
            return {}
        top = np.argpartition(-scores, count - 1)[:count]
        folded = fold(query)
        best: dict[int, tuple[float, IndexedLabel]] = {}
        for position in top:
            label = self.labels[position]
            fuzzy = max(fuzz.token_set_ratio(variant, label.key) for variant in variants) / 100
            whole = fuzz.ratio(folded, fold(label.text)) / 100
            score = 0.45 * float(scores[position]) + 0.35 * fuzzy + 0.20 * whole
            if folded == fold(label.text):
                score = 1.0
            score *= float(self.label_weight[position])
            current = best.get(label.concept)
            if current is None or score > current[0]:
                best[label.concept] = (score, label)
        return best

    # --- meaning ---------------------------------------------------------------------
    def _semantic(
        self, query_vector: npt.NDArray[np.float32], mask: npt.NDArray[np.bool_] | None
    ) -> dict[int, float]:
        if self.vectors is None or self.vector_concepts is None or not len(self.vectors):
            return {}
        cosines = self.vectors @ query_vector
        if mask is not None:
            cosines = np.where(mask[self.vector_concepts], cosines, -1)
        count = min(_SEMANTIC_CANDIDATES, len(cosines))
        top = np.argpartition(-cosines, count - 1)[:count]
        found: dict[int, float] = {}
        for position in top:
            concept = int(self.vector_concepts[position])
            found[concept] = max(found.get(concept, -1.0), float(cosines[position]))
        return found

    def semantic_score(self, cosine: float) -> float:
        return float(np.clip((cosine - _COSINE_FLOOR) / (_COSINE_TOP - _COSINE_FLOOR), 0, 1))

    # --- together --------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        kinds: Sequence[str] | None = None,
        concepts: npt.NDArray[np.bool_] | None = None,
        embedder: Embedder | None = None,
        limit: int = 10,
    ) -> list[Scored]:
        """Best concepts for ``query``, each with a score in 0..1 and the label that matched."""
        mask = concepts
        if kinds:
            kind_mask = self.kind_mask(kinds)
            mask = kind_mask if mask is None else mask & kind_mask
        lexical = self.lexical_matches(query, mask)
        semantic: dict[int, float] = {}
        if embedder is not None and self.vectors is not None:
            semantic = self._semantic(embedder.query(query), mask)
        results: list[Scored] = []
        for concept in set(lexical) | set(semantic):
            lex, label = lexical.get(concept, (0.0, None))
            matched = label.text if label else ""
            sem = self.semantic_score(semantic[concept]) if concept in semantic else 0.0
            score = lex
            if semantic:
                blended = _LEXICAL_SHARE * lex + (1 - _LEXICAL_SHARE) * sem
                score = max(blended, _SEMANTIC_ONLY * sem)
                if lex >= _EXACT:
                    # Several concepts can share a label ("vakkenvuller" is a name of both
                    # shelf filler and shop assistant): meaning breaks the tie.
                    score = max(score, lex * (_EXACT_BASE + _EXACT_MEANING * sem))
            score *= float(self.priors[concept])
            results.append(Scored(concept, round(score, 4), matched, round(lex, 4), round(sem, 4)))
        results.sort(key=lambda r: (-r.score, r.concept))
        return [r for r in results[:limit] if r.score > 0]
