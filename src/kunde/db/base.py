"""Declarative base with named constraints, so migrations are stable on every dialect."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def load_all_models() -> None:
    """Import every store so ``Base.metadata`` knows all tables (for Alembic)."""
    import kunde.accounts.store  # noqa: PLC0415
    import kunde.issuing.store  # noqa: PLC0415
    import kunde.matching.store  # noqa: PLC0415
    import kunde.passport.store  # noqa: PLC0415
    import kunde.sharing.store  # noqa: PLC0415
    import kunde.taxonomy.store  # noqa: PLC0415
    import kunde.wallet.store  # noqa: F401, PLC0415


def utc(value: datetime) -> datetime:
    """Every stored time is UTC; SQLite hands datetimes back without a zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
