"""Scratch databases for tests that need committed data of their own."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import make_url

from kunde.db.session import make_engine


def scratch_postgres_database(url: str, name: str) -> str:
    """A new, empty PostgreSQL database ``name`` on the server of ``url``; its URL."""
    server = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)
