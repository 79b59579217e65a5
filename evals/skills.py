"""Skill quality on labelled cases: are the ideas on topic, and would a coach accept them?

key-results: domain precision (share of the suggested ideas drawn from the expected domains)
and good-pattern recall@10 (share of the clearly good measures that were suggested).
practices: precision@3 (share of the three suggestions a coach would accept) and hit@3.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import mean

import yaml
from pydantic import BaseModel, Field

from coach.cards import KrPatternFile, KrState
from coach.retrieval.ranking import tokenize
from coach.service import Coach

DATASETS = Path(__file__).parent / "datasets"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


class KeyResultCase(BaseModel):
    """An objective and the domains / patterns good suggestions come from."""

    id: str
    objective: str
    domains: list[str] = Field(min_length=1)
    good_patterns: list[str] = Field(min_length=1)


class PracticeCase(BaseModel):
    """A key result in a state and the practices a coach would accept."""

    id: str
    key_result: str
    state: KrState
    acceptable: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class SkillScores:
    """Mean scores of one skill over its cases."""

    skill: str
    cases: int
    scores: dict[str, float]


def _cases(name: str) -> list[dict[str, object]]:
    data = yaml.safe_load((DATASETS / f"{name}.yaml").read_text(encoding="utf-8"))
    cases: list[dict[str, object]] = data["cases"]
    return cases


def _metric_of_pattern() -> dict[str, tuple[str, str]]:
    """Pattern id → (normalised metric name, domain file stem)."""
    found = {}
    for path in (CORPUS / "kr-patterns").glob("*.yaml"):
        card = KrPatternFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for pattern in card.patterns:
            found[pattern.id] = (" ".join(tokenize(pattern.metric)), path.stem)
    return found


def evaluate_key_results(coach: Coach) -> SkillScores:
    """Domain precision and good-pattern recall@10."""
    patterns = _metric_of_pattern()
    precision, recall = [], []
    for raw in _cases("key_results"):
        case = KeyResultCase.model_validate(raw)
        items = coach.suggest("key-results", {"objective": case.objective}).items
        domains = [Path(item.citations[0].source).stem for item in items]
        precision.append(sum(d in case.domains for d in domains) / max(len(domains), 1))
        metrics = {" ".join(tokenize(item.metric)) for item in items}
        recall.append(sum(patterns[p][0] in metrics for p in case.good_patterns) / len(case.good_patterns))
    return SkillScores("key-results", len(precision),
                       {"domain_precision": mean(precision), "good_recall@10": mean(recall)})


def evaluate_practices(coach: Coach) -> SkillScores:
    """precision@3 and hit@3 against the practices a coach would accept."""
    precision, hits = [], []
    for raw in _cases("practices"):
        case = PracticeCase.model_validate(raw)
        items = coach.suggest("practices", {"key_result": case.key_result, "state": case.state}).items
        accepted = [item.practice_id in case.acceptable for item in items]
        precision.append(sum(accepted) / max(len(accepted), 1))
        hits.append(1.0 if any(accepted) else 0.0)
    return SkillScores("practices", len(precision), {"precision@3": mean(precision), "hit@3": mean(hits)})


def table(results: list[SkillScores]) -> str:
    """Plain-text table."""
    lines = [f"{'skill':<12} {'cases':>5}  scores"]
    for result in results:
        scores = ", ".join(f"{k} {v:.3f}" for k, v in result.scores.items())
        lines.append(f"{result.skill:<12} {result.cases:>5}  {scores}")
    return "\n".join(lines)
