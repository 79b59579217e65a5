"""`TeamData` from the files a team ingested (its OKR file, metric CSVs, team.yaml, check-in
transcripts), read with the same typed parsers ingestion uses. A stand-in until the team
repository (coach.workspace) is on main: same interface, so the switch is one line in Coach.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pydantic
import yaml

from coach.errors import IngestionError
from coach.ingest.manifest import Manifest
from coach.ingest.structured import parse_structured
from coach.okr import OkrSet
from coach.ritual.records import MetricValue, TeamKeyResult


class ManifestTeamData:
    """Key results, cycle, metric history and meetings from the team's ingested files."""

    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest

    def _files(self, team: str) -> list[Path]:
        return [Path(p) for p in sorted(self.manifest.files_under(team, "/")) if Path(p).is_file()]

    def key_results(self, team: str) -> list[TeamKeyResult]:
        """Every key result of the team's OKR files, in file order."""
        found = []
        for path in self._files(team):
            okrs = _okrs(path)
            found += [TeamKeyResult(kr, o.title, tuple(o.initiatives)) for o in (okrs.objectives if okrs else [])
                      for kr in o.key_results]
        return found

    def cycle(self, team: str) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) from the team's team.yaml."""
        for path in self._files(team):
            if path.name == "team.yaml":
                cycle = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cycle") or {}
                return _date(cycle.get("start")), _date(cycle.get("end"))
        return None, None

    def metric_history(self, team: str, metric: str) -> list[MetricValue]:
        """Every row of one metric in the team's metric CSVs, oldest first."""
        rows = []
        for path in self._files(team):
            if path.suffix.lower() == ".csv":
                for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
                    if (row.get("metric") or "").strip().lower() == metric.strip().lower():
                        rows.append(MetricValue(row["metric"], float(row["value"]), row.get("unit") or "",
                                                dt.date.fromisoformat(row["as_of"]), row.get("source") or None,
                                                row.get("notes") or None))
        return sorted(rows, key=lambda r: r.as_of)

    def last_meeting(self, team: str) -> Path | None:
        """The newest check-in transcript by file name (they start with their date)."""
        transcripts = [p for p in self._files(team) if _kind(self.manifest, team, p) == "transcript"]
        return max(transcripts, key=lambda p: p.name) if transcripts else None


def _okrs(path: Path) -> OkrSet | None:
    if path.suffix.lower() not in (".yaml", ".yml", ".json") or path.name == "team.yaml":
        return None
    try:
        data = parse_structured(path, path.read_text(encoding="utf-8"))
        return OkrSet.model_validate(data) if isinstance(data, dict) and "objectives" in data else None
    except (pydantic.ValidationError, ValueError, IngestionError):
        return None  # ingestion reported it already; no key results from a broken file


def _kind(manifest: Manifest, team: str, path: Path) -> str | None:
    record = manifest.file(team, str(path))
    return record.kind if record else None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
