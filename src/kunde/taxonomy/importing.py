"""Importing taxonomy files: read, then apply everything in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from kunde.db.session import UnitOfWork
from kunde.taxonomy.embeddings import Embedder, pack
from kunde.taxonomy.importers import Batch, read_path
from kunde.taxonomy.importers._files import checksum
from kunde.taxonomy.model import ConceptRecord, ImportReport, LabelKind
from kunde.taxonomy.store import TaxonomyStore

Progress = Callable[[str, int, int], None]
"""Called as ``progress(task, done, total)`` during long steps."""


def _no_progress(_task: str, _done: int, _total: int) -> None:
    return None


@dataclass
class EmbeddingCache:
    """Vectors computed earlier for the same model, keyed by text (bundled with Kunde)."""

    model: str
    vectors: dict[str, bytes]

    @classmethod
    def load(cls, path: Path | None, model: str) -> EmbeddingCache:
        if path is None or not path.exists():
            return cls(model, {})
        with np.load(path, allow_pickle=False) as data:
            if str(data["model"]) != model:
                return cls(model, {})
            texts = [str(t) for t in data["texts"]]
            blobs = [bytes(row) for row in data["packed"]]
        return cls(model, dict(zip(texts, blobs, strict=True)))


def merge_records(records: Sequence[ConceptRecord]) -> list[ConceptRecord]:
    """One record per URI: labels united, the first value of each attribute kept."""
    merged: dict[str, ConceptRecord] = {}
    for record in records:
        found = merged.get(record.uri)
        if found is None:
            merged[record.uri] = record
            continue
        merged[record.uri] = replace(
            found,
            code=found.code or record.code,
            status=found.status or record.status,
            reuse_level=found.reuse_level or record.reuse_level,
            labels=tuple(dict.fromkeys(found.labels + record.labels)),
            descriptions={**record.descriptions, **found.descriptions},
            authoritative_labels=found.authoritative_labels or record.authoritative_labels,
        )
    return list(merged.values())


def _apply(store: TaxonomyStore, batch: Batch) -> ImportReport:
    report = ImportReport(source=batch.source, format=batch.format, files=[str(f) for f in batch.files])
    records = merge_records(batch.concepts)
    report.concepts_added, report.concepts_updated = store.upsert_concepts(records)
    ids = store.uri_ids()
    report.labels_added, report.labels_removed = store.replace_labels(records, ids)
    store.replace_descriptions(records, ids)
    store.add_collections(batch.collections, ids)
    report.relations_added = store.add_relations(batch.relations, ids)
    report.mappings_added = store.add_mappings(batch.mappings, ids)
    return report


def refresh_embeddings(
    store: TaxonomyStore,
    embedder: Embedder,
    cache: EmbeddingCache,
    progress: Progress = _no_progress,
    *,
    batch_size: int = 64,
) -> int:
    """Embed each concept's preferred label per language where it is missing or changed."""
    have = store.embedding_keys(embedder.name)
    wanted: dict[tuple[int, str], str] = {}
    for concept_id, language, kind, text in store.all_labels():
        if kind == LabelKind.PREFERRED.value:
            wanted.setdefault((concept_id, language), text)
    todo = [(key, text) for key, text in wanted.items() if have.get(key) != text]
    rows: list[tuple[int, str, str, bytes]] = []
    missing = [(key, text) for key, text in todo if text not in cache.vectors]
    rows += [(c, lang, text, cache.vectors[text]) for (c, lang), text in todo if text in cache.vectors]
    for start in range(0, len(missing), batch_size):
        chunk = missing[start : start + batch_size]
        vectors = embedder.passages([text for _, text in chunk])
        rows += [
            (c, lang, text, pack(vector))
            for ((c, lang), text), vector in zip(chunk, vectors, strict=True)
        ]
        progress("embedding labels", min(start + batch_size, len(missing)), len(missing))
    if rows:
        store.put_embeddings(embedder.name, rows)
    return len(rows)


def import_path(
    uow: UnitOfWork,
    path: Path,
    *,
    embedder: Embedder | None = None,
    cache: EmbeddingCache | None = None,
    version: str | None = None,
    progress: Progress = _no_progress,
) -> list[ImportReport]:
    """Import every source under ``path`` as one transaction: all of it, or nothing."""
    batches = read_path(path, version=version)
    store = TaxonomyStore(uow.session)
    reports: list[ImportReport] = []
    for number, batch in enumerate(batches, start=1):
        progress(f"importing {batch.source}", number - 1, len(batches))
        digest = checksum(batch.files)
        if store.import_seen(digest):
            reports.append(ImportReport(source=batch.source, format=batch.format,
                                        files=[str(f) for f in batch.files]))
            continue
        report = _apply(store, batch)
        store.record_import(batch.source, batch.format, digest, _summary(report))
        reports.append(report)
        progress(f"importing {batch.source}", number, len(batches))
    if embedder is not None and any(r.changed for r in reports):
        added = refresh_embeddings(
            store, embedder, cache or EmbeddingCache(embedder.name, {}), progress
        )
        reports[-1].embeddings_added += added
    uow.commit()
    return reports


def _summary(report: ImportReport) -> dict[str, int]:
    return {
        "concepts_added": report.concepts_added,
        "concepts_updated": report.concepts_updated,
        "labels_added": report.labels_added,
        "labels_removed": report.labels_removed,
        "relations_added": report.relations_added,
        "mappings_added": report.mappings_added,
    }
