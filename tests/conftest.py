"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL with --db-url) with
its own key store, the bundled taxonomy imported once, and one rolled-back transaction per
test (the key store commits: its keys belong to passports that the rollback removes)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from database_helpers import scratch_postgres_database
from kunde.config import Settings
from kunde.db.migrate import upgrade
from kunde.db.session import Database, make_engine
from kunde.passport import KeyRing
from kunde.passport.key_store import KeyStore
from kunde.taxonomy.bundle import EMBEDDINGS_CACHE, bundled_parts
from kunde.taxonomy.service import TaxonomyService
from kunde.web.app import create_app


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-url",
        default=os.environ.get("KUNDE_TEST_DATABASE_URL", ""),
        help="Database for the suite; default a temporary SQLite file. The database is wiped.",
    )


@pytest.fixture(scope="session")
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    url: str = request.config.getoption("--db-url")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'kunde-test.sqlite3'}"


def _wipe(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    _wipe(engine)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def keystore_url(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database's own key store: a database beside it on PostgreSQL, a SQLite file
    beside it otherwise."""
    if engine.dialect.name == "postgresql":
        url = engine.url.render_as_string(hide_password=False)
        return scratch_postgres_database(url, f"{engine.url.database}_keys")
    return f"sqlite:///{tmp_path_factory.mktemp('keys') / 'keys.sqlite3'}"


@pytest.fixture(scope="session")
def key_store(keystore_url: str) -> Iterator[KeyStore]:
    store = KeyStore.from_url(keystore_url)
    store.upgrade()
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def taxonomy(engine: Engine) -> TaxonomyService:
    """The bundled taxonomy, imported and committed once for the whole session."""
    service = TaxonomyService(Database(engine))
    for part in bundled_parts():
        service.import_path(part, cache_file=EMBEDDINGS_CACHE)
    service.warm_up()
    return service


@pytest.fixture
def database(engine: Engine) -> Iterator[Database]:
    """A database whose every unit of work is rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    try:
        yield Database(connection)
    finally:
        transaction.rollback()
        connection.close()


@pytest.fixture
def settings(tmp_path: Path, keystore_url: str, key_store: KeyStore) -> Settings:
    del key_store  # migrated before any app opens it
    return Settings(
        data_dir=tmp_path,
        secret_key="test-secret-key-not-for-production",
        keystore_url=keystore_url,
    )


@pytest.fixture
def keys(settings: Settings, key_store: KeyStore) -> KeyRing:
    """The key ring the test apps use: the settings' secret and the session key store."""
    return KeyRing.from_secret(settings.resolved_secret_key(), key_store)


@pytest.fixture
def app(
    settings: Settings, database: Database, taxonomy: TaxonomyService, keys: KeyRing
) -> FastAPI:
    return create_app(settings, database=database, taxonomy=taxonomy, keys=keys)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def scratch_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)
