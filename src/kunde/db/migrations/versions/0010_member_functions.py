"""member functions: who handles passports shared with the organisation

Revision ID: 0010
Revises: 0009

Existing members get no function: from now on only admins, and members an admin gives
``handles_shares``, open passports shared with their organisation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("functions", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("organisation_member", schema=None) as batch_op:
        batch_op.drop_column("functions")
