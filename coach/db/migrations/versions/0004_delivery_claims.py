"""A claim on a webhook delivery, so two workers never post the same nudge at once.

Revision ID: 0004
Revises: 0003_ritual
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003_ritual"
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
