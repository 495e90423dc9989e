"""Tables and queries of the skills languages. The only module here that imports SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kunde.db.base import Base
from kunde.taxonomy.model import (
    ConceptKind,
    ConceptRecord,
    Label,
    LabelKind,
    MappingRecord,
    MatchKind,
    RelationKind,
    RelationRecord,
    Scheme,
)

_BATCH = 5000


class ConceptRow(Base):
    __tablename__ = "taxonomy_concept"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uri: Mapped[str] = mapped_column(String(400), unique=True)
    scheme: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    code: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str | None] = mapped_column(String(30))
    reuse_level: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (Index("ix_taxonomy_concept_scheme_code", "scheme", "code"),)


class LabelRow(Base):
    __tablename__ = "taxonomy_label"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_concept.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(String(1000))

    __table_args__ = (UniqueConstraint("concept_id", "language", "kind", "text"),)


class DescriptionRow(Base):
    __tablename__ = "taxonomy_description"

    concept_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_concept.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class RelationRow(Base):
    __tablename__ = "taxonomy_relation"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_concept.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    target_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_concept.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    weight: Mapped[float | None] = mapped_column(Float)


class CollectionRow(Base):
    __tablename__ = "taxonomy_collection"

    concept_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_concept.id", ondelete="CASCADE"), primary_key=True
    )
    collection: Mapped[str] = mapped_column(String(40), primary_key=True)


class MappingRow(Base):
    __tablename__ = "taxonomy_mapping"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_concept.id", ondelete="CASCADE"), index=True
    )
    target_scheme: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(400))
    target_label: Mapped[str | None] = mapped_column(String(400))
    match: Mapped[str] = mapped_column(String(12))
    provenance: Mapped[str] = mapped_column(String(200))

    __table_args__ = (
        UniqueConstraint("source_id", "target_scheme", "target", "provenance"),
        Index("ix_taxonomy_mapping_target", "target_scheme", "target"),
    )


class EmbeddingRow(Base):
    __tablename__ = "taxonomy_embedding"

    concept_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_concept.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    model: Mapped[str] = mapped_column(String(60), primary_key=True)
    text: Mapped[str] = mapped_column(String(1000))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class ImportRow(Base):
    __tablename__ = "taxonomy_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(40))
    checksum: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


def _chunks(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]


class TaxonomyStore:
    """Reads and writes taxonomy tables inside the caller's session (one unit of work)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- bookkeeping -----------------------------------------------------------------
    def import_seen(self, checksum: str) -> bool:
        found = self.session.scalar(select(ImportRow.id).where(ImportRow.checksum == checksum))
        return found is not None

    def record_import(self, source: str, fmt: str, checksum: str, summary: dict[str, Any]) -> None:
        self.session.add(
            ImportRow(
                source=source,
                format=fmt,
                checksum=checksum,
                imported_at=datetime.now(UTC),
                summary=summary,
            )
        )

    def imports(self) -> list[ImportRow]:
        return list(self.session.scalars(select(ImportRow).order_by(ImportRow.id)))

    def revision(self) -> int:
        """Grows with every import; caches of the taxonomy key on it."""
        return int(self.session.scalar(select(func.coalesce(func.max(ImportRow.id), 0))) or 0)

    def revision_key(self) -> str:
        """Names this database's taxonomy content: newest import id and its checksum."""
        row = self.session.execute(
            select(ImportRow.id, ImportRow.checksum).order_by(ImportRow.id.desc()).limit(1)
        ).first()
        return "empty" if row is None else f"{row[0]}-{row[1][:16]}"

    def concept_count(self) -> int:
        return int(self.session.scalar(select(func.count(ConceptRow.id))) or 0)

    # --- writing ---------------------------------------------------------------------
    def uri_ids(self) -> dict[str, int]:
        return dict(self.session.execute(select(ConceptRow.uri, ConceptRow.id)).all())

    def upsert_concepts(self, records: Sequence[ConceptRecord]) -> tuple[int, int]:
        """Insert new concepts and fill in attributes; returns (added, updated)."""
        existing = {
            row.uri: row
            for row in self.session.execute(
                select(
                    ConceptRow.uri,
                    ConceptRow.id,
                    ConceptRow.kind,
                    ConceptRow.code,
                    ConceptRow.status,
                    ConceptRow.reuse_level,
                )
            )
        }
        new_rows: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        seen: set[str] = set()
        for record in records:
            if record.uri in seen:
                continue
            seen.add(record.uri)
            row = existing.get(record.uri)
            values = {
                "uri": record.uri,
                "scheme": record.scheme.value,
                "kind": record.kind.value,
                "code": record.code,
                "status": record.status,
                "reuse_level": record.reuse_level,
            }
            if row is None:
                new_rows.append(values)
                continue
            # A partial file (another language, a collection) may lack attributes: keep ours.
            changed = {
                key: values[key]
                for key in ("kind", "code", "status", "reuse_level")
                if values[key] is not None and values[key] != getattr(row, key)
            }
            if changed:
                updates.append({"id": row.id, **changed})
        for chunk in _chunks(new_rows):
            self.session.execute(insert(ConceptRow), chunk)
        for values in updates:
            key = values.pop("id")
            self.session.execute(update(ConceptRow).where(ConceptRow.id == key).values(**values))
        return len(new_rows), len(updates)

    def replace_labels(
        self, records: Sequence[ConceptRecord], ids: dict[str, int]
    ) -> tuple[int, int]:
        """Add the records' labels; a full concept file also removes labels it no longer has."""
        languages = {label.language for record in records for label in record.labels}
        if not languages:
            return 0, 0
        touched = {ids[r.uri] for r in records if r.labels}
        current: dict[tuple[int, str], set[tuple[str, str]]] = {}
        label_ids: dict[tuple[int, str, str, str], int] = {}
        query = select(
            LabelRow.id, LabelRow.concept_id, LabelRow.language, LabelRow.kind, LabelRow.text
        ).where(LabelRow.language.in_(languages))
        for row_id, concept_id, language, kind, text in self.session.execute(query):
            if concept_id in touched:
                current.setdefault((concept_id, language), set()).add((kind, text))
                label_ids[(concept_id, language, kind, text)] = row_id
        wanted: dict[tuple[int, str], set[tuple[str, str]]] = {}
        for record in records:
            for label in record.labels:
                key = (ids[record.uri], label.language)
                wanted.setdefault(key, set()).add((label.kind.value, label.text))
        authoritative = {ids[r.uri] for r in records if r.authoritative_labels}
        to_add: list[dict[str, Any]] = []
        to_remove: list[int] = []
        for key, labels in wanted.items():
            have = current.get(key, set())
            concept_id, language = key
            to_add.extend(
                {"concept_id": concept_id, "language": language, "kind": kind, "text": text}
                for kind, text in sorted(labels - have)
            )
            if concept_id in authoritative:
                to_remove.extend(
                    label_ids[(concept_id, language, kind, text)] for kind, text in have - labels
                )
        for chunk in _chunks(to_add):
            self.session.execute(insert(LabelRow), chunk)
        for start in range(0, len(to_remove), _BATCH):
            batch = to_remove[start : start + _BATCH]
            self.session.execute(delete(LabelRow).where(LabelRow.id.in_(batch)))
        return len(to_add), len(to_remove)

    def replace_descriptions(self, records: Sequence[ConceptRecord], ids: dict[str, int]) -> None:
        wanted = {
            (ids[r.uri], language): text
            for r in records
            for language, text in r.descriptions.items()
            if text
        }
        if not wanted:
            return
        languages = {language for _, language in wanted}
        have = {
            (concept_id, language): text
            for concept_id, language, text in self.session.execute(
                select(
                    DescriptionRow.concept_id, DescriptionRow.language, DescriptionRow.text
                ).where(DescriptionRow.language.in_(languages))
            ).all()
        }
        new = [
            {"concept_id": c, "language": lang, "text": text}
            for (c, lang), text in wanted.items()
            if (c, lang) not in have
        ]
        for chunk in _chunks(new):
            self.session.execute(insert(DescriptionRow), chunk)
        for (concept_id, language), text in wanted.items():
            if (concept_id, language) in have and have[(concept_id, language)] != text:
                self.session.execute(
                    update(DescriptionRow)
                    .where(
                        DescriptionRow.concept_id == concept_id,
                        DescriptionRow.language == language,
                    )
                    .values(text=text)
                )

    def add_relations(self, records: Iterable[RelationRecord], ids: dict[str, int]) -> int:
        have = set(
            self.session.execute(
                select(RelationRow.source_id, RelationRow.kind, RelationRow.target_id)
            ).all()
        )
        new: dict[tuple[int, str, int], float | None] = {}
        for record in records:
            source, target = ids.get(record.source), ids.get(record.target)
            if source is None or target is None:
                continue
            key = (source, record.kind.value, target)
            if key not in have:
                new[key] = record.weight
        rows = [
            {"source_id": s, "kind": k, "target_id": t, "weight": w} for (s, k, t), w in new.items()
        ]
        for chunk in _chunks(rows):
            self.session.execute(insert(RelationRow), chunk)
        return len(rows)

    def add_collections(self, members: Iterable[tuple[str, str]], ids: dict[str, int]) -> None:
        have: set[tuple[int, str]] = {
            (c, name)
            for c, name in self.session.execute(
                select(CollectionRow.concept_id, CollectionRow.collection)
            )
        }
        rows = []
        for uri, collection in members:
            key = (ids[uri], collection)
            if key not in have:
                have.add(key)
                rows.append({"concept_id": key[0], "collection": collection})
        for chunk in _chunks(rows):
            self.session.execute(insert(CollectionRow), chunk)

    def add_mappings(self, records: Iterable[MappingRecord], ids: dict[str, int]) -> int:
        have: set[tuple[int, str, str, str]] = {
            (source, scheme, target, provenance)
            for source, scheme, target, provenance in self.session.execute(
                select(
                    MappingRow.source_id,
                    MappingRow.target_scheme,
                    MappingRow.target,
                    MappingRow.provenance,
                )
            )
        }
        rows = []
        for record in records:
            source = ids.get(record.source)
            if source is None:
                continue
            key = (source, record.target_scheme.value, record.target, record.provenance)
            if key in have:
                continue
            have.add(key)
            rows.append(
                {
                    "source_id": source,
                    "target_scheme": record.target_scheme.value,
                    "target": record.target,
                    "target_label": record.target_label,
                    "match": record.match.value,
                    "provenance": record.provenance,
                }
            )
        for chunk in _chunks(rows):
            self.session.execute(insert(MappingRow), chunk)
        return len(rows)

    def embedding_keys(self, model: str) -> dict[tuple[int, str], str]:
        query = select(EmbeddingRow.concept_id, EmbeddingRow.language, EmbeddingRow.text).where(
            EmbeddingRow.model == model
        )
        return {(c, lang): text for c, lang, text in self.session.execute(query)}

    def put_embeddings(self, model: str, rows: Sequence[tuple[int, str, str, bytes]]) -> None:
        keys = [(c, lang) for c, lang, _, _ in rows]
        for start in range(0, len(keys), _BATCH):
            for concept_id, language in keys[start : start + _BATCH]:
                self.session.execute(
                    delete(EmbeddingRow).where(
                        EmbeddingRow.concept_id == concept_id,
                        EmbeddingRow.language == language,
                        EmbeddingRow.model == model,
                    )
                )
        values = [
            {"concept_id": c, "language": lang, "model": model, "text": text, "vector": vector}
            for c, lang, text, vector in rows
        ]
        for chunk in _chunks(values):
            self.session.execute(insert(EmbeddingRow), chunk)

    # --- reading ---------------------------------------------------------------------
    def concept(self, uri: str) -> ConceptRow | None:
        return self.session.scalar(select(ConceptRow).where(ConceptRow.uri == uri))

    def concept_by_code(self, scheme: Scheme, code: str) -> ConceptRow | None:
        query = select(ConceptRow).where(ConceptRow.scheme == scheme.value, ConceptRow.code == code)
        return self.session.scalars(query).first()

    def concepts_by_ids(self, ids: Iterable[int]) -> dict[int, ConceptRow]:
        wanted = list(set(ids))
        found: dict[int, ConceptRow] = {}
        for start in range(0, len(wanted), 900):
            query = select(ConceptRow).where(ConceptRow.id.in_(wanted[start : start + 900]))
            found.update({row.id: row for row in self.session.scalars(query)})
        return found

    def labels(self, concept_ids: Iterable[int]) -> dict[int, list[Label]]:
        wanted = list(set(concept_ids))
        found: dict[int, list[Label]] = {}
        for start in range(0, len(wanted), 900):
            query = (
                select(LabelRow.concept_id, LabelRow.language, LabelRow.kind, LabelRow.text)
                .where(LabelRow.concept_id.in_(wanted[start : start + 900]))
                .order_by(LabelRow.id)
            )
            for concept_id, language, kind, text in self.session.execute(query):
                found.setdefault(concept_id, []).append(Label(language, LabelKind(kind), text))
        return found

    def all_labels(self) -> list[tuple[int, str, str, str]]:
        """(concept id, language, kind, text) for every label: the search index input."""
        query = select(LabelRow.concept_id, LabelRow.language, LabelRow.kind, LabelRow.text)
        return list(self.session.execute(query.order_by(LabelRow.id)).all())

    def all_concepts(self) -> list[tuple[int, str, str, str, str | None]]:
        query = select(
            ConceptRow.id, ConceptRow.uri, ConceptRow.scheme, ConceptRow.kind, ConceptRow.code
        )
        return list(self.session.execute(query).all())

    def all_embeddings(self, model: str) -> list[tuple[int, str, bytes]]:
        query = select(EmbeddingRow.concept_id, EmbeddingRow.language, EmbeddingRow.vector).where(
            EmbeddingRow.model == model
        )
        return list(self.session.execute(query).all())

    def descriptions(self, concept_id: int) -> dict[str, str]:
        query = select(DescriptionRow.language, DescriptionRow.text).where(
            DescriptionRow.concept_id == concept_id
        )
        return dict(self.session.execute(query).all())

    def relations_from(self, concept_id: int) -> list[tuple[str, int, float | None]]:
        query = select(RelationRow.kind, RelationRow.target_id, RelationRow.weight).where(
            RelationRow.source_id == concept_id
        )
        return list(self.session.execute(query).all())

    def relations_to(self, concept_id: int) -> list[tuple[str, int, float | None]]:
        query = select(RelationRow.kind, RelationRow.source_id, RelationRow.weight).where(
            RelationRow.target_id == concept_id
        )
        return list(self.session.execute(query).all())

    def all_relations(
        self, kinds: Sequence[RelationKind]
    ) -> list[tuple[int, str, int, float | None]]:
        query = select(
            RelationRow.source_id, RelationRow.kind, RelationRow.target_id, RelationRow.weight
        ).where(RelationRow.kind.in_([k.value for k in kinds]))
        return list(self.session.execute(query).all())

    def collections_of(self, concept_id: int) -> list[str]:
        query = select(CollectionRow.collection).where(CollectionRow.concept_id == concept_id)
        return sorted(self.session.scalars(query))

    def mappings_from(self, concept_id: int, scheme: Scheme) -> list[MappingRow]:
        query = select(MappingRow).where(
            MappingRow.source_id == concept_id, MappingRow.target_scheme == scheme.value
        )
        return list(self.session.scalars(query.order_by(MappingRow.id)))

    def mappings_to(self, scheme: Scheme, targets: Sequence[str]) -> list[MappingRow]:
        query = select(MappingRow).where(
            MappingRow.target_scheme == scheme.value, MappingRow.target.in_(list(targets))
        )
        return list(self.session.scalars(query.order_by(MappingRow.id)))


__all__ = [
    "CollectionRow",
    "ConceptKind",
    "ConceptRow",
    "DescriptionRow",
    "EmbeddingRow",
    "ImportRow",
    "LabelRow",
    "MappingRow",
    "MatchKind",
    "RelationRow",
    "TaxonomyStore",
]
