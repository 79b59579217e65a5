"""`TeamData` over the team's records: the one adapter the ritual reads through (the service, the
API, the CLI and the web app all use it via `Coach.ritual`).

Key results, the cycle and metric history come from the team repository (coach.workspace).
The last meeting is the newest uploaded meeting record, else the newest check-in transcript the
team ingested as a file (those live only in the ingest manifest, not in the repository).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.ingest.manifest import Manifest
from coach.ritual.records import MetricValue, TeamKeyResult
from coach.workspace import TeamRepository
from coach.workspace.view import current_cycle


class RepositoryTeamData:
    """Key results, cycle, metric history and meetings, read from the app database."""

    def __init__(self, repository: TeamRepository, manifest: Manifest) -> None:
        self.repository, self.manifest = repository, manifest

    def key_results(self, team: str) -> list[TeamKeyResult]:
        """Every key result of the team's imported OKR files, in file order."""
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
        """The most recent check-in: the newest upload (by file name, which starts with its date,
        then upload time), else the newest ingested transcript file."""
        meetings = self.repository.meetings(team)
        if meetings:
            return Path(max(meetings, key=lambda m: (m.name, m.uploaded_at)).path)
        return self._last_ingested_transcript(team)

    def _last_ingested_transcript(self, team: str) -> Path | None:
        paths = [Path(p) for p in self.manifest.files_under(team, "/")]
        transcripts = [p for p in paths if p.is_file() and _kind(self.manifest, team, p) == "transcript"]
        return max(transcripts, key=lambda p: p.name) if transcripts else None


def _kind(manifest: Manifest, team: str, path: Path) -> str | None:
    record = manifest.file(team, str(path))
    return record.kind if record else None
