"""Upgrading an install from before the key store: ``kunde db upgrade`` moves every wrapped
key out of the main database into the key store, once, and drops the old table; nothing is
lost. On PostgreSQL the key store is a schema of its own (made by the upgrade)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from typer.testing import CliRunner

from database_helpers import scratch_postgres_database
from kunde.accounts import service as accounts
from kunde.cli.main import app
from kunde.db.migrate import downgrade, upgrade
from kunde.db.session import Database, make_engine
from kunde.passport import KeyRing, service
from kunde.passport._crypto import derive_master_key, new_data_key, seal
from kunde.passport.key_store import KeyStore

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SECRET = "migration-test-secret"


@pytest.fixture
def urls(engine: Engine, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(database, key store) URLs of a scratch install of the suite's dialect."""
    if engine.dialect.name != "postgresql":
        yield f"sqlite:///{tmp_path / 'kunde.sqlite3'}", f"sqlite:///{tmp_path / 'keys.sqlite3'}"
        return
    admin = engine.url.render_as_string(hide_password=False)
    name = f"kunde_migrate_{uuid.uuid4().hex[:8]}"
    main = scratch_postgres_database(admin, name)
    yield main, main + "?options=-csearch_path%3Dkunde_keys"
    server = make_engine(admin).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def _old_install(engine: Engine) -> tuple[str, str, bytes]:
    """A holder with one record, written as versions before 0009 did: the wrapped key in
    ``passport_key`` of the main database. Returns (holder id, passport id, wrapped key)."""
    upgrade(engine, "0008")
    database = Database(engine)
    with database.unit_of_work() as uow:
        holder = accounts.sign_up(
            uow, email="old@example.org", password="long enough pw", display_name="O", now=NOW
        )
    passport_id, item_id, data_key = str(uuid.uuid4()), str(uuid.uuid4()), new_data_key()
    # The wrapping has not changed: AES-GCM under the master key, bound to the passport.
    wrapped = seal(derive_master_key(SECRET.encode()), data_key, f"passport-key:{passport_id}")
    body = json.dumps({"kind": "care", "role": "Mantelzorger", "start": "2018-01-01"})
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO passport VALUES (:id, :holder, 1, :at)"),
            {"id": passport_id, "holder": holder.id, "at": NOW},
        )
        connection.execute(
            text("INSERT INTO passport_key VALUES (:id, :wrapped, :at)"),
            {"id": passport_id, "wrapped": wrapped, "at": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO passport_item (id, passport_id, kind, version, created_at,"
                " updated_at, body) VALUES (:id, :pid, 'experience', 1, :at, :at, :body)"
            ),
            {
                "id": item_id,
                "pid": passport_id,
                "at": NOW,
                "body": seal(data_key, body.encode(), f"item:{item_id}"),
            },
        )
    return holder.id, passport_id, wrapped


def test_upgrade_moves_the_keys_into_the_key_store_once(
    urls: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_url, keystore_url = urls
    engine = make_engine(database_url)
    holder, passport_id, wrapped = _old_install(engine)
    with pytest.raises(RuntimeError, match="kunde db upgrade"):
        upgrade(engine)  # without the key store nothing moves, and nothing is dropped
    assert "passport_key" in inspect(engine).get_table_names()

    monkeypatch.setenv("KUNDE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KUNDE_DATABASE_URL", database_url)
    monkeypatch.setenv("KUNDE_KEYSTORE_URL", keystore_url)
    monkeypatch.setenv("KUNDE_SECRET_KEY", SECRET)
    runner = CliRunner()
    for _ in range(2):  # a second run finds everything in place
        done = runner.invoke(app, ["db", "upgrade"])
        assert done.exit_code == 0, done.output
    assert runner.invoke(app, ["db", "check"]).exit_code == 0
    assert "passport_key" not in inspect(engine).get_table_names()
    key_store = KeyStore.from_url(keystore_url)
    assert key_store.get(passport_id) == wrapped
    keys = KeyRing.from_secret(SECRET.encode(), key_store)
    with Database(engine).unit_of_work() as uow:
        view = service.view(uow, actor_id=holder, holder_id=holder, keys=keys, now=NOW)
    assert [e.body.model_dump()["role"] for e in view.experiences] == ["Mantelzorger"]

    # Going back puts the key into the main database again; going forward again works.
    downgrade(engine, "0008", keystore=key_store)
    with engine.connect() as connection:
        back = connection.execute(text("SELECT wrapped FROM passport_key")).scalar_one()
    assert bytes(back) == wrapped
    upgrade(engine, keystore=key_store)
    assert key_store.get(passport_id) == wrapped
    key_store.dispose()
    engine.dispose()
