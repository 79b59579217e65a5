"""Validation of a knowledge corpus: every card against its schema, plus cross-references."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
import yaml

from coach.cards import CareerThemeFile, GuideCard, KrPatternFile, PracticeCard, RiskCard
from coach.errors import IngestionError
from coach.ingest.loaders import iter_files, load_file
from coach.ingest.markdown import split_front_matter
from coach.ingest.structured import pydantic_problem
from coach.skills.risk_detectors import DETECTORS

PRACTICE_SECTIONS = ("## What", "## Why", "## How")


@dataclass
class CorpusReport:
    """Card counts by kind, and every problem found (file and field)."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, str]] = field(default_factory=list)
    ids: dict[str, dict[str, str]] = field(default_factory=dict)

    def fail(self, path: Path, problem: str) -> None:
        """Record a problem with one file."""
        self.errors.append({"path": str(path), "error": problem})

    def remember(self, kind: str, card_id: str, path: Path) -> None:
        """Count a card and check its id is unique within its kind."""
        seen = self.ids.setdefault(kind, {})
        if card_id in seen:
            self.fail(path, f"id {card_id!r} is already used by {seen[card_id]}")
        seen[card_id] = str(path)
        self.counts[kind] += 1

    def as_json(self) -> dict[str, object]:
        """`coach corpus validate --json`."""
        return {"counts": dict(sorted(self.counts.items())), "errors": self.errors}


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    try:
        return split_front_matter(path, path.read_text(encoding="utf-8"))
    except IngestionError as exc:
        raise ValueError(exc.problem) from exc


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid YAML: {exc}") from exc


def _practice(path: Path, report: CorpusReport) -> None:
    meta, body = _front_matter(path)
    card = PracticeCard.model_validate(meta)
    missing = [h for h in PRACTICE_SECTIONS if h not in body]
    if missing:
        report.fail(path, f"body: missing section(s) {', '.join(missing)}")
    report.remember("practice", card.id, path)


def _guide(path: Path, report: CorpusReport) -> None:
    card = GuideCard.model_validate(_front_matter(path)[0])
    report.remember("guide", card.id, path)


def _kr_patterns(path: Path, report: CorpusReport) -> None:
    card = KrPatternFile.model_validate(_yaml(path))
    for pattern in card.patterns:
        report.remember("kr_pattern", pattern.id, path)
    report.counts["kr_domain"] += 1


def _risk(path: Path, report: CorpusReport) -> None:
    card = RiskCard.model_validate(_yaml(path))
    if card.id != path.stem:
        report.fail(path, f"id: {card.id!r} should equal the file name {path.stem!r}")
    report.remember("risk", card.id, path)


def _career(path: Path, report: CorpusReport) -> None:
    card = CareerThemeFile.model_validate(_yaml(path))
    for question in card.questions:
        report.remember("career_question", question.id, path)


CHECKS: dict[str, Callable[[Path, CorpusReport], None]] = {
    "practices": _practice, "guides": _guide, "kr-patterns": _kr_patterns,
    "risks": _risk, "career": _career,
}


def validate_corpus(root: Path) -> CorpusReport:
    """Validate every card below root; example workspaces are checked by their loaders."""
    report = CorpusReport()
    for path in iter_files(root):
        folder = path.relative_to(root).parts[0] if path.parent != root else ""
        check = CHECKS.get(folder)
        try:
            if check:
                check(path, report)
            else:
                load_file(path)
                report.counts["other"] += 1
        except pydantic.ValidationError as exc:
            report.fail(path, pydantic_problem(exc))
        except (ValueError, IngestionError) as exc:
            report.fail(path, exc.problem if isinstance(exc, IngestionError) else str(exc))
    _check_examples(root / "examples", report)
    _check_references(root, report)
    _check_detectors(root, report)
    return report


def _check_examples(examples: Path, report: CorpusReport) -> None:
    if not examples.is_dir():
        return
    for team in sorted(p for p in examples.iterdir() if p.is_dir()):
        for path in iter_files(team):
            try:
                load_file(path)
                report.counts["example_file"] += 1
            except IngestionError as exc:
                report.fail(path, exc.problem)


def _check_references(root: Path, report: CorpusReport) -> None:
    """Practice `related` and risk `related_practices` must name existing practices."""
    practices = set(report.ids.get("practice", {}))
    if not practices:
        return
    for kind, key in (("practice", "related"), ("risk", "related_practices")):
        for card_id, source in report.ids.get(kind, {}).items():
            path = Path(source)
            data = _front_matter(path)[0] if path.suffix == ".md" else _yaml(path)
            unknown = sorted(set(data.get(key) or []) - practices)
            if unknown:
                report.fail(path, f"{key}: unknown practice id(s) {', '.join(unknown)} in {card_id}")


def _check_detectors(root: Path, report: CorpusReport) -> None:
    """Every detector a risk card names exists and every detector raises some card; each lint
    rule points at one risk card at most (so one finding is never reported twice)."""
    declared: dict[str, list[str]] = {}
    claimed: dict[str, list[str]] = {}
    for card_id, source in report.ids.get("risk", {}).items():
        data = _yaml(Path(source)).get("signals") or {}
        for name in data.get("detectors") or []:
            declared.setdefault(name, []).append(card_id)
        for rule in data.get("lint") or []:
            claimed.setdefault(rule, []).append(card_id)
    if not report.ids.get("risk"):
        return
    for name in sorted(set(declared) - set(DETECTORS)):
        report.fail(root / "risks", f"detector {name!r} named by {', '.join(declared[name])} does not exist")
    for name in sorted(set(DETECTORS) - set(declared)):
        report.fail(root / "risks", f"detector {name!r} is declared on no risk card, so it never raises one")
    for rule, cards in sorted(claimed.items()):
        if len(cards) > 1:
            report.fail(root / "risks", f"lint rule {rule!r} points at several risk cards: {', '.join(sorted(cards))}")
