"""Tables of the weekly ritual: check-ins per key result and the experiment ledger.

Key results are referred to by the team and the id its OKR file gives them (e.g. "KR1.2"),
not by a foreign key to `key_results`: re-importing a changed OKR file replaces those rows,
and a team's history of check-ins and experiments must survive that.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base


class CheckInRow(Base):
    """One value of a key result on a date, with confidence and note, recorded by a user."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_team_kr", "team", "kr_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(ForeignKey("teams.name"))
    kr_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[str] = mapped_column(String(40))


class ExperimentRow(Base):
    """A ledger entry: key result → hypothesis → experiment → result → learning, with dates."""

    __tablename__ = "experiments"
    __table_args__ = (Index("ix_experiments_team_kr", "team", "kr_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(ForeignKey("teams.name"))
    kr_id: Mapped[str] = mapped_column(String(64))
    hypothesis: Mapped[str] = mapped_column(Text)
    test: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    result: Mapped[str | None] = mapped_column(Text)
    learning: Mapped[str | None] = mapped_column(Text)
    created_on: Mapped[dt.date] = mapped_column(Date)
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(120))
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[str] = mapped_column(String(40))
