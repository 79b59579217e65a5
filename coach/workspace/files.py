"""Team files → typed records: OKR files, metric CSVs and team.yaml (pure: text in, records out).

The same parsers the ingest loaders use check the files, so a file that ingests imports,
and an error names the file and the field or row, as ingest errors do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pydantic

from coach.errors import IngestionError
from coach.ingest.structured import metric_rows, parse_structured, pydantic_problem
from coach.okr import OkrSet
from coach.vocabulary import Vocabulary
from coach.workspace.records import Cycle, Member, MetricSnapshot, TeamConfig


def read_okrs(path: Path, text: str) -> OkrSet:
    """An OKR file (YAML or JSON, the README's schema)."""
    data = parse_structured(path, text)
    if not isinstance(data, dict) or "objectives" not in data:
        raise IngestionError(str(path), "not an OKR file: expected a mapping with 'objectives:' "
                                        "(see the README's OKR file schema)")
    try:
        return OkrSet.model_validate(data)
    except pydantic.ValidationError as exc:
        raise IngestionError(str(path), pydantic_problem(exc)) from exc


def read_metrics(path: Path, text: str, file: str) -> list[MetricSnapshot]:
    """A metric CSV, one snapshot a row, each remembering its file and line."""
    return [MetricSnapshot(metric=r["metric"], value=float(r["value"]), unit=r.get("unit", ""),
                           as_of=dt.date.fromisoformat(r["as_of"]), source=r.get("source") or None,
                           notes=r.get("notes") or None, file=file, line=line)
            for line, r in metric_rows(path, text)]


def read_team_config(path: Path, text: str) -> TeamConfig:
    """A team.yaml: name, cycle {label, start, end}, members [{name, role}], vocabulary, retention_days."""
    data = parse_structured(path, text)
    if not isinstance(data, dict) or not isinstance(data.get("members", []), list):
        raise IngestionError(str(path), "members: expected a list of {name, role}")
    try:
        vocabulary = Vocabulary(**data["vocabulary"]) if isinstance(data.get("vocabulary"), dict) else None
    except pydantic.ValidationError as exc:
        raise IngestionError(str(path), f"vocabulary.{pydantic_problem(exc)}") from exc
    retention = data.get("retention_days")
    return TeamConfig(display_name=str(data["name"]) if data.get("name") else None,
                      cycle=_cycle(path, data.get("cycle")),
                      members=tuple(_member(m) for m in data.get("members") or []
                                    if isinstance(m, dict) and m.get("name")),
                      vocabulary=vocabulary,
                      retention_days=retention if isinstance(retention, int) and retention > 0 else None)


def _member(entry: dict[str, Any]) -> Member:
    return Member(display_name=str(entry.get("name") or "").strip(),
                  role=str(entry["role"]) if entry.get("role") else None,
                  user=str(entry["user"]) if entry.get("user") else None)


def _cycle(path: Path, value: object) -> Cycle | None:
    if isinstance(value, str) and value.strip():
        return Cycle(value.strip())
    if not isinstance(value, dict) or not value.get("label"):
        return None
    return Cycle(str(value["label"]), _date(path, "cycle.start", value.get("start")),
                 _date(path, "cycle.end", value.get("end")))


def _date(path: Path, where: str, value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise IngestionError(str(path), f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc
