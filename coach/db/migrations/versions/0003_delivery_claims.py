"""A claim on a webhook delivery, so two workers never post the same nudge at once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add deliveries.claimed_at (set while a worker is sending, cleared with the outcome)."""
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("claimed_at", sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Drop the claim column."""
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("claimed_at")
