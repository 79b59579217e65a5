"""Import a team file (OKRs, metric CSV, team.yaml) into the team records."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from coach.errors import IngestionError
from coach.workspace.files import read_metrics, read_okrs, read_team_config
from coach.workspace.records import ImportResult, ImportStatus
from coach.workspace.repository import TeamRepository

# The ingest kinds that are team records as well as retrieval chunks.
RecordKind = Literal["okr", "metric", "team"]
RECORD_KINDS: tuple[RecordKind, ...] = get_args(RecordKind)


def import_team_file(repository: TeamRepository, team: str, path: Path, kind: str, *,
                     settings: bool = True) -> ImportResult:
    """Read one file of an ingest kind in RECORD_KINDS and store its records for the team.
    `settings=False` leaves a team.yaml's vocabulary and retention alone (see
    `TeamRepository.apply_team_config`)."""
    key = str(path.resolve())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestionError(str(path), f"cannot read the file ({exc})") from exc
    status: ImportStatus
    if kind == "okr":
        okrs = read_okrs(path, text)
        status = repository.import_okrs(team, key, okrs)
        count = sum(1 + len(o.key_results) for o in okrs.objectives)
        return ImportResult(team, key, "okr", status, count)
    if kind == "metric":
        snapshots = read_metrics(path, text, key)
        return ImportResult(team, key, "metric", repository.import_metrics(team, key, snapshots), len(snapshots))
    if kind == "team":
        config = read_team_config(path, text)
        status = repository.apply_team_config(team, config, settings=settings)
        return ImportResult(team, key, "team", status, len(config.members))
    raise IngestionError(str(path), f"a {kind} file holds no team records: import OKR files, metric "
                                    "CSVs or a team.yaml")
