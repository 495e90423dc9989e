"""presentations to outside verifiers (OpenID4VP from Kunde's wallet)

Revision ID: 0012
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outside_presentation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=500), nullable=False),
        sa.Column("verifier_name", sa.String(length=200), nullable=False),
        sa.Column("verifier_host", sa.String(length=255), nullable=False),
        sa.Column("checked_as", sa.String(length=30), nullable=False),
        sa.Column("purpose_text", sa.String(length=300), nullable=False),
        sa.Column("claims", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder_id"],
            ["account.id"],
            name=op.f("fk_outside_presentation_holder_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outside_presentation")),
        sa.UniqueConstraint("request_key", name=op.f("uq_outside_presentation_request_key")),
    )
    op.create_index(
        "ix_outside_presentation_holder_id", "outside_presentation", ["holder_id"], unique=False
    )
    with op.batch_alter_table("access_log") as batch:
        batch.add_column(sa.Column("presentation_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("access_log") as batch:
        batch.drop_column("presentation_id")
    op.drop_index("ix_outside_presentation_holder_id", table_name="outside_presentation")
    op.drop_table("outside_presentation")
