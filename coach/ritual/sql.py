"""Check-ins and the experiment ledger on the app database (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import select

from coach.appdb_records import iso, utc_now
from coach.db import Database
from coach.db.ritual_models import CheckInRow, ExperimentRow
from coach.db.workspace_models import TeamRow
from coach.ritual.ledger import ExperimentRecord, ExperimentStatus
from coach.ritual.records import CheckInRecord


class SqlRitualStore:
    """`RitualStore` on the app database; every read and write is scoped by team."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def _ensure_team(self, team: str) -> None:
        with self.database.session() as session:
            if session.get(TeamRow, team) is None:
                now = iso(utc_now())
                session.add(TeamRow(name=team, created_at=now, updated_at=now))

    def add_checkin(self, team: str, kr_id: str, value: float, unit: str, confidence: float | None,
                    note: str | None, on: dt.date, recorded_by: str) -> CheckInRecord:
        """Store a check-in."""
        self._ensure_team(team)
        row = CheckInRow(team=team, kr_id=kr_id, value=value, unit=unit, confidence=confidence, note=note,
                         on=on, recorded_by=recorded_by, recorded_at=iso(utc_now()))
        with self.database.session() as session:
            session.add(row)
            session.flush()
            return _checkin(row)

    def checkins(self, team: str, kr_id: str | None = None) -> list[CheckInRecord]:
        """The team's check-ins (of one key result), oldest first."""
        query = select(CheckInRow).where(CheckInRow.team == team)
        if kr_id:
            query = query.where(CheckInRow.kr_id == kr_id)
        with self.database.session() as session:
            return [_checkin(r) for r in session.scalars(query.order_by(CheckInRow.on, CheckInRow.id))]

    def add_experiment(self, team: str, kr_id: str, hypothesis: str, test: str | None,
                       status: ExperimentStatus, on: dt.date, recorded_by: str) -> ExperimentRecord:
        """Store a new ledger entry."""
        self._ensure_team(team)
        row = ExperimentRow(team=team, kr_id=kr_id, hypothesis=hypothesis, test=test, status=status,
                            created_on=on, started_on=on if status == "running" else None,
                            recorded_by=recorded_by, updated_by=recorded_by, updated_at=iso(utc_now()))
        with self.database.session() as session:
            session.add(row)
            session.flush()
            return _experiment(row)

    def experiment(self, team: str, experiment_id: int) -> ExperimentRecord | None:
        """One entry of this team (None for an unknown id or another team's)."""
        with self.database.session() as session:
            row = session.get(ExperimentRow, experiment_id)
            return _experiment(row) if row is not None and row.team == team else None

    def save_experiment(self, record: ExperimentRecord) -> None:
        """Write an updated entry (its id and team never change)."""
        with self.database.session() as session:
            row = session.get(ExperimentRow, record.id)
            if row is None or row.team != record.team:
                raise LookupError(f"experiment {record.id} of team {record.team!r} is not stored")
            for name in ("status", "result", "learning", "started_on", "ended_on", "reviewed_on", "updated_by"):
                setattr(row, name, getattr(record, name))
            row.updated_at = iso(utc_now())

    def experiments(self, team: str, kr_id: str | None = None) -> list[ExperimentRecord]:
        """The team's entries (of one key result), oldest first."""
        query = select(ExperimentRow).where(ExperimentRow.team == team)
        if kr_id:
            query = query.where(ExperimentRow.kr_id == kr_id)
        with self.database.session() as session:
            return [_experiment(r) for r in session.scalars(query.order_by(ExperimentRow.id))]


def _checkin(row: CheckInRow) -> CheckInRecord:
    return CheckInRecord(id=row.id, team=row.team, kr_id=row.kr_id, value=row.value, unit=row.unit,
                         confidence=row.confidence, note=row.note, on=row.on, recorded_by=row.recorded_by)


def _experiment(row: ExperimentRow) -> ExperimentRecord:
    return ExperimentRecord(
        id=row.id, team=row.team, kr_id=row.kr_id, hypothesis=row.hypothesis, test=row.test,
        status=cast(ExperimentStatus, row.status), result=row.result, learning=row.learning,
        created_on=row.created_on, started_on=row.started_on, ended_on=row.ended_on,
        recorded_by=row.recorded_by, updated_by=row.updated_by, reviewed_on=row.reviewed_on)
