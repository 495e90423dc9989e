"""Use cases of the skills languages: search, show, map, an occupation's skills, import."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from kunde.db.session import Database, UnitOfWork
from kunde.errors import InvalidInput, NotFound
from kunde.taxonomy import bridging, index_cache
from kunde.taxonomy.catalog import SEARCH_TYPES, Catalog, build_catalog
from kunde.taxonomy.embeddings import E5Embedder, Embedder
from kunde.taxonomy.importing import EmbeddingCache, Progress, import_path
from kunde.taxonomy.model import (
    LANGUAGES,
    ConceptDetail,
    ConceptKind,
    ConceptSummary,
    DisplayLabel,
    ImportReport,
    Label,
    Mapping,
    MatchKind,
    OccupationSkill,
    RelationKind,
    Scheme,
    SearchHit,
)
from kunde.taxonomy.store import ConceptRow, TaxonomyStore
from kunde.taxonomy.text import title_variants

log = logging.getLogger(__name__)
MAX_LIMIT = 100
_MAX_DEPTH = 8
MAX_QUERY = 200
# How much a hit on the first part of a job title, and on a later part, counts.
TITLE_PART_WEIGHT = (0.97, 0.85)
_INVERSE_MATCH = {MatchKind.BROAD: MatchKind.NARROW, MatchKind.NARROW: MatchKind.BROAD}
_SKILL_RELATIONS = (
    RelationKind.ESSENTIAL_SKILL,
    RelationKind.OPTIONAL_SKILL,
    RelationKind.REQUIRES,
)


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput(f"Unknown language {language!r}: use one of {', '.join(LANGUAGES)}.")
    return language


class TaxonomyService:
    """Shared by all requests of a process; the search index is built once per revision."""

    def __init__(
        self,
        database: Database,
        *,
        use_embeddings: bool = True,
        embedder: Embedder | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        """``cache_dir``, when given, keeps an on-disk copy of the search catalogue."""
        self.database = database
        self.cache_dir = cache_dir
        self.embedder: Embedder | None = (embedder or E5Embedder()) if use_embeddings else None
        self._catalog: Catalog | None = None
        self._broader: tuple[int, dict[int, list[int]]] | None = None
        self._lock = threading.Lock()

    # --- the in-memory catalogue -----------------------------------------------------
    def catalog(self, *, refresh: bool = False) -> Catalog:
        """The catalogue of the newest revision, rebuilt when an import changed the data."""
        with self.database.unit_of_work() as uow:
            revision = TaxonomyStore(uow.session).revision()
            if self._catalog is not None and self._catalog.revision == revision and not refresh:
                return self._catalog
            with self._lock:
                if self._catalog is None or self._catalog.revision != revision or refresh:
                    self._catalog = self._load_or_build(TaxonomyStore(uow.session), refresh=refresh)
                return self._catalog

    def _load_or_build(self, store: TaxonomyStore, *, refresh: bool) -> Catalog:
        if self.cache_dir is None:
            return build_catalog(store, self.embedder)
        model = self.embedder.name if self.embedder else None
        path = index_cache.cache_path(self.cache_dir, store.revision_key(), model)
        cached = None if refresh else index_cache.load(path)
        if cached is not None and cached.revision == store.revision():
            return cached
        catalog = build_catalog(store, self.embedder)
        try:
            index_cache.save(catalog, path)
        except OSError as exc:  # a read-only data folder only costs the next start time
            log.warning("could not write the taxonomy index cache: %s", exc)
        return catalog

    def warm_up(self) -> Catalog:
        """Build the index and load the model now, so the first search answers at once."""
        catalog = self.catalog()
        if self.embedder is not None:
            self.embedder.query("warm up")
        return catalog

    # --- search ----------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        language: str = "en",
        type_: str | None = None,
        scheme: str | None = None,
        limit: int = 10,
    ) -> list[SearchHit]:
        query = query.strip()
        if not query:
            raise InvalidInput("Type a word to search for.", details={"field": "q"})
        if len(query) > MAX_QUERY:
            raise InvalidInput(f"The search text is too long: at most {MAX_QUERY} characters.")
        check_language(language)
        if type_ is not None and type_ not in SEARCH_TYPES:
            raise InvalidInput(
                f"Unknown type {type_!r}: use one of {', '.join(SEARCH_TYPES)}.",
                details={"field": "type"},
            )
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(
                f"limit must be between 1 and {MAX_LIMIT}.", details={"field": "limit"}
            )
        catalog = self.catalog()
        mask = None
        if scheme is not None:
            try:
                mask = np.asarray(catalog.schemes) == Scheme(scheme).value
            except ValueError as exc:
                names = ", ".join(s.value for s in Scheme)
                raise InvalidInput(f"Unknown scheme {scheme!r}: use one of {names}.") from exc
        kinds = SEARCH_TYPES[type_] if type_ else None
        scored = bridging.search(
            catalog, query, kinds=kinds, concepts=mask, embedder=self.embedder, limit=limit
        )
        return [
            SearchHit(
                uri=catalog.uris[s.concept],
                label=catalog.display(s.concept, language),
                kind=ConceptKind(catalog.kinds[s.concept]),
                scheme=Scheme(catalog.schemes[s.concept]),
                score=s.score,
                matched=s.matched or "meaning",
                code=catalog.codes[s.concept],
            )
            for s in scored
        ]

    def occupations_for_title(
        self, title: str, *, language: str = "en", limit: int = 5
    ) -> list[SearchHit]:
        """ESCO occupations a job title (Dutch or English, as people write it) names, best
        first: the taxonomy search restricted to ESCO occupations, for the title cleaned of
        vacancy noise and for its parts ("Registered Nurse - ICU"); a part other than the
        first counts for less, it is more often a place or a shift than the occupation."""
        best: dict[str, SearchHit] = {}
        for number, variant in enumerate(title_variants(title)):
            weight = 1.0 if number == 0 else TITLE_PART_WEIGHT[min(number, 2) - 1]
            for hit in self.search(
                variant,
                language=language,
                type_="occupation",
                scheme=Scheme.ESCO.value,
                limit=limit,
            ):
                score = round(hit.score * weight, 4)
                if hit.uri not in best or best[hit.uri].score < score:
                    best[hit.uri] = replace(hit, score=score)
        return sorted(best.values(), key=lambda hit: -hit.score)[:limit]

    def search_many(
        self, queries: Sequence[tuple[str, str, str | None]], limit: int = 10
    ) -> list[list[SearchHit]]:
        """Batch search: the index and model load once for all ``(query, language, type)``."""
        return [self.search(q, language=lang, type_=t, limit=limit) for q, lang, t in queries]

    # --- concepts --------------------------------------------------------------------
    def _summary(self, catalog: Catalog, concept_id: int, language: str) -> ConceptSummary:
        position = catalog.by_id[concept_id]
        return ConceptSummary(
            uri=catalog.uris[position],
            scheme=Scheme(catalog.schemes[position]),
            kind=ConceptKind(catalog.kinds[position]),
            label=catalog.display(position, language),
            code=catalog.codes[position],
        )

    def _row(self, uow: UnitOfWork, uri: str) -> ConceptRow:
        row = TaxonomyStore(uow.session).concept(uri)
        if row is None:
            raise NotFound(f"No concept with URI {uri} is known here.", details={"uri": uri})
        return row

    def _broader_map(self, catalog: Catalog) -> dict[int, list[int]]:
        """Positions of each concept's broader concepts, loaded once per revision."""
        cached = self._broader
        if cached is not None and cached[0] == catalog.revision:
            return cached[1]
        with self.database.unit_of_work() as uow:
            rows = TaxonomyStore(uow.session).all_relations([RelationKind.BROADER])
        broader: dict[int, list[int]] = {}
        for source, _kind, target, _weight in rows:
            if source in catalog.by_id and target in catalog.by_id:
                broader.setdefault(catalog.by_id[source], []).append(catalog.by_id[target])
        self._broader = (catalog.revision, broader)
        return broader

    def top_groups(
        self, uris: Sequence[str], language: str = "en"
    ) -> dict[str, ConceptSummary | None]:
        """For each skill, the broad area it belongs to (level 1 of ESCO's skills hierarchy).

        Walks up the broader relations (preferring skill groups) to the top; the area is the
        concept just below the top ("communication, collaboration and creativity").
        """
        catalog = self.catalog()
        broader = self._broader_map(catalog)
        found: dict[str, ConceptSummary | None] = {}
        for uri in uris:
            position = catalog.position.get(uri)
            if position is None:
                found[uri] = None
                continue
            chain = [position]
            while len(chain) < _MAX_DEPTH and broader.get(chain[-1]):
                parents = broader[chain[-1]]
                groups = [p for p in parents if catalog.kinds[p] == ConceptKind.SKILL_GROUP.value]
                chain.append(min(groups or parents))
            area = chain[-2] if len(chain) > 1 else chain[-1]
            found[uri] = self._summary(catalog, catalog.ids[area], language)
        return found

    def exists(self, uri: str) -> bool:
        return uri in self.catalog().position

    def summaries(self, uris: Sequence[str], language: str = "en") -> dict[str, ConceptSummary]:
        """Summaries of the known URIs among ``uris`` (unknown ones are left out)."""
        catalog = self.catalog()
        return {
            uri: self._summary(catalog, catalog.ids[catalog.position[uri]], language)
            for uri in uris
            if uri in catalog.position
        }

    def concept(self, uri: str, *, language: str = "en") -> ConceptDetail:
        check_language(language)
        catalog = self.catalog()
        with self.database.unit_of_work() as uow:
            row = self._row(uow, uri)
            store = TaxonomyStore(uow.session)
            labels: list[Label] = store.labels([row.id]).get(row.id, [])
            descriptions = store.descriptions(row.id)
            outgoing = store.relations_from(row.id)
            incoming = store.relations_to(row.id)
            collections = store.collections_of(row.id)
        description = None
        for wanted in (language, "en", *sorted(descriptions)):
            if wanted in descriptions:
                description = DisplayLabel(descriptions[wanted], wanted)
                break
        related: dict[str, list[ConceptSummary]] = {}
        for kind, target, _weight in outgoing:
            if kind != RelationKind.BROADER.value:
                related.setdefault(kind, []).append(self._summary(catalog, target, language))
        for kind, source, _weight in incoming:
            if kind in (RelationKind.ESSENTIAL_SKILL.value, RelationKind.OPTIONAL_SKILL.value):
                related.setdefault(f"{kind}_of", []).append(
                    self._summary(catalog, source, language)
                )
        position = catalog.position[uri]
        return ConceptDetail(
            uri=uri,
            scheme=Scheme(row.scheme),
            kind=ConceptKind(row.kind),
            label=catalog.display(position, language),
            code=row.code,
            status=row.status,
            reuse_level=row.reuse_level,
            description=description,
            labels=tuple(labels),
            broader=tuple(
                self._summary(catalog, t, language)
                for k, t, _ in outgoing
                if k == RelationKind.BROADER.value
            ),
            narrower=tuple(
                self._summary(catalog, s, language)
                for k, s, _ in incoming
                if k == RelationKind.BROADER.value
            ),
            collections=tuple(
                ConceptSummary(
                    uri=f"collection:{name}",
                    scheme=Scheme.ESCO,
                    kind=ConceptKind.COLLECTION,
                    label=DisplayLabel(name, "en"),
                )
                for name in collections
            ),
            related={k: tuple(v) for k, v in related.items()},
        )

    def occupation_skills(self, uri: str, *, language: str = "en") -> list[OccupationSkill]:
        """Essential skills first, then optional (ESCO), or O*NET elements by importance."""
        check_language(language)
        catalog = self.catalog()
        with self.database.unit_of_work() as uow:
            row = self._row(uow, uri)
            if row.kind != ConceptKind.OCCUPATION.value:
                raise InvalidInput(f"{uri} is not an occupation but a {row.kind}.")
            relations = TaxonomyStore(uow.session).relations_from(row.id)
        order = {kind.value: n for n, kind in enumerate(_SKILL_RELATIONS)}
        found = [
            OccupationSkill(self._summary(catalog, target, language), RelationKind(kind), weight)
            for kind, target, weight in relations
            if kind in order
        ]
        found.sort(key=lambda s: (order[s.relation.value], -(s.weight or 0), s.skill.label.text))
        return found

    # --- crosswalks ------------------------------------------------------------------
    def map(self, uri: str, *, to: str, language: str = "en") -> list[Mapping]:
        """Concepts of scheme ``to`` that correspond to ``uri``, with the kind of match."""
        try:
            target = Scheme(to)
        except ValueError as exc:
            names = ", ".join(s.value for s in Scheme)
            raise InvalidInput(f"Unknown scheme {to!r}: use one of {names}.") from exc
        catalog = self.catalog()
        with self.database.unit_of_work() as uow:
            row = self._row(uow, uri)
            store = TaxonomyStore(uow.session)
            found: list[Mapping] = []
            for mapping in store.mappings_from(row.id, target):
                label = mapping.target_label
                known = store.concept_by_code(target, mapping.target) or store.concept(
                    mapping.target
                )
                if known is not None:
                    label = catalog.display(catalog.by_id[known.id], language).text
                found.append(
                    Mapping(
                        uri,
                        mapping.target,
                        target,
                        label,
                        MatchKind(mapping.match),
                        mapping.provenance,
                    )
                )
            # Reverse direction: mappings stored from the other side point at our code or URI.
            for mapping in store.mappings_to(
                Scheme(row.scheme), [n for n in (row.code, row.uri) if n]
            ):
                source = catalog.by_id[mapping.source_id]
                if catalog.schemes[source] != target.value:
                    continue
                match = MatchKind(mapping.match)
                found.append(
                    Mapping(
                        uri,
                        catalog.uris[source],
                        target,
                        catalog.display(source, language).text,
                        _INVERSE_MATCH.get(match, match),
                        mapping.provenance,
                    )
                )
        rank = {m: n for n, m in enumerate(MatchKind)}
        found.sort(key=lambda m: (rank[m.match], m.label or ""))
        return found

    # --- import ----------------------------------------------------------------------
    def import_path(
        self,
        path: Path,
        *,
        cache_file: Path | None = None,
        version: str | None = None,
        progress: Progress | None = None,
    ) -> list[ImportReport]:
        cache = EmbeddingCache.load(cache_file, self.embedder.name) if self.embedder else None
        with self.database.unit_of_work() as uow:
            kwargs = {"progress": progress} if progress else {}
            return import_path(
                uow, path, embedder=self.embedder, cache=cache, version=version, **kwargs
            )

    def status(self) -> dict[str, object]:
        with self.database.unit_of_work() as uow:
            store = TaxonomyStore(uow.session)
            imports = [
                {
                    "source": i.source,
                    "format": i.format,
                    "imported_at": i.imported_at.isoformat(),
                    **i.summary,
                }
                for i in store.imports()
            ]
            return {
                "concepts": store.concept_count(),
                "revision": store.revision(),
                "imports": imports,
            }
