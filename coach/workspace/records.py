"""A team's own data as typed records: what the repository returns and the importers build.

OKRs are the README's file schema (`coach.okr.OkrSet`), so an export is the same model an
import validated; the rest are frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from coach.okr import OkrSet
from coach.vocabulary import Vocabulary

ImportStatus = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True)
class Cycle:
    """A planning cycle: a label (e.g. "2026-Q4") and, when known, its dates."""

    label: str
    start: dt.date | None = None
    end: dt.date | None = None

    def as_text(self) -> str:
        """The cycle in words, e.g. '2026-Q4 (2026-10-01 to 2026-12-31)'."""
        if self.start and self.end:
            return f"{self.label} ({self.start.isoformat()} to {self.end.isoformat()})"
        return self.label


@dataclass(frozen=True)
class Member:
    """A person on a team: display name, job role, and the user name keys may carry."""

    display_name: str
    role: str | None = None
    user: str | None = None


@dataclass(frozen=True)
class Team:
    """A team's settings and cycle."""

    name: str
    display_name: str | None = None
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    cycle: Cycle | None = None
    webhook_url: str | None = None
    retention_days: int | None = None


@dataclass(frozen=True)
class TeamConfig:
    """What a team.yaml says: its name, cycle, members, words and retention (None: not given)."""

    display_name: str | None
    cycle: Cycle | None
    members: tuple[Member, ...]
    vocabulary: Vocabulary | None
    retention_days: int | None


@dataclass(frozen=True)
class TeamOkrs:
    """One imported OKR set of a team, with the file it came from."""

    team: str
    file: str
    imported_at: str
    okrs: OkrSet


@dataclass(frozen=True)
class MetricSnapshot:
    """One measured value of a metric on a date, from one row of one file."""

    metric: str
    value: float
    unit: str
    as_of: dt.date
    source: str | None = None
    notes: str | None = None
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Meeting:
    """A meeting transcript the team uploaded or ingested."""

    team: str
    path: str
    name: str
    uploaded_at: str
    attendees: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What importing one file into the team records did."""

    team: str
    file: str
    kind: Literal["okr", "metric", "team"]
    status: ImportStatus
    records: int

    def as_json(self) -> dict[str, object]:
        """The `--json` contract of the import commands."""
        return {"team": self.team, "file": self.file, "kind": self.kind, "status": self.status,
                "records": self.records}
