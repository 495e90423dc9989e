"""The on-disk catalogue gives the same answers as the one built from the database."""

from __future__ import annotations

from pathlib import Path

from kunde.taxonomy import index_cache
from kunde.taxonomy.service import TaxonomyService

QUERIES = ["heftruckchauffeur", "met klanten omgaan", "forklfit", "welding"]


def test_cached_catalogue_answers_like_the_built_one(
    taxonomy: TaxonomyService, tmp_path: Path
) -> None:
    built = taxonomy.catalog()
    path = tmp_path / "index.npz"
    index_cache.save(built, path)
    loaded = index_cache.load(path)
    assert loaded is not None
    assert loaded.revision == built.revision
    assert loaded.uris == built.uris
    assert loaded.preferred == built.preferred
    for query in QUERIES:
        a = built.index.search(query, embedder=taxonomy.embedder, limit=10)
        b = loaded.index.search(query, embedder=taxonomy.embedder, limit=10)
        assert a == b


def test_service_writes_and_reuses_the_cache(taxonomy: TaxonomyService, tmp_path: Path) -> None:
    service = TaxonomyService(taxonomy.database, embedder=taxonomy.embedder, cache_dir=tmp_path)
    first = service.search("heftruckchauffeur", language="nl", limit=3)
    [cached] = list(tmp_path.glob("taxonomy-index-*.npz"))
    again = TaxonomyService(taxonomy.database, embedder=taxonomy.embedder, cache_dir=tmp_path)
    assert again.catalog().build_seconds == 0.0  # loaded, not built
    assert again.search("heftruckchauffeur", language="nl", limit=3) == first
    cached.write_bytes(b"not a zip file")
    broken = TaxonomyService(taxonomy.database, embedder=taxonomy.embedder, cache_dir=tmp_path)
    assert broken.search("heftruckchauffeur", language="nl", limit=3) == first
