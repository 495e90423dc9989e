"""Alembic environment of the key store database (wrapped passport keys only)."""

from __future__ import annotations

from alembic import context

from kunde.passport.key_store import KeyStoreBase

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    # A key store in its own schema (``?options=-csearch_path%3Dkunde_keys``) gets the schema
    # made here, so one URL is all an operator configures.
    schema = connection.exec_driver_sql("SHOW search_path").scalar().split(",")[0].strip()
    if (
        schema
        and not schema.startswith("$")
        and connection.exec_driver_sql("SELECT current_schema()").scalar() is None
    ):
        connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema.strip(chr(34))}"')
context.configure(
    connection=connection,
    target_metadata=KeyStoreBase.metadata,
    version_table="keystore_version",
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
