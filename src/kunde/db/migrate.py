"""Run Alembic migrations from code, so ``kunde db upgrade`` and tests share one path.

Two schemas, two databases: the main one (``migrations/``) and the key store of wrapped
passport keys (``keystore_migrations/``, version table ``keystore_version``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"
KEYSTORE_MIGRATIONS = Path(__file__).parent / "keystore_migrations"


def alembic_config(
    bind: Engine | Connection, *, location: Path = MIGRATIONS, keystore: Any = None
) -> Config:
    """``keystore`` (a :class:`kunde.passport.key_store.KeyStore`) is where revision 0009
    moves the wrapped keys that older versions kept in the main database."""
    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = bind
    config.attributes["keystore"] = keystore
    return config


def upgrade(bind: Engine | Connection, revision: str = "head", *, keystore: Any = None) -> None:
    """Bring the schema to ``revision`` (default: the newest)."""
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            command.upgrade(alembic_config(connection, keystore=keystore), revision)
    else:
        command.upgrade(alembic_config(bind, keystore=keystore), revision)


def downgrade(bind: Engine | Connection, revision: str, *, keystore: Any = None) -> None:
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            command.downgrade(alembic_config(connection, keystore=keystore), revision)
    else:
        command.downgrade(alembic_config(bind, keystore=keystore), revision)


def upgrade_keystore(bind: Engine | Connection, revision: str = "head") -> None:
    """Bring the key store's schema to ``revision`` (default: the newest)."""
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            command.upgrade(alembic_config(connection, location=KEYSTORE_MIGRATIONS), revision)
    else:
        command.upgrade(alembic_config(bind, location=KEYSTORE_MIGRATIONS), revision)


def check(bind: Engine) -> None:
    """Fail when the models and the newest migration disagree."""
    with bind.connect() as connection:
        command.check(alembic_config(connection))


def check_keystore(bind: Engine) -> None:
    """Fail when the key store's table in code and its newest migration disagree."""
    with bind.connect() as connection:
        command.check(alembic_config(connection, location=KEYSTORE_MIGRATIONS))
