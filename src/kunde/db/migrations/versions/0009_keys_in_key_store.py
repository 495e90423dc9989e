"""wrapped passport keys move to the key store

Revision ID: 0009
Revises: 0008

Older versions kept each passport's wrapped key in ``passport_key`` of this database, so a
backup of it could still open an erased passport. This revision copies those keys into the
key store (``KUNDE_KEYSTORE_URL``), checks every copy, and only then drops the table. The
key store commits first: if this database's transaction fails afterwards, the keys are in
both places and the next ``kunde db upgrade`` simply finds them there already.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_KEYS = sa.table(
    "passport_key",
    sa.column("passport_id", sa.String),
    sa.column("wrapped", sa.LargeBinary),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _keystore() -> Any:
    keystore = context.config.attributes.get("keystore")
    if keystore is None:
        raise RuntimeError(
            "This database holds passport keys that must move to the key store: run"
            " `kunde db upgrade`, which opens the key store (KUNDE_KEYSTORE_URL) too."
        )
    return keystore


def upgrade() -> None:
    rows = [tuple(row) for row in op.get_bind().execute(sa.select(_KEYS))]
    if rows:
        keystore = _keystore()
        keystore.put_many(rows)
        missing = [pid for pid, wrapped, _ in rows if keystore.get(pid) != wrapped]
        if missing:
            raise RuntimeError(
                f"The key store holds other keys for {len(missing)} passports (first:"
                f" {missing[0]}); nothing was dropped. Is KUNDE_KEYSTORE_URL the right one?"
            )
    op.drop_table("passport_key")


def downgrade() -> None:
    op.create_table(
        "passport_key",
        sa.Column("passport_id", sa.String(length=36), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["passport_id"],
            ["passport.id"],
            name=op.f("fk_passport_key_passport_id_passport"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("passport_id", name=op.f("pk_passport_key")),
    )
    bind = op.get_bind()
    passports = [row[0] for row in bind.execute(sa.text("SELECT id FROM passport"))]
    if not passports:
        return
    keystore = _keystore()
    for passport_id in passports:
        entry = keystore.entry(passport_id)
        if entry is not None:
            wrapped, created_at = entry
            bind.execute(
                sa.insert(_KEYS).values(
                    passport_id=passport_id, wrapped=wrapped, created_at=created_at
                )
            )
