"""``kunde passport export`` and ``import`` against a real SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kunde.accounts import service as accounts
from kunde.cli.main import app
from kunde.config import Settings
from kunde.db.session import Database
from kunde.passport import KeyRing, service
from kunde.passport.key_store import KeyStore
from kunde.passport.model import ItemKind

NOW = datetime(2026, 1, 15, tzinfo=UTC)


class NoConcepts:
    """This test's records name no concepts."""

    def exists(self, uri: str) -> bool:
        del uri
        return False


def test_export_then_import_for_another_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUNDE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KUNDE_SECRET_KEY", "cli-test-secret")
    monkeypatch.setenv("KUNDE_EMBEDDINGS", "false")
    settings = Settings()
    database = Database.from_url(settings.resolved_database_url())
    runner = CliRunner()
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert (tmp_path / "keys.sqlite3").exists()
    key_store = KeyStore.from_url(settings.resolved_keystore_url())
    keys = KeyRing.from_secret(settings.resolved_secret_key(), key_store)
    with database.unit_of_work() as uow:
        first = accounts.sign_up(
            uow, email="a@example.org", password="long enough pw", display_name="A", now=NOW
        )
        accounts.sign_up(
            uow, email="b@example.org", password="long enough pw", display_name="B", now=NOW
        )
    with database.unit_of_work() as uow:
        service.add(
            uow,
            actor_id=first.id,
            holder_id=first.id,
            kind=ItemKind.EXPERIENCE,
            data={"kind": "care", "role": "Mantelzorger", "start": "2018-01-01"},
            keys=keys,
            concepts=NoConcepts(),
            now=NOW,
        )
    database.dispose()
    exported = runner.invoke(app, ["passport", "export", "--account", "a@example.org"])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout)["records"][0]["body"]["role"] == "Mantelzorger"
    file = tmp_path / "passport.json"
    file.write_text(exported.stdout, encoding="utf-8")
    imported = runner.invoke(app, ["passport", "import", str(file), "--account", "b@example.org"])
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["records"] == 1
    again = runner.invoke(app, ["passport", "import", str(file), "--account", "b@example.org"])
    assert again.exit_code != 0
    missing = runner.invoke(app, ["passport", "export", "--account", "nobody@example.org"])
    assert missing.exit_code == 1
    unconfirmed = runner.invoke(app, ["passport", "erase", "--account", "a@example.org"])
    assert unconfirmed.exit_code != 0
    assert key_store.stored(created_before=datetime.now(UTC)) != []
    erased = runner.invoke(app, ["passport", "erase", "--account", "a@example.org", "--yes"])
    assert erased.exit_code == 0, erased.output
    receipt = json.loads(erased.stdout)
    assert receipt["key_destroyed"] is True
    assert key_store.get(receipt["passport_id"]) is None
    # B's imported passport keeps its key; nothing is left to prune.
    assert len(key_store.stored(created_before=datetime.now(UTC))) == 1
    pruned = runner.invoke(app, ["passport", "prune-keys"])
    assert json.loads(pruned.stdout) == {"keys_deleted": 0, "passport_ids": []}
    key_store.dispose()
