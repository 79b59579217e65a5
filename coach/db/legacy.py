"""Copy a first-release data dir's rows into the current schema (used by migration 0002).

Table shapes are written out here rather than imported from the models, so this import
keeps meaning what it meant when it was written, whatever the models become later.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

_BATCH = 1000
_C = sa.column


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(_C(c) for c in columns))


TEAMS = _table("teams", "name", "vocabulary", "webhook_url", "retention_days", "created_at", "updated_at")
NUDGES = _table("nudges", "id", "team", "transcript", "kind", "stance", "text", "original_text", "evidence",
                "practice", "practice_query", "confidence", "status", "created_at", "updated_at",
                "delivered_at", "resolved_at")
AUDIT = _table("audit_log", "team", "actor", "action", "subject_kind", "subject_id", "before_text",
               "after_text", "reason", "at")
DELIVERIES = _table("deliveries", "nudge_id", "channel", "status", "attempts", "last_error", "delivered_at")
FEED = _table("feed", "team", "nudge_id", "text", "kind", "delivered_at")
MEETINGS = _table("meetings", "team", "path", "name", "uploaded_at", "attendees", "meta")
# Manifest tables: (old name, new table, columns in the same order in both).
MANIFEST = (
    ("files", _table("ingest_files", "team", "path", "sha256", "kind", "chunks", "ingested_at")),
    ("chunks", _table("ingest_chunks", "id", "team", "path", "content_hash")),
    ("embeddings", _table("embedding_cache", "model", "content_hash", "vector")),
    ("generations", _table("scope_generations", "team", "generation")),
)


def _insert(bind: Connection, table: sa.TableClause, rows: Iterable[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            bind.execute(table.insert(), batch)
            batch = []
    if batch:
        bind.execute(table.insert(), batch)


def import_manifest_tables(bind: Connection) -> None:
    """Copy files/chunks/embeddings/generations (same database) into the ingest tables."""
    for old, new in MANIFEST:
        columns = [c.name for c in new.columns]
        result = bind.execute(sa.text(f"SELECT {', '.join(columns)} FROM {old}"))
        _insert(bind, new, (dict(zip(columns, row, strict=True)) for row in result))
    # A team exists once something was ingested for it.
    teams = bind.execute(sa.text("SELECT DISTINCT team FROM files WHERE team <> 'library'"))
    _ensure_teams(bind, {t: "" for (t,) in teams})


def import_manifest_file(bind: Connection, path: Path) -> bool:
    """Copy the manifest tables of a first-release `coach.db` that is not this database
    (the data dir moving onto PostgreSQL); False when the file has none."""
    source = sqlite3.connect(path)
    try:
        found = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {old for old, _ in MANIFEST} <= found:
            return False
        for old, new in MANIFEST:
            columns = [c.name for c in new.columns]
            _insert(bind, new, _rows(source, f"SELECT {', '.join(columns)} FROM {old}", new))
        teams = source.execute("SELECT DISTINCT team FROM files WHERE team <> 'library'").fetchall()
    finally:
        source.close()
    _ensure_teams(bind, {t: "" for (t,) in teams})
    return True


def import_app_db(bind: Connection, path: Path) -> None:
    """Copy every row of a first-release `app.db` into this database."""
    # A plain connection (not read-only) also reads rows still in a leftover WAL file.
    source = sqlite3.connect(path)
    try:
        _import_teams(bind, source)
        _import_nudges(bind, source)
        _insert(bind, AUDIT, _events(source))
        _insert(bind, DELIVERIES, _rows(source, "SELECT nudge_id, channel, status, attempts, last_error, "
                                        "delivered_at FROM deliveries", DELIVERIES))
        _insert(bind, FEED, _rows(source, "SELECT team, nudge_id, text, kind, delivered_at FROM feed "
                                  "ORDER BY id", FEED))
        _insert(bind, MEETINGS, ({"team": t, "path": p, "name": PurePath(p).name, "uploaded_at": at,
                                  "attendees": "[]", "meta": json.dumps({"imported_from": "app.db"})}
                                 for t, p, at in source.execute("SELECT team, path, ingested_at FROM transcripts")))
    finally:
        source.close()


def _rows(source: sqlite3.Connection, query: str, table: sa.TableClause) -> Iterator[dict[str, Any]]:
    columns = [c.name for c in table.columns]
    for row in source.execute(query):
        yield dict(zip(columns, row, strict=True))


def _import_teams(bind: Connection, source: sqlite3.Connection) -> None:
    """Teams with settings, then every team named by a nudge or transcript (they exist too)."""
    seen: dict[str, str] = {}
    for team, vocabulary, webhook, retention, updated in source.execute(
            "SELECT team, vocabulary, webhook_url, retention_days, updated_at FROM teams"):
        values = {"vocabulary": vocabulary, "webhook_url": webhook, "retention_days": retention,
                  "updated_at": updated}
        if bind.execute(sa.select(TEAMS.c.name).where(TEAMS.c.name == team)).first():
            bind.execute(TEAMS.update().where(TEAMS.c.name == team).values(**values))
        else:
            bind.execute(TEAMS.insert().values(name=team, created_at=updated, **values))
        seen[team] = updated
    first_seen = ("SELECT team, MIN(at) FROM (SELECT team, created_at AS at FROM nudges UNION ALL "
                  "SELECT team, ingested_at FROM transcripts) GROUP BY team")
    _ensure_teams(bind, {t: at for t, at in source.execute(first_seen) if t not in seen})


def _ensure_teams(bind: Connection, teams: dict[str, str]) -> None:
    for team, at in teams.items():
        if not bind.execute(sa.select(TEAMS.c.name).where(TEAMS.c.name == team)).first():
            stamp = at or "1970-01-01T00:00:00.000000+00:00"
            bind.execute(TEAMS.insert().values(name=team, created_at=stamp, updated_at=stamp))


def _import_nudges(bind: Connection, source: sqlite3.Connection) -> None:
    # A nudge with a "sent" ledger row was delivered: `delivered_at` now freezes it in its row.
    delivered = dict(source.execute("SELECT nudge_id, MIN(delivered_at) FROM deliveries "
                                    "WHERE status = 'sent' GROUP BY nudge_id").fetchall())
    columns = [c.name for c in NUDGES.columns if c.name != "delivered_at"]
    rows = source.execute(f"SELECT {', '.join(columns)} FROM nudges ORDER BY created_at, id")
    _insert(bind, NUDGES, ({**dict(zip(columns, row, strict=True)), "delivered_at": delivered.get(row[0])}
                           for row in rows))


def _events(source: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    query = ("SELECT team, actor, action, nudge_id, before_text, after_text, reason, at FROM nudge_events "
             "ORDER BY id")
    for team, actor, action, nudge_id, before, after, reason, at in source.execute(query):
        yield {"team": team, "actor": actor, "action": action, "subject_kind": "nudge", "subject_id": nudge_id,
               "before_text": before, "after_text": after, "reason": reason, "at": at}
