"""Run Alembic migrations from code, so ``kunde db upgrade`` and tests share one path."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(bind: Engine | Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = bind
    return config


def upgrade(bind: Engine | Connection, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest)."""
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
    else:
        command.upgrade(alembic_config(bind), revision)


def downgrade(bind: Engine | Connection, revision: str) -> None:
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            command.downgrade(alembic_config(connection), revision)
    else:
        command.downgrade(alembic_config(bind), revision)


def check(bind: Engine) -> None:
    """Fail when the models and the newest migration disagree."""
    with bind.connect() as connection:
        command.check(alembic_config(connection))
