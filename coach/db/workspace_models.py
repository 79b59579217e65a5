"""Tables for a team's own records: settings, members, API keys, OKRs, metrics, meetings.

Timestamps are ISO-8601 UTC text (`coach.appdb_records.iso`), so SQLite and PostgreSQL
sort and compare them the same way; calendar dates (due, as_of, cycle) are `Date`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coach.db.base import Base

TEAM_FK = "teams.name"


class TeamRow(Base):
    """A team: it exists once something is ingested or imported for it, or it is created."""

    __tablename__ = "teams"

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(Text)
    vocabulary: Mapped[str | None] = mapped_column(Text)  # Vocabulary as JSON
    cycle_label: Mapped[str | None] = mapped_column(String(64))
    cycle_start: Mapped[dt.date | None] = mapped_column(Date)
    cycle_end: Mapped[dt.date | None] = mapped_column(Date)
    webhook_url: Mapped[str | None] = mapped_column(Text)
    retention_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class MemberRow(Base):
    """A person on a team: display name, job role, and the user name keys may carry."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team", "display_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(ForeignKey(TEAM_FK), index=True)
    display_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    user: Mapped[str | None] = mapped_column(String(120))


class ApiKeyRow(Base):
    """An API key: only a hash of the secret is stored, plus a prefix to recognise it by."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    team: Mapped[str] = mapped_column(ForeignKey(TEAM_FK), index=True)
    user: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(24))
    hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40))


class OkrSetRow(Base):
    """One imported OKR file of a team (keyed by the file it came from)."""

    __tablename__ = "okr_sets"
    __table_args__ = (UniqueConstraint("team", "file"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(ForeignKey(TEAM_FK), index=True)
    file: Mapped[str] = mapped_column(Text)
    cycle: Mapped[str | None] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[str] = mapped_column(String(40))
    objectives: Mapped[list[ObjectiveRow]] = relationship(
        back_populates="okr_set", cascade="all, delete-orphan", order_by="ObjectiveRow.position")


class ObjectiveRow(Base):
    """An objective of an OKR set, in file order."""

    __tablename__ = "objectives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    okr_set_id: Mapped[int] = mapped_column(ForeignKey("okr_sets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(64))  # the file's own id, e.g. "O1"
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)
    initiatives: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    okr_set: Mapped[OkrSetRow] = relationship(back_populates="objectives")
    key_results: Mapped[list[KeyResultRow]] = relationship(
        back_populates="objective", cascade="all, delete-orphan", order_by="KeyResultRow.position")


class KeyResultRow(Base):
    """A key result with the facts the team gave (every one but text may be missing)."""

    __tablename__ = "key_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(64))  # e.g. "KR1.2"
    text: Mapped[str] = mapped_column(Text)
    metric: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str | None] = mapped_column(String(16))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    due: Mapped[dt.date | None] = mapped_column(Date)
    owner: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    objective: Mapped[ObjectiveRow] = relationship(back_populates="key_results")


class MetricSnapshotRow(Base):
    """One measured value of a metric on a date, from one row of one file."""

    __tablename__ = "metric_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(ForeignKey(TEAM_FK), index=True)
    file: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(Text, default="")
    as_of: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)  # where the number came from, e.g. "CI pipeline"
    notes: Mapped[str | None] = mapped_column(Text)


class MeetingRow(Base):
    """A meeting transcript the team uploaded or ingested (its retention clock: uploaded_at)."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("team", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(ForeignKey(TEAM_FK), index=True)
    path: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[str] = mapped_column(String(40))
    attendees: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of names
    meta: Mapped[str] = mapped_column(Text, default="{}")  # JSON object of scalar metadata
