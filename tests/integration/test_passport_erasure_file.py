"""Crypto-shredding, proven on the stored bytes themselves: personal text never reaches the
database, the keys never reach it either (they live in the key store), and a backup of the
database taken before an erasure no longer opens the erased passport afterwards."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from database_helpers import scratch_postgres_database
from kunde.accounts import service as accounts
from kunde.db.migrate import upgrade
from kunde.db.session import Database, make_engine
from kunde.passport import KeyRing, exchange, service, vault
from kunde.passport._crypto import KeyUnavailable, unseal
from kunde.passport.key_store import KeyStore
from kunde.passport.model import ItemKind

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SECRET = b"file-test-secret"
SECRET_WORDS = ("Zwolle-bakkerij-droom", "Magazijnchef-Hoogeveen", "geduldig-en-precies")


class KnownConcepts:
    """A taxonomy that knows one concept, so this test needs no imported ESCO."""

    def exists(self, uri: str) -> bool:
        return uri == "http://example.org/skill/forklift"


@dataclass
class Place:
    """A scratch main database and key store of the suite's dialect, and a way to back the
    main database up as an operator would (file copy; PostgreSQL: a copy of the database)."""

    engine: Engine
    key_store: KeyStore
    backup_url: str
    sqlite_file: Path | None
    admin_url: str = ""  # PostgreSQL: a database to connect to while copying

    def backup(self) -> None:
        if self.sqlite_file is not None:
            with self.engine.begin() as connection:
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            shutil.copyfile(self.sqlite_file, make_url(self.backup_url).database or "")
            return
        source = self.engine.url.database
        self.engine.dispose()  # CREATE DATABASE ... TEMPLATE needs the source idle
        server = make_engine(self.admin_url).execution_options(isolation_level="AUTOCOMMIT")
        name = make_url(self.backup_url).database
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        server.dispose()

    def backup_rows(self, query: str, **params: str) -> list[tuple[object, ...]]:
        """Raw rows read from the backup itself, not through Kunde."""
        if self.sqlite_file is not None:
            path = make_url(self.backup_url).database or ""
            with sqlite3.connect(path) as connection:
                rows = connection.execute(query.replace("%(", ":").replace(")s", ""), params)
                return [tuple(row) for row in rows]
        backup = make_engine(self.backup_url)
        with backup.connect() as connection:
            rows = connection.exec_driver_sql(query, params)
            found = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]
        backup.dispose()
        return found


@pytest.fixture
def place(engine: Engine, tmp_path: Path) -> Iterator[Place]:
    if engine.dialect.name == "postgresql":
        server = engine.url.render_as_string(hide_password=False)
        name = f"kunde_erasure_{uuid.uuid4().hex[:8]}"
        main = make_engine(scratch_postgres_database(server, name))
        keys_url = scratch_postgres_database(server, name + "_keys")
        backup_url = (
            make_url(server).set(database=name + "_backup").render_as_string(hide_password=False)
        )
        sqlite_file = None
    else:
        sqlite_file = tmp_path / "kunde.sqlite3"
        main = make_engine(f"sqlite:///{sqlite_file}")
        keys_url = f"sqlite:///{tmp_path / 'keys.sqlite3'}"
        backup_url = f"sqlite:///{tmp_path / 'backup.sqlite3'}"
    upgrade(main)
    key_store = KeyStore.from_url(keys_url)
    key_store.upgrade()
    admin_url = engine.url.render_as_string(hide_password=False)
    yield Place(main, key_store, backup_url, sqlite_file, admin_url)
    main.dispose()
    key_store.dispose()
    if sqlite_file is None:
        server_engine = make_engine(
            engine.url.render_as_string(hide_password=False)
        ).execution_options(isolation_level="AUTOCOMMIT")
        with server_engine.connect() as connection:
            for url in (main.url, make_url(keys_url), make_url(backup_url)):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        server_engine.dispose()


def _holder_with_records(database: Database, keys: KeyRing, email: str, motivation: str) -> str:
    with database.unit_of_work() as uow:
        holder = accounts.sign_up(
            uow, email=email, password="long enough pw", display_name="H", now=NOW
        )
    common = {"actor_id": holder.id, "holder_id": holder.id, "keys": keys}
    with database.unit_of_work() as uow:
        service.add(
            uow,
            **common,
            kind=ItemKind.EXPERIENCE,
            concepts=KnownConcepts(),
            now=NOW,
            data={"kind": "work", "role": SECRET_WORDS[1], "start": "2020-01-01"},
        )
        service.add(
            uow,
            **common,
            kind=ItemKind.SKILL,
            concepts=KnownConcepts(),
            now=NOW,
            data={"concept_uri": "http://example.org/skill/forklift"},
        )
        service.set_personal(
            uow,
            **common,
            concepts=KnownConcepts(),
            now=NOW,
            expected_version=None,
            data={"motivation": motivation, "traits": [SECRET_WORDS[2]]},
        )
        service.add_file(
            uow,
            **common,
            name="diploma.pdf",
            now=NOW,
            declared_type=None,
            content=b"%PDF-1.4 " + motivation.encode(),
        )
    return holder.id


def _passport_id(database: Database, holder_id: str) -> str:
    with database.unit_of_work() as uow:
        found = uow.session.execute(
            text("SELECT id FROM passport WHERE holder_id = :h"), {"h": holder_id}
        ).scalar_one()
    return str(found)


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_a_backup_taken_before_erasure_no_longer_opens_the_erased_passport(
    place: Place,
) -> None:
    database = Database(place.engine)
    keys = KeyRing.from_secret(SECRET, place.key_store)
    erased = _holder_with_records(database, keys, "erased@example.org", SECRET_WORDS[0])
    kept = _holder_with_records(database, keys, "kept@example.org", "Blijft-leesbaar")
    erased_pid, kept_pid = _passport_id(database, erased), _passport_id(database, kept)
    place.backup()
    database = Database(place.engine)
    with database.unit_of_work() as uow:
        receipt = exchange.erase(uow, actor_id=erased, holder_id=erased, keys=keys, now=NOW)
    assert receipt.key_destroyed
    assert receipt.records == 3

    personal = (
        "SELECT id, body FROM passport_item WHERE passport_id = %(pid)s AND kind = 'personal'"
    )
    # The backup holds the erased holder's sealed personal record, and no keys at all.
    [(erased_item, erased_blob)] = place.backup_rows(personal, pid=erased_pid)
    [(kept_item, kept_blob)] = place.backup_rows(personal, pid=kept_pid)
    tables = {
        row[0]
        for row in place.backup_rows(
            "SELECT table_name FROM information_schema.tables WHERE table_name = 'passport_key'"
            if place.sqlite_file is None
            else "SELECT name FROM sqlite_master WHERE name = 'passport_key'"
        )
    }
    assert tables == set()
    # The instance secret and the current key store: the kept holder's record opens ...
    kept_key = keys.open(kept_pid)
    assert kept_key is not None
    opened = json.loads(unseal(kept_key, bytes(kept_blob), f"item:{kept_item}"))  # type: ignore[arg-type]
    assert opened["motivation"] == "Blijft-leesbaar"
    # ... the erased holder's does not: its key is gone, and no key that is left opens it.
    assert keys.open(erased_pid) is None
    for pid in place.key_store.stored(created_before=datetime.now(UTC)):
        key = keys.open(pid)
        assert key is not None
        with pytest.raises(KeyUnavailable):
            unseal(key, bytes(erased_blob), f"item:{erased_item}")  # type: ignore[arg-type]
    with pytest.raises(KeyUnavailable):  # not even with another passport's wrapped key
        keys.unwrap(place.key_store.get(kept_pid) or b"", erased_pid)


def test_no_plaintext_and_no_key_in_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "kunde.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    key_store = KeyStore.from_url(f"sqlite:///{tmp_path / 'keys.sqlite3'}")
    key_store.upgrade()
    database = Database(engine)
    keys = KeyRing.from_secret(SECRET, key_store)
    holder = _holder_with_records(database, keys, "h@example.org", SECRET_WORDS[0])
    pid = _passport_id(database, holder)
    wrapped = key_store.get(pid)
    assert wrapped is not None
    with database.unit_of_work() as uow:
        # The holder reads everything back in the clear through the service.
        view = service.view(uow, actor_id=holder, holder_id=holder, keys=keys, now=NOW)
        assert view.personal is not None
        assert view.personal.body.model_dump()["motivation"] == SECRET_WORDS[0]
    with engine.begin() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    backup = _file_bytes(path)
    for word in (*SECRET_WORDS, "example.org/skill/forklift"):
        assert word.encode() not in backup, word
    assert wrapped not in backup
    assert "passport_key" not in inspect(engine).get_table_names()
    assert wrapped in _file_bytes(tmp_path / "keys.sqlite3")
    with database.unit_of_work() as uow:
        exchange.erase(uow, actor_id=holder, holder_id=holder, keys=keys, now=NOW)
    assert wrapped not in _file_bytes(tmp_path / "keys.sqlite3")
    with engine.begin() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    for word in SECRET_WORDS:
        assert word.encode() not in _file_bytes(path)
    engine.dispose()
    key_store.dispose()


def test_a_failure_between_the_two_databases_leaves_only_keys_to_prune(
    place: Place, tmp_path: Path
) -> None:
    """No passport is ever left without its key: a passport whose transaction fails leaves
    its (committed) key behind, and so does an erasure whose last step fails; prune-keys
    deletes such keys once they are older than the grace period, and nothing else."""
    database = Database(place.engine)
    keys = KeyRing.from_secret(SECRET, place.key_store)
    kept = _holder_with_records(database, keys, "kept@example.org", "Blijft-leesbaar")
    with database.unit_of_work() as uow:
        failed = accounts.sign_up(
            uow, email="failed@example.org", password="long enough pw", display_name="F", now=NOW
        )
    with database.unit_of_work() as uow:
        vault.seal(uow, holder_id=failed.id, keys=keys, data=b"x", context="c", now=NOW)
        # ... and the unit of work ends without a commit: no passport row.
    assert len(place.key_store.stored(created_before=NOW + timedelta(seconds=1))) == 2
    with database.unit_of_work() as uow:
        assert exchange.prune_keys(uow, keys=keys, now=NOW) == []  # still within the grace
        [orphan] = exchange.prune_keys(uow, keys=keys, now=NOW + timedelta(hours=2))
    assert place.key_store.get(orphan) is None

    # The key store fails just as an erasure commits: the passport is gone all the same.
    if place.sqlite_file is not None:
        broken_url = f"sqlite:///{tmp_path / 'no-tables.sqlite3'}"
    else:
        broken_url = place.engine.url.render_as_string(hide_password=False)
        broken_url += "?options=-csearch_path%3Dnowhere"
    broken = KeyStore.from_url(broken_url)
    kept_pid = _passport_id(database, kept)
    with database.unit_of_work() as uow:
        receipt = exchange.erase(
            uow, actor_id=kept, holder_id=kept, keys=KeyRing.from_secret(SECRET, broken), now=NOW
        )
    broken.dispose()
    assert receipt.as_dict()["key_destroyed"] is False
    with database.unit_of_work() as uow:
        assert uow.session.execute(text("SELECT count(*) FROM passport")).scalar_one() == 0
        assert exchange.prune_keys(uow, keys=keys, now=NOW + timedelta(hours=2)) == [kept_pid]
    assert place.key_store.stored(created_before=datetime.now(UTC)) == []
