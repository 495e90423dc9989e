"""Engine creation and the unit of work that services commit through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def _enable_sqlite_rules(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets the web app read while importing.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get their folder and sane pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_rules)
        # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    if parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


class Database:
    """Owns the engine (or a connection, in tests) and hands out units of work."""

    def __init__(self, bind: Engine | Connection) -> None:
        self.bind = bind
        # Bound to a connection (tests), each unit of work runs in a savepoint that the
        # test's outer transaction rolls back.
        if isinstance(bind, Connection):
            self._sessions = sessionmaker(
                bind=bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
        else:
            self._sessions = sessionmaker(bind=bind, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> Self:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.bind.dialect.name

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._sessions())

    def dispose(self) -> None:
        if isinstance(self.bind, Engine):
            self.bind.dispose()


class UnitOfWork:
    """One business transaction. Services call :meth:`commit`; leaving without it rolls back."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        # close() rolls back what was not committed; loaded objects stay readable.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


@contextmanager
def unit_of_work(database: Database) -> Iterator[UnitOfWork]:
    with database.unit_of_work() as uow:
        yield uow
