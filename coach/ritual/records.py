"""The typed records the ritual reads and writes, and the two small interfaces it needs:
the team's own records (key results, cycle, metric history, meetings) and its own storage
(check-ins and the experiment ledger). The service takes both; adapters sit at the edge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from coach.okr import KeyResult
from coach.ritual.ledger import ExperimentRecord, ExperimentStatus


@dataclass(frozen=True)
class TeamKeyResult:
    """A key result of the team's imported OKRs, with its objective's initiatives."""

    key_result: KeyResult
    objective: str
    initiatives: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The key result's id as the team's OKR file gives it (e.g. KR1.2)."""
        return self.key_result.id or ""


@dataclass(frozen=True)
class MetricValue:
    """One metric snapshot value."""

    metric: str
    value: float
    unit: str
    as_of: dt.date
    source: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class CheckInRecord:
    """A stored check-in: the value, who recorded it and when."""

    id: int
    team: str
    kr_id: str
    value: float
    unit: str
    confidence: float | None
    note: str | None
    on: dt.date
    recorded_by: str


class TeamData(Protocol):
    """What the ritual reads from the team's records."""

    def key_results(self, team: str) -> list[TeamKeyResult]:
        """Every key result of the team's OKRs, in file order."""
        ...

    def cycle(self, team: str) -> tuple[dt.date | None, dt.date | None]:
        """(cycle start, cycle end) where the team's config says."""
        ...

    def metric_history(self, team: str, metric: str) -> list[MetricValue]:
        """Every snapshot of one metric (case-insensitive name), oldest first."""
        ...

    def last_meeting(self, team: str) -> Path | None:
        """The file of the team's most recent check-in transcript, if any."""
        ...


class RitualStore(Protocol):
    """Where check-ins and the experiment ledger live."""

    def add_checkin(self, team: str, kr_id: str, value: float, unit: str, confidence: float | None,
                    note: str | None, on: dt.date, recorded_by: str) -> CheckInRecord:
        """Store a check-in."""
        ...

    def checkins(self, team: str, kr_id: str | None = None) -> list[CheckInRecord]:
        """The team's check-ins (of one key result), oldest first."""
        ...

    def add_experiment(self, team: str, kr_id: str, hypothesis: str, test: str | None,
                       status: ExperimentStatus, on: dt.date, recorded_by: str) -> ExperimentRecord:
        """Store a new ledger entry."""
        ...

    def experiment(self, team: str, experiment_id: int) -> ExperimentRecord | None:
        """One entry of this team (None for another team's id)."""
        ...

    def save_experiment(self, record: ExperimentRecord) -> None:
        """Write an updated entry."""
        ...

    def experiments(self, team: str, kr_id: str | None = None) -> list[ExperimentRecord]:
        """The team's entries (of one key result), oldest first."""
        ...
