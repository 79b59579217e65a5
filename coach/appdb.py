"""The app database: team settings, the nudge review queue, deliveries, the team feed.

All SQL for app data lives here, in plain statements (no SQLite-only features beyond
`INSERT ... ON CONFLICT`), so a PostgreSQL module with the same methods could replace it.
Methods that change a nudge write its audit event in the same transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from coach.appdb_records import NUDGE_COLUMNS, evidence_json, nudge_from_row

# Re-exported so callers keep importing the records from coach.appdb.
from coach.appdb_records import Action as Action
from coach.appdb_records import Channel as Channel
from coach.appdb_records import DeliveryRecord as DeliveryRecord
from coach.appdb_records import DeliveryStatus as DeliveryStatus
from coach.appdb_records import EventInput as EventInput
from coach.appdb_records import FeedItem as FeedItem
from coach.appdb_records import NudgeEvent as NudgeEvent
from coach.appdb_records import PurgeReport as PurgeReport
from coach.appdb_records import TeamSettings as TeamSettings
from coach.appdb_records import check_webhook_url as check_webhook_url
from coach.appdb_records import iso as iso
from coach.appdb_records import utc_now as utc_now
from coach.errors import ValidationError
from coach.locking import locked
from coach.meetings.models import Nudge, NudgeStatus
from coach.vocabulary import Vocabulary

_SCHEMA = """
CREATE TABLE IF NOT EXISTS teams (
    team TEXT PRIMARY KEY, vocabulary TEXT, webhook_url TEXT, retention_days INTEGER,
    updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nudges (
    id TEXT PRIMARY KEY, team TEXT NOT NULL, transcript TEXT NOT NULL, kind TEXT NOT NULL,
    stance TEXT NOT NULL, text TEXT NOT NULL, original_text TEXT NOT NULL, evidence TEXT NOT NULL,
    practice TEXT, practice_query TEXT, confidence REAL NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, resolved_at TEXT);
CREATE INDEX IF NOT EXISTS nudges_by_team ON nudges (team, status);
CREATE TABLE IF NOT EXISTS nudge_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, nudge_id TEXT NOT NULL, team TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, before_text TEXT, after_text TEXT, reason TEXT,
    at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_nudge ON nudge_events (nudge_id);
CREATE TABLE IF NOT EXISTS deliveries (
    nudge_id TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
    last_error TEXT, delivered_at TEXT, PRIMARY KEY (nudge_id, channel));
CREATE TABLE IF NOT EXISTS feed (
    id INTEGER PRIMARY KEY AUTOINCREMENT, team TEXT NOT NULL, nudge_id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL, kind TEXT NOT NULL, delivered_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transcripts (
    team TEXT NOT NULL, path TEXT NOT NULL, ingested_at TEXT NOT NULL, PRIMARY KEY (team, path));
"""

# Statuses a delivery may send; every sending statement repeats this condition in SQL.
_SENDABLE = "('approved', 'edited')"





class AppDatabase:
    """App data in one SQLite file (settings.data_dir / "app.db")."""

    def __init__(self, path: Path, clock: Callable[[], datetime] = utc_now) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._clock = clock
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)

    def now(self) -> str:
        """The clock's current time as stored."""
        return iso(self._clock())

    @locked
    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    @locked
    def get_team(self, team: str) -> TeamSettings:
        """A team's settings, or the defaults."""
        row = self.db.execute("SELECT vocabulary, webhook_url, retention_days FROM teams WHERE team = ?",
                              (team,)).fetchone()
        if row is None:
            return TeamSettings(team, Vocabulary())
        vocabulary = Vocabulary.model_validate_json(row[0]) if row[0] else Vocabulary()
        return TeamSettings(team, vocabulary, row[1], row[2])

    def set_vocabulary(self, team: str, vocabulary: Vocabulary) -> None:
        """Save the team's words for objective / key result / initiative."""
        self._set_team_column(team, "vocabulary", vocabulary.model_dump_json())

    def set_webhook(self, team: str, url: str | None) -> None:
        """Save (or with None, clear) the team's webhook URL."""
        self._set_team_column(team, "webhook_url", check_webhook_url(url) if url else None)

    def set_retention(self, team: str, days: int | None) -> None:
        """Save (or with None, clear) how many days resolved data is kept."""
        if days is not None and days < 1:
            raise ValidationError(f"retention of {days} days is invalid: give at least 1 day, or none "
                                  "to keep data until it is removed by hand")
        self._set_team_column(team, "retention_days", days)

    @locked
    def _set_team_column(self, team: str, column: str, value: object) -> None:
        # `column` is one of three names fixed in this module, never user input.
        with self.db:
            self.db.execute(f"INSERT INTO teams (team, {column}, updated_at) VALUES (?, ?, ?) "
                            f"ON CONFLICT (team) DO UPDATE SET {column} = excluded.{column}, "
                            "updated_at = excluded.updated_at", (team, value, self.now()))

    @locked
    def teams(self) -> list[str]:
        """Teams with saved settings or nudges."""
        rows = self.db.execute("SELECT team FROM teams UNION SELECT team FROM nudges ORDER BY 1")
        return [r[0] for r in rows]

    @locked
    def add_nudge(self, nudge: Nudge, actor: str) -> bool:
        """Store a new nudge with its "created" event; False (and no change) if the id exists."""
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO nudges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) "
                "ON CONFLICT (id) DO NOTHING",
                (nudge.id, nudge.team, nudge.transcript, nudge.kind, nudge.stance, nudge.text,
                 nudge.text, evidence_json(nudge.evidence),
                 nudge.practice.model_dump_json() if nudge.practice else None, nudge.practice_query,
                 nudge.confidence, nudge.status, nudge.created_at, nudge.created_at))
            if cursor.rowcount == 0:
                return False
            self._event(nudge.id, nudge.team, EventInput(actor, "created", after_text=nudge.text))
        return True

    @locked
    def get_nudge(self, nudge_id: str) -> Nudge | None:
        """One nudge, or None."""
        row = self.db.execute(f"SELECT {NUDGE_COLUMNS} FROM nudges WHERE id = ?", (nudge_id,)).fetchone()
        return nudge_from_row(row) if row else None

    @locked
    def list_nudges(self, team: str | None = None, statuses: tuple[NudgeStatus, ...] = ()) -> list[Nudge]:
        """Nudges, oldest first, optionally of one team and some statuses."""
        sql, args = f"SELECT {NUDGE_COLUMNS} FROM nudges WHERE 1 = 1", []
        if team is not None:
            sql, args = sql + " AND team = ?", [team]
        if statuses:
            sql += f" AND status IN ({', '.join('?' * len(statuses))})"
            args.extend(statuses)
        return [nudge_from_row(r) for r in self.db.execute(sql + " ORDER BY created_at, id", args)]

    @locked
    def change_nudge(self, nudge_id: str, expected: NudgeStatus, status: NudgeStatus, text: str,
                     event: EventInput) -> bool:
        """Set status and text if the nudge is still `expected` and undelivered; logs the event."""
        resolved = self.now() if status == "dismissed" else None
        with self.db:
            cursor = self.db.execute(
                "UPDATE nudges SET status = ?, text = ?, updated_at = ?, resolved_at = ? "
                "WHERE id = ? AND status = ? AND NOT EXISTS (SELECT 1 FROM deliveries "
                "WHERE deliveries.nudge_id = nudges.id AND deliveries.status = 'sent')",
                (status, text, self.now(), resolved, nudge_id, expected))
            if cursor.rowcount == 0:
                return False
            self._event(nudge_id, self._team_of(nudge_id), event)
        return True

    @locked
    def history(self, nudge_id: str) -> list[NudgeEvent]:
        """A nudge's audit events, oldest first."""
        rows = self.db.execute("SELECT id, nudge_id, team, actor, action, before_text, after_text, "
                               "reason, at FROM nudge_events WHERE nudge_id = ? ORDER BY id", (nudge_id,))
        return [NudgeEvent(*r) for r in rows]

    def _event(self, nudge_id: str, team: str, event: EventInput) -> None:
        self.db.execute("INSERT INTO nudge_events (nudge_id, team, actor, action, before_text, "
                        "after_text, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (nudge_id, team, event.actor, event.action, event.before_text,
                         event.after_text, event.reason, self.now()))

    def _team_of(self, nudge_id: str) -> str:
        return str(self.db.execute("SELECT team FROM nudges WHERE id = ?", (nudge_id,)).fetchone()[0])

    @locked
    def deliveries(self, nudge_id: str) -> dict[Channel, DeliveryRecord]:
        """The ledger rows of one nudge, by channel."""
        rows = self.db.execute("SELECT nudge_id, channel, status, attempts, last_error, delivered_at "
                               "FROM deliveries WHERE nudge_id = ?", (nudge_id,))
        return {r[1]: DeliveryRecord(*r) for r in rows}

    @locked
    def resolved_at(self, nudge_id: str) -> str | None:
        """When the nudge was dismissed or fully delivered, if it was."""
        row = self.db.execute("SELECT resolved_at FROM nudges WHERE id = ?", (nudge_id,)).fetchone()
        return row[0] if row else None

    @locked
    def post_to_feed(self, nudge_id: str, text: str, actor: str) -> bool:
        """Add a sendable nudge to its team's feed, with ledger row and event; False if not sendable."""
        now = self.now()
        with self.db:
            # The status check and the insert are one statement, so no change can slip between.
            cursor = self.db.execute(
                "INSERT INTO feed (team, nudge_id, text, kind, delivered_at) SELECT team, id, ?, kind, ? "
                f"FROM nudges WHERE id = ? AND status IN {_SENDABLE} ON CONFLICT (nudge_id) DO NOTHING",
                (text, now, nudge_id))
            if cursor.rowcount == 0:
                return False
            self._ledger(nudge_id, "feed", "sent", 1, None, now)
            self._event(nudge_id, self._team_of(nudge_id), EventInput(actor, "delivered", reason="feed"))
        return True

    @locked
    def record_webhook(self, nudge_id: str, attempts: int, error: str | None, actor: str) -> None:
        """Record a webhook outcome (sent when `error` is None) with its event."""
        now = self.now()
        with self.db:
            self._ledger(nudge_id, "webhook", "failed" if error else "sent", attempts, error,
                         None if error else now)
            action: Action = "delivery_failed" if error else "delivered"
            reason = f"webhook: {error}" if error else "webhook"
            self._event(nudge_id, self._team_of(nudge_id), EventInput(actor, action, reason=reason))

    def _ledger(self, nudge_id: str, channel: Channel, status: DeliveryStatus, attempts: int,
                error: str | None, delivered_at: str | None) -> None:
        # A "sent" row is final: nothing may turn it back into "failed".
        self.db.execute(
            "INSERT INTO deliveries VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (nudge_id, channel) DO UPDATE "
            "SET status = excluded.status, attempts = deliveries.attempts + excluded.attempts, "
            "last_error = excluded.last_error, delivered_at = excluded.delivered_at "
            "WHERE deliveries.status <> 'sent'",
            (nudge_id, channel, status, attempts, error, delivered_at))

    @locked
    def mark_resolved(self, nudge_id: str) -> None:
        """Note that every channel has the nudge (starts its retention clock)."""
        with self.db:
            self.db.execute("UPDATE nudges SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
                            (self.now(), nudge_id))

    @locked
    def feed(self, team: str) -> list[FeedItem]:
        """The team's feed, oldest first."""
        rows = self.db.execute("SELECT id, team, nudge_id, text, kind, delivered_at FROM feed "
                               "WHERE team = ? ORDER BY id", (team,))
        return [FeedItem(*r) for r in rows]

    @locked
    def record_transcript(self, team: str, path: str) -> None:
        """Remember when a transcript came in (its retention clock restarts on re-ingest)."""
        with self.db:
            self.db.execute("INSERT INTO transcripts VALUES (?, ?, ?) ON CONFLICT (team, path) "
                            "DO UPDATE SET ingested_at = excluded.ingested_at", (team, path, self.now()))

    @locked
    def purge(self, team: str, older_than: datetime) -> PurgeReport:
        """Remove the team's nudges resolved before the cutoff and transcripts ingested before it.

        Pending and approved-but-undelivered nudges stay. The audit events of removed nudges
        stay too (who did what, when) but lose their text.
        """
        cutoff = iso(older_than)
        with self.db:
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM nudges WHERE team = ? AND resolved_at IS NOT NULL AND resolved_at < ?",
                (team, cutoff))]
            for nudge_id in ids:
                self.db.execute("UPDATE nudge_events SET before_text = NULL, after_text = NULL, "
                                "reason = NULL WHERE nudge_id = ?", (nudge_id,))
                self._event(nudge_id, team, EventInput("retention", "purged"))
                for table, column in (("feed", "nudge_id"), ("deliveries", "nudge_id"), ("nudges", "id")):
                    self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (nudge_id,))
            paths = [r[0] for r in self.db.execute(
                "SELECT path FROM transcripts WHERE team = ? AND ingested_at < ? ORDER BY path",
                (team, cutoff))]
            self.db.execute("DELETE FROM transcripts WHERE team = ? AND ingested_at < ?", (team, cutoff))
        return PurgeReport(nudges=len(ids), transcripts=paths)
