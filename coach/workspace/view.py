"""`TeamRecords`: one team's records as a skill reads them (read-only, bound to the team)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from coach.okr import cycle_window
from coach.workspace.records import Cycle, Meeting, Member, MetricSnapshot, Team, TeamOkrs
from coach.workspace.repository import TeamRepository


@dataclass(frozen=True, eq=False)
class TeamRecords:
    """The typed team data a skill may read; each read is made once per request."""

    repository: TeamRepository
    team: str

    @functools.cached_property
    def settings(self) -> Team | None:
        """The team's settings and cycle (None: the team does not exist yet)."""
        return self.repository.team(self.team)

    @property
    def cycle(self) -> Cycle | None:
        """The team's current cycle: its team.yaml's, else the one its newest OKR set names."""
        return current_cycle(self.settings, self.okrs)

    @functools.cached_property
    def okrs(self) -> list[TeamOkrs]:
        """The team's OKR sets, newest cycle first."""
        return self.repository.okrs(self.team)

    @functools.cached_property
    def latest_metrics(self) -> list[MetricSnapshot]:
        """The newest snapshot of each of the team's metrics."""
        return self.repository.latest_metrics(self.team)

    def metric_history(self, metric: str) -> list[MetricSnapshot]:
        """Every snapshot of one metric, oldest first."""
        return self.repository.metric_history(self.team, metric)

    @functools.cached_property
    def meetings(self) -> list[Meeting]:
        """The team's meeting transcripts."""
        return self.repository.meetings(self.team)

    @functools.cached_property
    def members(self) -> list[Member]:
        """The team's members."""
        return self.repository.members(self.team)


def current_cycle(settings: Team | None, okrs: list[TeamOkrs]) -> Cycle | None:
    """The team.yaml's cycle where it has dates; else the window the newest OKR set's label names
    ("2026-Q4" runs from 1 October to 31 December), so lines and due dates start at the cycle."""
    cycle = settings.cycle if settings else None
    if cycle is not None and (cycle.start or cycle.end):
        return cycle
    label = okrs[0].okrs.cycle if okrs else None
    window = cycle_window(label)
    if label and window:
        return Cycle(label, *window)
    return cycle
