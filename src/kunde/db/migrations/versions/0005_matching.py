"""matching: vacancies, the matching pool, the learning offer

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matching_learning_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("credential", sa.Boolean(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_learning_offer")),
        sa.UniqueConstraint("ref", name=op.f("uq_matching_learning_offer_ref")),
    )
    op.create_table(
        "matching_pool_member",
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder_id"],
            ["account.id"],
            name=op.f("fk_matching_pool_member_holder_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("holder_id", name=op.f("pk_matching_pool_member")),
    )
    op.create_table(
        "matching_vacancy",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_matching_vacancy_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_vacancy")),
    )
    op.create_index(
        op.f("ix_matching_vacancy_organisation_id"),
        "matching_vacancy",
        ["organisation_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_matching_vacancy_organisation_id"), table_name="matching_vacancy")
    op.drop_table("matching_vacancy")
    op.drop_table("matching_pool_member")
    op.drop_table("matching_learning_offer")
