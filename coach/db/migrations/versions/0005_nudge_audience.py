"""Nudge audience: "team" nudges may be delivered; "manager" notes stay in the review queue.

Wellbeing signals from a check-in (someone working every weekend, the only person who can do a
critical task) are drafted as private notes to the team's manager. Every existing nudge was
written for the team, so existing rows get "team".

Revision ID: 0005_nudge_audience
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_nudge_audience"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add nudges.audience, "team" for every existing row."""
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audience", sa.String(length=16), nullable=False, server_default="team"))


def downgrade() -> None:
    """Drop nudges.audience."""
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_column("audience")
