"""Alembic environment: always called from kunde.db.migrate with a live connection."""

from __future__ import annotations

from alembic import context

from kunde.db.base import Base, load_all_models

load_all_models()
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
