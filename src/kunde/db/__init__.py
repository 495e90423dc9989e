"""Storage plumbing: engine, unit of work and migrations."""

from kunde.db.base import Base
from kunde.db.session import Database, UnitOfWork

__all__ = ["Base", "Database", "UnitOfWork"]
