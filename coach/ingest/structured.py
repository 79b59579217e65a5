"""Structured files: OKR sets, metric snapshots (CSV), knowledge cards and team configs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pydantic
import yaml

from coach.cards import CareerThemeFile, KrPatternFile, PracticeCard, RiskCard
from coach.errors import IngestionError
from coach.ingest.documents import Block, Document, Metadata, Section, paragraphs
from coach.ingest.markdown import _yaml_problem, load_yaml, markdown_sections, scalar_metadata
from coach.okr import OkrSet, describe_key_result

METRIC_COLUMNS = ("metric", "value", "unit", "as_of")
OPTIONAL_METRIC_COLUMNS = ("source", "notes")


def pydantic_problem(exc: pydantic.ValidationError) -> str:
    """Render a pydantic error as 'field.path: message' lines."""
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{where}: {err['msg']}")
    more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return "; ".join(parts) + more


def parse_structured(path: Path, text: str) -> Any:
    """Parse YAML or JSON text, with errors naming the line."""
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise IngestionError(str(path), f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        raise IngestionError(str(path), f"invalid YAML: {_yaml_problem(exc)}") from exc


def load_structured(path: Path, text: str) -> Document:
    """Dispatch a YAML/JSON file on its shape: OKRs, card files, or a team config."""
    data = parse_structured(path, text)
    if not isinstance(data, dict):
        raise IngestionError(str(path), "expected a mapping at the top level")
    for keys, loader in _SHAPES:
        if keys <= data.keys():
            try:
                return loader(path, data)
            except pydantic.ValidationError as exc:
                raise IngestionError(str(path), pydantic_problem(exc)) from exc
    raise IngestionError(
        str(path),
        "unrecognised YAML/JSON: expected an OKR file (objectives:), a team config (members:), "
        "or a card file (patterns:, questions:, or a risk with signals: and mitigations:)",
    )


def _okr_document(path: Path, data: dict[str, Any]) -> Document:
    okrs = OkrSet.model_validate(data)
    sections = []
    for number, objective in enumerate(okrs.objectives, start=1):
        label = objective.id or f"O{number}"
        lines = [f"Objective {label}: {objective.title}"]
        lines += [describe_key_result(kr) for kr in objective.key_results]
        lines += [f"Initiative: {item}" for item in objective.initiatives]
        sections.append(Section((objective.title,), (Block("\n".join(lines)),),
                                {"objective_id": label}))
    metadata = scalar_metadata(data, ("team", "cycle"))
    return Document(str(path), f"OKRs {okrs.cycle or ''}".strip(), "okr", tuple(sections), metadata,
                    merge_sections=False)


def _kr_pattern_document(path: Path, data: dict[str, Any]) -> Document:
    card = KrPatternFile.model_validate(data)
    sections = tuple(
        Section((card.title, p.metric), (Block(
            f"Key-result pattern: {p.metric} ({p.unit}), {p.direction}, {p.kind} indicator.\n"
            f"How to measure: {p.how_to_measure}\nCounter-metric: {p.counter_metric}\n"
            f"Example: {p.example}\nKeywords: {', '.join(p.keywords)}"),),
            {"card_id": p.id, "metric": p.metric, "unit": p.unit, "direction": p.direction,
             "indicator": p.kind, "family": p.family, "domains": ", ".join(p.domains),
             "how_to_measure": p.how_to_measure, "counter_metric": p.counter_metric,
             "keywords": ", ".join(p.keywords)})
        for p in card.patterns)
    return Document(str(path), card.title, "kr_pattern", sections, {"domain": card.domain},
                    merge_sections=False)


def _risk_document(path: Path, data: dict[str, Any]) -> Document:
    card = RiskCard.model_validate(data)
    mitigations = "\n".join(f"- {m.stance}: {m.text}" for m in card.mitigations)
    text = (f"Risk: {card.name}. {card.description}\n"
            f"Signals: {'; '.join(card.signals.conditions + card.signals.phrases)}\n"
            f"Mitigations:\n{mitigations}")
    meta: Metadata = {"card_id": card.id, "severity": card.severity.default,
            "related_practices": ", ".join(card.related_practices),
            "lint_rules": ", ".join(card.signals.lint),
            "phrases_json": json.dumps(card.signals.phrases),
            "mitigations_json": json.dumps([m.model_dump() for m in card.mitigations]),
            "raise_when": card.severity.raise_when}
    return Document(str(path), card.name, "risk", (Section((), (Block(text),)),), meta)


def _career_document(path: Path, data: dict[str, Any]) -> Document:
    card = CareerThemeFile.model_validate(data)
    sections = tuple(
        Section((card.title,), (Block(" ".join([q.text, *q.follow_ups])),),
                {"card_id": q.id, "horizon": q.horizon, "stage": q.stage, "theme": card.theme,
                 "tags": ", ".join(q.tags), "question": q.text,
                 "follow_up": q.follow_ups[0] if q.follow_ups else ""})
        for q in card.questions)
    return Document(str(path), card.title, "career_question", sections, {"theme": card.theme},
                    merge_sections=False)


def _team_document(path: Path, data: dict[str, Any]) -> Document:
    members = data.get("members") or []
    if not isinstance(members, list):
        raise IngestionError(str(path), "members: expected a list of {name, role}")
    names = [f"{m.get('name')} ({m.get('role')})" for m in members if isinstance(m, dict)]
    text = f"Team {data.get('name') or data.get('id') or path.parent.name}. Members: {', '.join(names)}."
    metadata = scalar_metadata(data, ("id", "retention_days"))
    cycle = data.get("cycle")
    if isinstance(cycle, dict):
        metadata.update({f"cycle_{k}": str(v) for k, v in cycle.items() if k in ("label", "start", "end")})
    if isinstance(data.get("vocabulary"), dict):
        metadata["vocabulary_json"] = json.dumps(data["vocabulary"])
    return Document(str(path), str(data.get("name") or path.parent.name), "team",
                    (Section((), (Block(text),)),), metadata)


_SHAPES: list[tuple[set[str], Callable[[Path, dict[str, Any]], Document]]] = [
    ({"objectives"}, _okr_document),
    ({"patterns", "domain"}, _kr_pattern_document),
    ({"questions", "theme"}, _career_document),
    ({"signals", "mitigations"}, _risk_document),
    ({"members"}, _team_document),
]


def load_practice_card(path: Path, meta: dict[str, Any], body: str) -> Document:
    """A built-in (or team-written) practice card in Markdown with front matter."""
    try:
        card = PracticeCard.model_validate(meta)
    except pydantic.ValidationError as exc:
        raise IngestionError(str(path), pydantic_problem(exc)) from exc
    intro = Section((), paragraphs(f"{card.summary}\n\nWhen to use: {'; '.join(card.when_to_use)}"))
    metadata: Metadata = {"practice_id": card.id, "origin": "coach", "summary": card.summary,
                "stage": card.stage, "time": card.time,
                "people": card.people, "difficulty": card.difficulty,
                "kr_states": ", ".join(card.kr_states), "first_step": card.first_step,
                "related": ", ".join(card.related), "topics": ", ".join(card.topics)}
    sections = (intro, *markdown_sections(body, card.name))
    return Document(str(path), card.name, "practice", sections, metadata)


def metric_rows(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    """The checked rows of a metric CSV, with their line numbers (header `metric,value,unit,as_of`
    optionally followed by `source,notes`); IngestionError naming the row otherwise."""
    try:
        return _metric_rows(path, csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise IngestionError(str(path), f"not a readable CSV ({exc}); save it as comma-separated text "
                                        "with one snapshot a line") from exc


def _metric_rows(path: Path, reader: Iterator[list[str]]) -> list[tuple[int, dict[str, str]]]:
    header = [h.strip().lower() for h in next(reader, [])]
    allowed = list(METRIC_COLUMNS) + list(OPTIONAL_METRIC_COLUMNS)
    if tuple(header[:4]) != METRIC_COLUMNS or any(h not in allowed for h in header[4:]):
        raise IngestionError(
            str(path),
            f"CSV header must be 'metric,value,unit,as_of[,source,notes]', got {','.join(header)!r}",
        )
    rows = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, (c.strip() for c in row), strict=False))
        _snapshot_line(path, line, record)  # validates the row
        rows.append((line, record))
    if not rows:
        raise IngestionError(str(path), "the CSV has a header but no snapshot rows")
    return rows


def load_metrics_csv(path: Path, text: str) -> Document:
    """Metric snapshots: header `metric,value,unit,as_of[,source,notes]`, one row a snapshot."""
    by_metric: dict[str, list[str]] = {}
    latest: dict[str, dict[str, str]] = {}
    for line, record in metric_rows(path, text):
        by_metric.setdefault(record["metric"], []).append(_snapshot_line(path, line, record))
        if record["as_of"] >= latest.get(record["metric"], {}).get("as_of", ""):
            latest[record["metric"]] = record
    sections = tuple(Section((metric,), (Block(f"Metric {metric}: " + "; ".join(lines)),),
                             _latest_meta(latest[metric])) for metric, lines in by_metric.items())
    return Document(str(path), f"Metric snapshots ({path.stem})", "metric", sections,
                    merge_sections=False)


def _latest_meta(record: dict[str, str]) -> dict[str, str | float]:
    """The newest snapshot of a metric, kept as metadata for baselines."""
    meta: dict[str, str | float] = {"metric": record["metric"], "value": float(record["value"]),
                                    "unit": record.get("unit", ""), "as_of": record["as_of"]}
    if record.get("source"):
        meta["snapshot_source"] = record["source"]
    return meta


def _snapshot_line(path: Path, line: int, record: dict[str, str]) -> str:
    if not record.get("metric"):
        raise IngestionError(str(path), f"row {line}: the metric name is empty")
    if not record.get("value"):
        raise IngestionError(str(path), f"row {line}: the value is empty; give a number such as 42 or 0.5")
    try:
        value = float(record["value"])
    except ValueError as exc:
        raise IngestionError(str(path), f"row {line}: value {record.get('value')!r} is not a number") from exc
    try:
        as_of = dt.date.fromisoformat(record.get("as_of", ""))
    except ValueError as exc:
        problem = f"row {line}: as_of {record.get('as_of')!r} is not a date (YYYY-MM-DD)"
        raise IngestionError(str(path), problem) from exc
    parts = [f"{value:g} {record.get('unit', '')}".strip() + f" as of {as_of.isoformat()}"]
    parts += [f"source: {record['source']}"] if record.get("source") else []
    parts += [f"note: {record['notes']}"] if record.get("notes") else []
    return ", ".join(parts)


def load_guide_or_markdown(path: Path, meta: dict[str, Any], body: str) -> Document | None:
    """Guides are plain Markdown documents with `kind: guide`; None for anything else."""
    if meta.get("kind") != "guide":
        return None
    title = str(meta.get("title") or path.stem)
    return Document(str(path), title, "guide", markdown_sections(body, title),
                    scalar_metadata(meta, ("id", "topics")))
