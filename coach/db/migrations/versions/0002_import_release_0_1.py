"""Import a data dir made by the first release (sqlite3 `app.db` + `coach.db`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

The first release kept the ingest manifest in `DATA_DIR/coach.db` (tables files, chunks,
embeddings, generations) and app data in `DATA_DIR/app.db` (teams, nudges, nudge_events,
deliveries, feed, transcripts). The manifest tables, when they share this database (the
SQLite default), are copied and dropped (on PostgreSQL they are read from the data dir's
`coach.db`, which is left as it was); `app.db` is read from the data dir the caller
passes and copied row by row, so the same upgrade also moves a data dir onto PostgreSQL.
Nothing is lost: `app.db` stays on disk (renamed after the upgrade commits, by
`coach.db.open`), and every row keeps its text, status and timestamps.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

from coach.db.legacy import import_app_db, import_manifest_file, import_manifest_tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Copy the first release's rows into the new tables."""
    bind = op.get_bind()
    names = set(sa.inspect(bind).get_table_names())
    data_dir = context.config.attributes.get("data_dir")
    if {"files", "chunks", "embeddings", "generations"} <= names:
        import_manifest_tables(bind)
        for table in ("files", "chunks", "embeddings", "generations"):
            op.drop_table(table)
    elif isinstance(data_dir, Path) and _elsewhere(bind, data_dir / "coach.db"):
        import_manifest_file(bind, data_dir / "coach.db")
    if isinstance(data_dir, Path) and (data_dir / "app.db").is_file():
        import_app_db(bind, data_dir / "app.db")
        context.config.attributes["imported_app_db"] = True


def _elsewhere(bind: sa.Connection, legacy: Path) -> bool:
    """Whether a first-release coach.db exists and is not the database being upgraded."""
    if not legacy.is_file():
        return False
    target = bind.engine.url.database
    return bind.dialect.name != "sqlite" or not target or Path(target).resolve() != legacy.resolve()


def downgrade() -> None:
    """The import is one-way: the first release's files are kept on disk instead."""
