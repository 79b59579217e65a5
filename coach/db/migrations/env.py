"""Alembic environment: runs on the connection `coach.db.migrate.upgrade` passes in."""

from __future__ import annotations

from alembic import context

from coach.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("coach migrations run through coach.db.migrate.upgrade, not the alembic CLI")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
