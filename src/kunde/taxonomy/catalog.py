"""The in-memory view of one taxonomy revision: positions, display labels and the index."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from kunde.taxonomy.embeddings import Embedder, unpack_many
from kunde.taxonomy.model import ConceptKind, DisplayLabel, Scheme
from kunde.taxonomy.search import IndexedLabel, SearchIndex
from kunde.taxonomy.store import TaxonomyStore
from kunde.taxonomy.text import key

# Other schemes rank a little below ESCO, the pivot that the rest of Kunde speaks.
SCHEME_PRIOR = {Scheme.ESCO.value: 1.0, Scheme.COMPETENTNL.value: 1.0}
OTHER_SCHEME_PRIOR = 0.96


@dataclass
class Catalog:
    revision: int
    ids: list[int]
    uris: list[str]
    schemes: list[str]
    kinds: list[str]
    codes: list[str | None]
    position: dict[str, int]
    preferred: list[dict[str, str]]
    index: SearchIndex
    build_seconds: float = 0.0
    by_id: dict[int, int] = field(default_factory=dict)

    def display(self, position: int, language: str) -> DisplayLabel:
        """The preferred label in ``language``, else English, else whatever exists."""
        labels = self.preferred[position]
        for wanted in (language, "en", *sorted(labels)):
            if wanted in labels:
                return DisplayLabel(labels[wanted], wanted)
        return DisplayLabel(self.uris[position], language)


def build_catalog(store: TaxonomyStore, embedder: Embedder | None) -> Catalog:
    started = time.perf_counter()
    revision = store.revision()
    concepts = store.all_concepts()
    ids = [c[0] for c in concepts]
    by_id = {concept_id: n for n, concept_id in enumerate(ids)}
    preferred: list[dict[str, str]] = [{} for _ in ids]
    labels: list[IndexedLabel] = []
    for concept_id, language, kind, text in store.all_labels():
        position = by_id[concept_id]
        if kind == "preferred":
            preferred[position].setdefault(language, text)
        labels.append(IndexedLabel(position, language, kind, text, key(text, language)))
    vectors = None
    vector_concepts = None
    if embedder is not None:
        rows = store.all_embeddings(embedder.name)
        vectors = unpack_many([blob for _, _, blob in rows])
        vector_concepts = np.fromiter((by_id[c] for c, _, _ in rows), np.int32, len(rows))
    schemes = [c[2] for c in concepts]
    priors = [SCHEME_PRIOR.get(s, OTHER_SCHEME_PRIOR) for s in schemes]
    index = SearchIndex(
        [c[3] for c in concepts],
        labels,
        vectors=vectors,
        vector_concepts=vector_concepts,
        concept_priors=priors,
    )
    return Catalog(
        revision=revision,
        ids=ids,
        uris=[c[1] for c in concepts],
        schemes=schemes,
        kinds=[c[3] for c in concepts],
        codes=[c[4] for c in concepts],
        position={c[1]: n for n, c in enumerate(concepts)},
        preferred=preferred,
        index=index,
        build_seconds=time.perf_counter() - started,
        by_id=by_id,
    )


SEARCH_TYPES = {
    "skill": (ConceptKind.SKILL.value,),
    "knowledge": (ConceptKind.KNOWLEDGE.value,),
    "occupation": (ConceptKind.OCCUPATION.value,),
    "skill_group": (ConceptKind.SKILL_GROUP.value,),
    "occupation_group": (ConceptKind.OCCUPATION_GROUP.value,),
    "technology": (ConceptKind.TECHNOLOGY.value,),
}
