"""The app database's review data: team settings, the nudge review queue, deliveries, the feed.

All SQL for these records lives here, as SQLAlchemy Core statements that run the same on
SQLite and PostgreSQL (`coach.db`). Methods that change a nudge write its audit event in the
same transaction. The statements that must not race check and change one nudge row in one
`UPDATE`: delivery stamps `delivered_at` on the row it sends, and a review change requires
`delivered_at IS NULL` on that same row, so on PostgreSQL the row lock orders them and on
SQLite the write lock does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, delete, exists, func, insert, literal, select, update

from coach.appdb_records import NUDGE_FIELDS, evidence_json, nudge_from_row

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
from coach.db import Database
from coach.db.models import AuditRow, DeliveryRow, FeedRow, MeetingRow, NudgeRow, TeamRow
from coach.errors import ValidationError
from coach.meetings.models import Nudge, NudgeStatus
from coach.vocabulary import Vocabulary

# Statuses a delivery may send; every sending statement repeats this condition in SQL.
_SENDABLE = ("approved", "edited")
_NUDGE_COLUMNS = [getattr(NudgeRow, name) for name in NUDGE_FIELDS]
_TEAM_COLUMNS = {"vocabulary": TeamRow.vocabulary, "webhook_url": TeamRow.webhook_url,
                 "retention_days": TeamRow.retention_days}


class AppDatabase:
    """Team settings, nudges, their audit trail, deliveries and the feed, in the app database."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self.database = database
        self._clock = clock

    def now(self) -> str:
        """The clock's current time as stored."""
        return iso(self._clock())

    def close(self) -> None:
        """Close the database's pooled connections."""
        self.database.close()

    def get_team(self, team: str) -> TeamSettings:
        """A team's settings, or the defaults."""
        with self.database.begin() as conn:
            row = conn.execute(select(TeamRow.vocabulary, TeamRow.webhook_url, TeamRow.retention_days)
                               .where(TeamRow.name == team)).first()
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

    def _set_team_column(self, team: str, column: str, value: object) -> None:
        now = self.now()
        statement = self.database.upsert(TeamRow).values(name=team, created_at=now, updated_at=now,
                                                          **{column: value})
        statement = statement.on_conflict_do_update(
            index_elements=[TeamRow.name],
            set_={_TEAM_COLUMNS[column]: value, TeamRow.updated_at: statement.excluded.updated_at})
        with self.database.begin() as conn:
            conn.execute(statement)

    def ensure_team(self, team: str, conn: Connection | None = None) -> None:
        """Make the team exist (a no-op when it does)."""
        now = self.now()
        statement = self.database.upsert(TeamRow).values(name=team, created_at=now, updated_at=now)
        statement = statement.on_conflict_do_nothing(index_elements=[TeamRow.name])
        if conn is not None:
            conn.execute(statement)
            return
        with self.database.begin() as own:
            own.execute(statement)

    def teams(self) -> list[str]:
        """Every team that exists (created, ingested into, or with settings or nudges)."""
        with self.database.begin() as conn:
            return list(conn.scalars(select(TeamRow.name).order_by(TeamRow.name)))

    def add_nudge(self, nudge: Nudge, actor: str) -> bool:
        """Store a new nudge with its "created" event; False (and no change) if the id exists."""
        values = {"id": nudge.id, "team": nudge.team, "transcript": nudge.transcript, "kind": nudge.kind,
                  "stance": nudge.stance, "text": nudge.text, "original_text": nudge.text,
                  "evidence": evidence_json(nudge.evidence),
                  "practice": nudge.practice.model_dump_json() if nudge.practice else None,
                  "practice_query": nudge.practice_query, "confidence": nudge.confidence,
                  "status": nudge.status, "created_at": nudge.created_at, "updated_at": nudge.created_at}
        statement = self.database.upsert(NudgeRow).values(**values).on_conflict_do_nothing(
            index_elements=[NudgeRow.id]).returning(NudgeRow.id)
        with self.database.begin() as conn:
            self.ensure_team(nudge.team, conn)
            if conn.execute(statement).first() is None:
                return False
            self._event(conn, nudge.id, nudge.team, EventInput(actor, "created", after_text=nudge.text))
        return True

    def get_nudge(self, nudge_id: str) -> Nudge | None:
        """One nudge, or None."""
        with self.database.begin() as conn:
            row = conn.execute(select(*_NUDGE_COLUMNS).where(NudgeRow.id == nudge_id)).first()
        return nudge_from_row(tuple(row)) if row else None

    def list_nudges(self, team: str | None = None, statuses: tuple[NudgeStatus, ...] = ()) -> list[Nudge]:
        """Nudges, oldest first, optionally of one team and some statuses."""
        query = select(*_NUDGE_COLUMNS).order_by(NudgeRow.created_at, NudgeRow.id)
        if team is not None:
            query = query.where(NudgeRow.team == team)
        if statuses:
            query = query.where(NudgeRow.status.in_(statuses))
        with self.database.begin() as conn:
            return [nudge_from_row(tuple(r)) for r in conn.execute(query)]

    def change_nudge(self, nudge_id: str, expected: NudgeStatus, status: NudgeStatus, text: str,
                     event: EventInput) -> bool:
        """Set status and text if the nudge is still `expected` and undelivered; logs the event."""
        resolved = self.now() if status == "dismissed" else None
        sent = exists().where(DeliveryRow.nudge_id == NudgeRow.id, DeliveryRow.status == "sent")
        statement = (update(NudgeRow)
                     .where(NudgeRow.id == nudge_id, NudgeRow.status == expected,
                            NudgeRow.delivered_at.is_(None), ~sent)
                     .values(status=status, text=text, updated_at=self.now(), resolved_at=resolved)
                     .returning(NudgeRow.team))
        with self.database.begin() as conn:
            team = conn.execute(statement).scalar()
            if team is None:
                return False
            self._event(conn, nudge_id, team, event)
        return True

    def history(self, nudge_id: str) -> list[NudgeEvent]:
        """A nudge's audit events, oldest first."""
        query = (select(AuditRow.id, AuditRow.subject_id, AuditRow.team, AuditRow.actor, AuditRow.action,
                        AuditRow.before_text, AuditRow.after_text, AuditRow.reason, AuditRow.at)
                 .where(AuditRow.subject_kind == "nudge", AuditRow.subject_id == nudge_id)
                 .order_by(AuditRow.id))
        with self.database.begin() as conn:
            return [NudgeEvent(*_plain(r)) for r in conn.execute(query)]

    def _event(self, conn: Connection, nudge_id: str, team: str, event: EventInput) -> None:
        conn.execute(insert(AuditRow).values(
            team=team, actor=event.actor, action=event.action, subject_kind="nudge", subject_id=nudge_id,
            before_text=event.before_text, after_text=event.after_text, reason=event.reason,
            at=self.now()))

    def deliveries(self, nudge_id: str) -> dict[Channel, DeliveryRecord]:
        """The ledger rows of one nudge, by channel."""
        query = select(DeliveryRow.nudge_id, DeliveryRow.channel, DeliveryRow.status, DeliveryRow.attempts,
                       DeliveryRow.last_error, DeliveryRow.delivered_at).where(DeliveryRow.nudge_id == nudge_id)
        with self.database.begin() as conn:
            records = [DeliveryRecord(*_plain(r)) for r in conn.execute(query)]
        return {record.channel: record for record in records}

    def resolved_at(self, nudge_id: str) -> str | None:
        """When the nudge was dismissed or fully delivered, if it was."""
        with self.database.begin() as conn:
            return conn.scalar(select(NudgeRow.resolved_at).where(NudgeRow.id == nudge_id))

    def post_to_feed(self, nudge_id: str, text: str, actor: str) -> bool:
        """Add a sendable nudge to its team's feed, with ledger row and event; False if not sendable."""
        now = self.now()
        # Stamping the row both checks its status and freezes it against review changes.
        freeze = (update(NudgeRow).where(NudgeRow.id == nudge_id, NudgeRow.status.in_(_SENDABLE))
                  .values(delivered_at=func.coalesce(NudgeRow.delivered_at, now)).returning(NudgeRow.team))
        source = select(NudgeRow.team, NudgeRow.id, literal(text), NudgeRow.kind, literal(now)).where(
            NudgeRow.id == nudge_id, NudgeRow.status.in_(_SENDABLE))
        post = self.database.upsert(FeedRow).from_select(
            ["team", "nudge_id", "text", "kind", "delivered_at"], source).on_conflict_do_nothing(
            index_elements=[FeedRow.nudge_id]).returning(FeedRow.id)
        with self.database.begin() as conn:
            team = conn.execute(freeze).scalar()
            if team is None or conn.execute(post).first() is None:
                return False
            self._ledger(conn, nudge_id, "feed", "sent", 1, None, now)
            self._event(conn, nudge_id, team, EventInput(actor, "delivered", reason="feed"))
        return True

    def record_webhook(self, nudge_id: str, attempts: int, error: str | None, actor: str) -> None:
        """Record a webhook outcome (sent when `error` is None) with its event."""
        now = self.now()
        action: Action = "delivery_failed" if error else "delivered"
        reason = f"webhook: {error}" if error else "webhook"
        with self.database.begin() as conn:
            self._ledger(conn, nudge_id, "webhook", "failed" if error else "sent", attempts, error,
                         None if error else now)
            team = conn.scalar(select(NudgeRow.team).where(NudgeRow.id == nudge_id))
            self._event(conn, nudge_id, str(team), EventInput(actor, action, reason=reason))

    def _ledger(self, conn: Connection, nudge_id: str, channel: Channel, status: DeliveryStatus,
                attempts: int, error: str | None, delivered_at: str | None) -> None:
        statement = self.database.upsert(DeliveryRow).values(
            nudge_id=nudge_id, channel=channel, status=status, attempts=attempts, last_error=error,
            delivered_at=delivered_at)
        new = statement.excluded
        # A "sent" row is final: nothing may turn it back into "failed".
        conn.execute(statement.on_conflict_do_update(
            index_elements=[DeliveryRow.nudge_id, DeliveryRow.channel],
            set_={DeliveryRow.status: new.status, DeliveryRow.attempts: DeliveryRow.attempts + new.attempts,
                  DeliveryRow.last_error: new.last_error, DeliveryRow.delivered_at: new.delivered_at},
            where=DeliveryRow.status != "sent"))

    def mark_resolved(self, nudge_id: str) -> None:
        """Note that every channel has the nudge (starts its retention clock)."""
        with self.database.begin() as conn:
            conn.execute(update(NudgeRow).where(NudgeRow.id == nudge_id, NudgeRow.resolved_at.is_(None))
                         .values(resolved_at=self.now()))

    def feed(self, team: str) -> list[FeedItem]:
        """The team's feed, oldest first."""
        query = (select(FeedRow.id, FeedRow.team, FeedRow.nudge_id, FeedRow.text, FeedRow.kind,
                        FeedRow.delivered_at).where(FeedRow.team == team).order_by(FeedRow.id))
        with self.database.begin() as conn:
            return [FeedItem(*r) for r in conn.execute(query)]

    def record_transcript(self, team: str, path: str) -> None:
        """Remember a meeting's transcript (its retention clock restarts on re-ingest)."""
        now = self.now()
        statement = self.database.upsert(MeetingRow).values(team=team, path=path, name=PurePath(path).name,
                                                             uploaded_at=now, attendees="[]", meta="{}")
        statement = statement.on_conflict_do_update(index_elements=[MeetingRow.team, MeetingRow.path],
                                                    set_={MeetingRow.uploaded_at: now})
        with self.database.begin() as conn:
            self.ensure_team(team, conn)
            conn.execute(statement)

    def purge(self, team: str, older_than: datetime) -> PurgeReport:
        """Remove the team's nudges resolved before the cutoff and transcripts ingested before it.

        Pending and approved-but-undelivered nudges stay. The audit events of removed nudges
        stay too (who did what, when) but lose their text.
        """
        cutoff = iso(older_than)
        with self.database.begin() as conn:
            ids = list(conn.scalars(select(NudgeRow.id).where(
                NudgeRow.team == team, NudgeRow.resolved_at.is_not(None), NudgeRow.resolved_at < cutoff)))
            for nudge_id in ids:
                self._forget_nudge(conn, team, nudge_id)
            old = (MeetingRow.team == team, MeetingRow.uploaded_at < cutoff)
            paths = list(conn.scalars(select(MeetingRow.path).where(*old).order_by(MeetingRow.path)))
            conn.execute(delete(MeetingRow).where(*old))
        return PurgeReport(nudges=len(ids), transcripts=paths)

    def _forget_nudge(self, conn: Connection, team: str, nudge_id: str) -> None:
        conn.execute(update(AuditRow).where(AuditRow.subject_kind == "nudge", AuditRow.subject_id == nudge_id)
                     .values(before_text=None, after_text=None, reason=None))
        self._event(conn, nudge_id, team, EventInput("retention", "purged"))
        conn.execute(delete(FeedRow).where(FeedRow.nudge_id == nudge_id))
        conn.execute(delete(DeliveryRow).where(DeliveryRow.nudge_id == nudge_id))
        conn.execute(delete(NudgeRow).where(NudgeRow.id == nudge_id))


def _plain(row: Any) -> tuple[Any, ...]:
    # Literal-typed record fields (actions, channels) are stored as plain text.
    return tuple(row)
