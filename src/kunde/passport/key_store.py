"""The key store: wrapped passport keys in their own database, apart from the data.

Why apart: a backup of the main database holds every passport's ciphertext. If the wrapped
keys sat in that same database, such a backup plus the instance secret would still open an
erased passport. Here they live in a second database (``KUNDE_KEYSTORE_URL``, by default
``data_dir/keys.sqlite3``) with its own, short-lived backups; erasing a passport deletes
its key here, and from then on no copy of the main database opens it.

Every write commits at once, in the key store's own transaction. The services order those
commits around the main transaction (see :mod:`kunde.passport._records` and
:func:`kunde.passport.exchange.erase`): a key is stored before the passport that needs it,
and deleted only after the passport's erasure committed. A failure in between leaves at
most a key without a passport, which :meth:`KeyStore.stored` lets ``kunde passport
prune-keys`` find and delete; it never leaves a passport without its key.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Self

from sqlalchemy import DateTime, LargeBinary, MetaData, String, delete, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kunde.db.base import NAMING_CONVENTION, utc
from kunde.db.session import Database

if TYPE_CHECKING:
    from collections.abc import Iterable


class KeyStoreBase(DeclarativeBase):
    """Tables of the key store database (not of the main database)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class WrappedKeyRow(KeyStoreBase):
    """A passport's data key, wrapped by the master key. Deleting it shreds the passport."""

    __tablename__ = "passport_key"

    passport_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeyStore:
    """Reads and writes of wrapped keys; each write is its own committed transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    def from_url(cls, url: str) -> Self:
        return cls(Database.from_url(url))

    def upgrade(self) -> None:
        """Create or update the key store's tables (``kunde db upgrade`` calls this)."""
        from kunde.db.migrate import upgrade_keystore  # noqa: PLC0415 - plumbing, not model

        upgrade_keystore(self.database.bind)

    def dispose(self) -> None:
        self.database.dispose()

    def put(self, passport_id: str, wrapped: bytes, now: datetime) -> None:
        """Store one wrapped key and commit."""
        self.put_many([(passport_id, wrapped, now)])

    def put_many(self, rows: Iterable[tuple[str, bytes, datetime]]) -> int:
        """Store wrapped keys not stored yet (same id: kept as it is) and commit; the count
        of keys added. Used to move keys in from an older layout, so it may run twice."""
        added = 0
        with self.database.unit_of_work() as uow:
            for passport_id, wrapped, created_at in rows:
                if uow.session.get(WrappedKeyRow, passport_id) is None:
                    uow.session.add(
                        WrappedKeyRow(
                            passport_id=passport_id, wrapped=wrapped, created_at=created_at
                        )
                    )
                    added += 1
            uow.commit()
        return added

    def get(self, passport_id: str) -> bytes | None:
        entry = self.entry(passport_id)
        return entry[0] if entry is not None else None

    def entry(self, passport_id: str) -> tuple[bytes, datetime] | None:
        """The wrapped key and when it was stored, or ``None``."""
        with self.database.unit_of_work() as uow:
            row = uow.session.get(WrappedKeyRow, passport_id)
            return (row.wrapped, utc(row.created_at)) if row is not None else None

    def delete(self, passport_id: str) -> None:
        """Delete the wrapped key and commit. On SQLite, ``secure_delete`` zeroes the freed
        bytes and a checkpoint moves the change out of the write-ahead log."""
        sqlite = self.database.dialect == "sqlite"
        with self.database.unit_of_work() as uow:
            if sqlite:
                uow.session.execute(text("PRAGMA secure_delete=ON"))
            uow.session.execute(
                delete(WrappedKeyRow).where(WrappedKeyRow.passport_id == passport_id)
            )
            uow.commit()
        if sqlite:
            with self.database.unit_of_work() as uow:
                uow.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    def stored(self, *, created_before: datetime) -> list[str]:
        """Passport ids with a key stored before ``created_before``."""
        with self.database.unit_of_work() as uow:
            rows = uow.session.execute(select(WrappedKeyRow.passport_id, WrappedKeyRow.created_at))
            return sorted(pid for pid, at in rows if utc(at) < created_before)


__all__ = ["KeyStore", "KeyStoreBase", "WrappedKeyRow"]
