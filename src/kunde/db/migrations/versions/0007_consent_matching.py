"""consent matching: vacancy id on grants and log entries; the opt-in pool table goes

Who takes part in matching is now consent: a matching-pool grant to a labour-market service,
or a grant to the vacancy's organisation. ``matching_pool_member`` recorded an opt-in that
named no organisation, no skills and no end, so it is not turned into grants (that would
invent consent the holder never gave); members join again with ``PUT
/api/v1/passport/matching-pool``.

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("share_grant") as batch:
        batch.add_column(sa.Column("vacancy_id", sa.String(length=36), nullable=True))
    with op.batch_alter_table("access_log") as batch:
        batch.add_column(sa.Column("vacancy_id", sa.String(length=36), nullable=True))
    op.drop_table("matching_pool_member")


def downgrade() -> None:
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
    # Holders with an unrevoked pool grant stay in the pool of the older schema.
    op.execute(
        "INSERT INTO matching_pool_member (holder_id, joined_at) "
        "SELECT holder_id, MIN(created_at) FROM share_grant "
        "WHERE audience_kind = 'matching_pool' AND revoked_at IS NULL GROUP BY holder_id"
    )
    with op.batch_alter_table("access_log") as batch:
        batch.drop_column("vacancy_id")
    with op.batch_alter_table("share_grant") as batch:
        batch.drop_column("vacancy_id")
