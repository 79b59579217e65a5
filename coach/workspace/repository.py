"""`TeamRepository`: the one typed way to read and write a team's own records.

Skills, the API and the CLI read a team's settings, members, OKRs, metric snapshots and
meetings here, never by parsing chunk text. Imports compare what a file says with what is
stored: the same content changes nothing, a changed file replaces that file's records (so an
objective or key result removed from the file goes), and a removed file's records go.
"""

from __future__ import annotations

import json

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session, selectinload

from coach.appdb_records import iso, utc_now
from coach.db import Database
from coach.db.models import MeetingRow, MemberRow, MetricSnapshotRow, ObjectiveRow, OkrSetRow, TeamRow
from coach.errors import NotFoundError
from coach.okr import OkrSet
from coach.vocabulary import Vocabulary
from coach.workspace.convert import okr_rows, okrs_of, team_of
from coach.workspace.records import ImportStatus, Meeting, Member, MetricSnapshot, Team, TeamConfig, TeamOkrs


class TeamRepository:
    """Typed team records in the app database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # Teams and members

    def create_team(self, team: str) -> bool:
        """Make a team exist; False when it already did."""
        with self.database.session() as session:
            if session.get(TeamRow, team) is not None:
                return False
            now = iso(utc_now())
            session.add(TeamRow(name=team, created_at=now, updated_at=now))
        return True

    def team(self, team: str) -> Team | None:
        """A team's settings and cycle, or None when the team does not exist."""
        with self.database.session() as session:
            row = session.get(TeamRow, team)
            return team_of(row) if row else None

    def require_team(self, team: str) -> Team:
        """A team, or NotFoundError saying how to make it exist."""
        found = self.team(team)
        if found is None:
            raise NotFoundError(f"no team {team!r}: create it with `coach team create {team}`, or ingest "
                                f"or import a file for it (`coach ingest DIR --team {team}`)")
        return found

    def teams(self) -> list[str]:
        """Every team's name."""
        with self.database.session() as session:
            return list(session.scalars(select(TeamRow.name).order_by(TeamRow.name)))

    def members(self, team: str) -> list[Member]:
        """The team's members, in the order its team.yaml lists them."""
        with self.database.session() as session:
            rows = session.scalars(select(MemberRow).where(MemberRow.team == team).order_by(MemberRow.id))
            return [Member(r.display_name, r.role, r.user) for r in rows]

    def apply_team_config(self, team: str, config: TeamConfig, *, settings: bool = True) -> ImportStatus:
        """Store what a team.yaml says; with `settings=False` only its name, cycle and members
        (vocabulary and retention set later through the CLI or API are then kept)."""
        with self.database.session() as session:
            row = self._team_row(session, team)
            before = (team_of(row), self._member_tuple(session, team))
            row.display_name = config.display_name or row.display_name
            if config.cycle:
                row.cycle_label, row.cycle_start, row.cycle_end = (config.cycle.label, config.cycle.start,
                                                                   config.cycle.end)
            if settings and config.vocabulary is not None:
                row.vocabulary = config.vocabulary.model_dump_json()
            if settings and config.retention_days is not None:
                row.retention_days = config.retention_days
            if config.members and config.members != before[1]:
                session.execute(delete(MemberRow).where(MemberRow.team == team))
                session.add_all(MemberRow(team=team, display_name=m.display_name, role=m.role, user=m.user)
                                for m in config.members)
            if (team_of(row), config.members or before[1]) == before:
                return "unchanged"
            row.updated_at = iso(utc_now())
        return "updated"

    def _team_row(self, session: Session, team: str) -> TeamRow:
        row = session.get(TeamRow, team)
        if row is None:
            now = iso(utc_now())
            row = TeamRow(name=team, created_at=now, updated_at=now)
            session.add(row)
        return row

    def _member_tuple(self, session: Session, team: str) -> tuple[Member, ...]:
        rows = session.scalars(select(MemberRow).where(MemberRow.team == team).order_by(MemberRow.id))
        return tuple(Member(r.display_name, r.role, r.user) for r in rows)

    def vocabulary(self, team: str) -> Vocabulary:
        """The team's words (the defaults for an unknown team)."""
        found = self.team(team)
        return found.vocabulary if found else Vocabulary()

    # OKRs

    def okrs(self, team: str) -> list[TeamOkrs]:
        """The team's OKR sets, newest cycle first (then most recently imported)."""
        query = (select(OkrSetRow).where(OkrSetRow.team == team)
                 .options(selectinload(OkrSetRow.objectives).selectinload(ObjectiveRow.key_results))
                 .order_by(OkrSetRow.cycle.desc().nulls_last(), OkrSetRow.imported_at.desc(), OkrSetRow.id.desc()))
        with self.database.session() as session:
            return [TeamOkrs(r.team, r.file, r.imported_at, okrs_of(r)) for r in session.scalars(query)]

    def import_okrs(self, team: str, file: str, okrs: OkrSet, sha256: str = "") -> ImportStatus:
        """Store one file's OKR set; the same content changes nothing, new content replaces it."""
        with self.database.session() as session:
            self._team_row(session, team)
            row = session.scalars(select(OkrSetRow).where(OkrSetRow.team == team, OkrSetRow.file == file)
                                  .options(selectinload(OkrSetRow.objectives)
                                           .selectinload(ObjectiveRow.key_results))).first()
            okrs = okrs.model_copy(update={"team": team})  # the records belong to the team imported for
            if row is not None and okrs_of(row) == okrs:
                return "unchanged"
            status: ImportStatus = "added" if row is None else "updated"
            if row is None:
                row = OkrSetRow(team=team, file=file)
                session.add(row)
            row.cycle, row.sha256, row.imported_at = okrs.cycle, sha256, iso(utc_now())
            row.objectives = okr_rows(okrs)
        return status

    # Metrics

    def latest_metrics(self, team: str) -> list[MetricSnapshot]:
        """The newest snapshot of each metric (by as_of, then the later row), ordered by metric."""
        history = self._snapshots(MetricSnapshotRow.team == team)
        latest: dict[str, MetricSnapshot] = {}
        for snapshot in history:
            latest[snapshot.metric] = snapshot  # rows come oldest first
        return [latest[m] for m in sorted(latest)]

    def metric_history(self, team: str, metric: str) -> list[MetricSnapshot]:
        """Every snapshot of one metric (case-insensitive name), oldest first."""
        return self._snapshots(MetricSnapshotRow.team == team,
                               func.lower(MetricSnapshotRow.metric) == metric.strip().lower())

    def _snapshots(self, *conditions: ColumnElement[bool]) -> list[MetricSnapshot]:
        ordered = select(MetricSnapshotRow).where(*conditions).order_by(
            MetricSnapshotRow.as_of, MetricSnapshotRow.file, MetricSnapshotRow.line)
        with self.database.session() as session:
            return [MetricSnapshot(r.metric, r.value, r.unit, r.as_of, r.source, r.notes, r.file, r.line)
                    for r in session.scalars(ordered)]

    def import_metrics(self, team: str, file: str, snapshots: list[MetricSnapshot]) -> ImportStatus:
        """Store one file's snapshots; the same rows change nothing, new rows replace the file's."""
        rows = [MetricSnapshot(s.metric, s.value, s.unit, s.as_of, s.source, s.notes, file, s.line)
                for s in snapshots]
        with self.database.session() as session:
            self._team_row(session, team)
            stored = list(session.scalars(select(MetricSnapshotRow).where(
                MetricSnapshotRow.team == team, MetricSnapshotRow.file == file).order_by(MetricSnapshotRow.line)))
            if [MetricSnapshot(r.metric, r.value, r.unit, r.as_of, r.source, r.notes, r.file, r.line)
                    for r in stored] == sorted(rows, key=lambda s: s.line):
                return "unchanged"
            session.execute(delete(MetricSnapshotRow).where(MetricSnapshotRow.team == team,
                                                            MetricSnapshotRow.file == file))
            session.add_all(MetricSnapshotRow(team=team, file=file, line=s.line, metric=s.metric, value=s.value,
                                              unit=s.unit, as_of=s.as_of, source=s.source, notes=s.notes)
                            for s in rows)
        return "updated" if stored else "added"

    # Meetings

    def meetings(self, team: str) -> list[Meeting]:
        """The team's meeting transcripts, oldest upload first."""
        query = select(MeetingRow).where(MeetingRow.team == team).order_by(MeetingRow.uploaded_at, MeetingRow.id)
        with self.database.session() as session:
            return [Meeting(r.team, r.path, r.name, r.uploaded_at, tuple(json.loads(r.attendees)))
                    for r in session.scalars(query)]

    # Files

    def has_file(self, team: str, file: str) -> bool:
        """Whether any OKR set or metric snapshot came from this file."""
        with self.database.session() as session:
            return any(session.scalars(select(model.id).where(model.team == team, model.file == file).limit(1))
                       .first() is not None for model in (OkrSetRow, MetricSnapshotRow))

    def forget_file(self, team: str, file: str) -> None:
        """Drop the records a removed file brought (its OKR set, its snapshots)."""
        with self.database.session() as session:
            for row in session.scalars(select(OkrSetRow).where(OkrSetRow.team == team, OkrSetRow.file == file)):
                session.delete(row)
            session.execute(delete(MetricSnapshotRow).where(MetricSnapshotRow.team == team,
                                                            MetricSnapshotRow.file == file))
