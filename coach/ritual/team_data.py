"""`TeamData` over the team repository (coach.workspace): the typed records the ritual reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.ritual.file_team_data import ManifestTeamData
from coach.ritual.records import MetricValue, TeamKeyResult
from coach.workspace import TeamRepository
from coach.workspace.view import current_cycle


class RepositoryTeamData:
    """Key results, cycle, metric history and meetings, read from the app database."""

    def __init__(self, repository: TeamRepository, transcripts: ManifestTeamData) -> None:
        self.repository, self.transcripts = repository, transcripts

    def key_results(self, team: str) -> list[TeamKeyResult]:
        """Every key result of the team's imported OKR sets, in file order."""
        return [TeamKeyResult(kr, objective.title, tuple(objective.initiatives))
                for imported in self.repository.okrs(team) for objective in imported.okrs.objectives
                for kr in objective.key_results]

    def cycle(self, team: str) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) of the team's cycle: its team.yaml's, else the one its OKRs name."""
        cycle = current_cycle(self.repository.team(team), self.repository.okrs(team))
        return (cycle.start, cycle.end) if cycle else (None, None)

    def metric_history(self, team: str, metric: str) -> list[MetricValue]:
        """Every snapshot of one metric, oldest first."""
        return [MetricValue(s.metric, s.value, s.unit, s.as_of, s.source, s.notes)
                for s in sorted(self.repository.metric_history(team, metric), key=lambda s: s.as_of)]

    def last_meeting(self, team: str) -> Path | None:
        """The most recent check-in transcript (by file name, which starts with its date, then upload)."""
        meetings = self.repository.meetings(team)
        if not meetings:  # uploads are meeting records; ingested transcripts live in the manifest
            return self.transcripts.last_meeting(team)
        return Path(max(meetings, key=lambda m: (m.name, m.uploaded_at)).path)
