"""Settings that need no database: where the key store lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from kunde.config import Settings


def test_the_key_store_defaults_to_its_own_file_beside_the_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_keystore_url() == f"sqlite:///{tmp_path / 'keys.sqlite3'}"
    assert settings.resolved_keystore_url() != settings.resolved_database_url()


def test_the_key_store_may_not_be_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kunde.sqlite3'}"
    for settings in (
        Settings(data_dir=tmp_path, keystore_url=url),
        Settings(
            data_dir=tmp_path,
            database_url="postgresql://h/kunde",
            keystore_url="postgresql://h/kunde",
        ),
    ):
        with pytest.raises(ValueError, match="KUNDE_KEYSTORE_URL"):
            settings.resolved_keystore_url()
