"""Tables and queries of passports (the only SQLAlchemy import of the package).

Nothing personal is stored in the clear: item bodies, version bodies, evidence files and
endorsement details are AES-GCM ciphertext under the passport's own key (see ``_crypto``).
What stays readable is structure: ids, kinds, version numbers and times. The keys are not
here at all: they live in the key store, a database of their own (``key_store``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kunde.db.base import Base


class PassportRow(Base):
    __tablename__ = "passport"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    holder_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), unique=True
    )
    # Bumped by every change; the number of the passport's newest version.
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ItemRow(Base):
    """The current state of one record. ``lookup`` is a keyed digest that keeps duplicates
    out (one claim per concept, one personal record) without revealing the value."""

    __tablename__ = "passport_item"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    passport_id: Mapped[str] = mapped_column(ForeignKey("passport.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[str | None] = mapped_column(String(36))
    lookup: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        UniqueConstraint("passport_id", "lookup", name="uq_passport_item_lookup"),
        Index("ix_passport_item_passport_kind", "passport_id", "kind"),
    )


class VersionRow(Base):
    """Every state an item has had; ``body`` is empty for a deletion."""

    __tablename__ = "passport_item_version"

    item_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    passport_id: Mapped[str] = mapped_column(ForeignKey("passport.id", ondelete="CASCADE"))
    passport_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    change: Mapped[str] = mapped_column(String(10))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (
        Index("ix_passport_item_version_passport", "passport_id", "passport_version"),
    )


class FileRow(Base):
    """An evidence file: ``meta`` (name, type) and ``content`` are both sealed."""

    __tablename__ = "passport_file"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    passport_id: Mapped[str] = mapped_column(ForeignKey("passport.id", ondelete="CASCADE"))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    meta: Mapped[bytes] = mapped_column(LargeBinary)
    content: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_passport_file_passport_id", "passport_id"),)


class EndorsementRow(Base):
    """A request to a colleague or employer to confirm a claim, opened by a secret link."""

    __tablename__ = "passport_endorsement"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    passport_id: Mapped[str] = mapped_column(ForeignKey("passport.id", ondelete="CASCADE"))
    claim_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    details: Mapped[bytes] = mapped_column(LargeBinary)


class ErasureRow(Base):
    """The receipt of an erasure: ids and counts only, nothing of what was erased."""

    __tablename__ = "passport_erasure"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    holder_id: Mapped[str] = mapped_column(String(36))
    passport_id: Mapped[str] = mapped_column(String(36))
    erased_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    items: Mapped[int] = mapped_column(Integer)
    versions: Mapped[int] = mapped_column(Integer)
    files: Mapped[int] = mapped_column(Integer)


class PassportStore:
    """Reads and writes of the passport tables inside one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def passport(self, holder_id: str, *, lock: bool = False) -> PassportRow | None:
        query = select(PassportRow).where(PassportRow.holder_id == holder_id)
        if lock:
            # Serialises writers of one passport on PostgreSQL; SQLite locks the whole file.
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def passport_by_id(self, passport_id: str) -> PassportRow | None:
        return self.session.get(PassportRow, passport_id)

    def add(self, *rows: Base) -> None:
        self.session.add_all(rows)
        self.session.flush()

    def item(self, passport_id: str, item_id: str) -> ItemRow | None:
        row = self.session.get(ItemRow, item_id)
        return row if row is not None and row.passport_id == passport_id else None

    def items(self, passport_id: str, kind: str | None = None) -> list[ItemRow]:
        query = select(ItemRow).where(ItemRow.passport_id == passport_id)
        if kind is not None:
            query = query.where(ItemRow.kind == kind)
        return list(self.session.scalars(query.order_by(ItemRow.created_at, ItemRow.id)))

    def children(self, passport_id: str, parent_id: str) -> list[ItemRow]:
        query = select(ItemRow).where(
            ItemRow.passport_id == passport_id, ItemRow.parent_id == parent_id
        )
        return list(self.session.scalars(query))

    def lookup_taken(self, passport_id: str, lookup: str, except_id: str | None = None) -> bool:
        query = select(ItemRow.id).where(
            ItemRow.passport_id == passport_id, ItemRow.lookup == lookup
        )
        found = self.session.scalars(query).first()
        return found is not None and found != except_id

    def delete_item(self, row: ItemRow) -> None:
        self.session.delete(row)
        self.session.flush()

    def versions(self, passport_id: str) -> list[VersionRow]:
        query = (
            select(VersionRow)
            .where(VersionRow.passport_id == passport_id)
            .order_by(VersionRow.passport_version, VersionRow.item_id)
        )
        return list(self.session.scalars(query))

    def file(self, passport_id: str, file_id: str) -> FileRow | None:
        row = self.session.get(FileRow, file_id)
        return row if row is not None and row.passport_id == passport_id else None

    def files(self, passport_id: str) -> list[FileRow]:
        query = select(FileRow).where(FileRow.passport_id == passport_id).order_by(FileRow.id)
        return list(self.session.scalars(query))

    def endorsement(self, token_hash: str) -> EndorsementRow | None:
        query = select(EndorsementRow).where(EndorsementRow.token_hash == token_hash)
        return self.session.scalars(query).first()

    def count(self, table: type[ItemRow | VersionRow | FileRow], passport_id: str) -> int:
        query = select(func.count()).select_from(table).where(table.passport_id == passport_id)
        return int(self.session.scalar(query) or 0)

    def erase(self, passport: PassportRow) -> None:
        """Delete everything of the passport in this database (its key lives in the key
        store; the caller deletes it there after this commits).

        On SQLite, ``secure_delete`` makes the freed pages zeros instead of leaving old
        ciphertext in the file.
        """
        if self.session.get_bind().dialect.name == "sqlite":
            self.session.execute(text("PRAGMA secure_delete=ON"))
        pid = passport.id
        for table in (EndorsementRow, FileRow, VersionRow, ItemRow):
            self.session.execute(delete(table).where(table.passport_id == pid))
        self.session.delete(passport)
        self.session.flush()
