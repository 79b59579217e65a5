"""Key results: on-topic share, good-pattern recall, measurability, baseline honesty,
distinctness and family coverage, plus every skill's common checks.

Cases: `evals/datasets/key_results.yaml` (objectives with the expected kr-pattern domains and
clearly good patterns) and `evals/datasets/key_results_team.yaml` (objectives asked for an
example team whose metric snapshots hold the real baselines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from coach.retrieval.ranking import tokenize
from coach.skills.validators import numbers_in
from evals.env import Env
from evals.harness import Case, Evaluator, Score, Suite, ratio
from evals.skills import _metric_of_pattern
from evals.suites.common import SkillRun, ask, common_evaluators, load_cases, outcome, view, warm


class KeyResultsCase(BaseModel):
    """An objective (optionally for a team) and what good suggestions for it look like."""

    id: str
    objective: str
    team: str | None = None
    domains: list[str] = Field(default_factory=list)
    good_patterns: list[str] = Field(default_factory=list)
    # metric name as the team's metrics.csv writes it → its latest value
    team_baselines: dict[str, float] = Field(default_factory=dict)


def load() -> list[Case[KeyResultsCase]]:
    """Both datasets."""
    return load_cases("key_results.yaml", KeyResultsCase) + load_cases("key_results_team.yaml", KeyResultsCase)


def run(case: KeyResultsCase, env: Env) -> SkillRun:
    """Ask for ten ideas."""
    return ask(env, "key-results", {"objective": case.objective}, case.team)


def _norm(text: str) -> str:
    return " ".join(tokenize(text))


def _pattern_domains(run: SkillRun) -> list[str | None]:
    """The kr-pattern file each item was drawn from (None for an idea from the team's data)."""
    found = []
    for item in run.response.items:
        stems = [Path(c.source).stem for c in item.citations if "kr-patterns" in c.source]
        found.append(stems[0] if stems else None)
    return found


def on_topic(case: KeyResultsCase, run: SkillRun) -> Score:
    """Share of the ideas drawn from the domains a coach expects (team-data ideas count)."""
    if not case.domains:
        return Score(None, "no domain labels")
    domains = _pattern_domains(run)
    good = sum(d is None or d in case.domains for d in domains)
    return ratio(good, len(domains), f"ideas from {case.domains} or the team's own data", floor=0.3)


def off_domain(case: KeyResultsCase, run: SkillRun) -> Score:
    """Share of the ideas drawn from a catalogue domain the case does not expect (lower is
    better; ideas from the team's own data never count as off-domain)."""
    if not case.domains:
        return Score(None, "no domain labels")
    domains = _pattern_domains(run)
    off = sorted({d for d in domains if d is not None and d not in case.domains})
    count = sum(d is not None and d not in case.domains for d in domains)
    if not domains:
        return Score(None, "no ideas")
    return Score(count / len(domains), f"{count} of {len(domains)} ideas from {off or 'no other domain'}")


def good_recall(case: KeyResultsCase, run: SkillRun) -> Score:
    """Share of the clearly good measures that were suggested."""
    if not case.good_patterns:
        return Score(None, "no good-pattern labels")
    patterns = _metric_of_pattern()
    metrics = {_norm(item.metric) for item in run.response.items}
    hits = [p for p in case.good_patterns if patterns[p][0] in metrics]
    score = ratio(len(hits), len(case.good_patterns), "clearly good measures suggested", floor=0.3)
    return Score(score.value, f"{score.reason}: {hits}", score.ok)


def measurable(case: KeyResultsCase, run: SkillRun) -> Score:
    """Share of ideas with a metric, a direction and a timeframe."""
    items = run.response.items
    good = sum(bool(i.metric.strip()) and bool(i.direction) and bool(i.timeframe.strip()) for i in items)
    return ratio(good, len(items), "ideas with metric, direction and timeframe")


def _team_numbers(run: SkillRun) -> set[float]:
    """Every number the team's own data (metric snapshots, its OKR file) holds, as the skill
    read it for this request."""
    found: set[float] = set()
    for chunk in run.retrieved.values():
        if chunk.kind in ("metric", "okr"):
            texts = [chunk.text, *map(str, chunk.metadata.values())]
            found |= {float(n) for n in numbers_in(" ".join(texts))}
    return found


def baseline_honest(case: KeyResultsCase, run: SkillRun) -> Score:
    """Every stated baseline is a value the team's data holds; none is invented."""
    values = _team_numbers(run)
    stated = [(i.metric, i.baseline.value) for i in run.response.items if i.baseline is not None]
    invented = [f"{metric}: {value:g}" for metric, value in stated if value not in values]
    if invented:
        return Score(0.0, f"baselines in no snapshot: {invented}", ok=False)
    return Score(1.0, f"{len(stated)} baselines, all from the team's snapshots")


def baseline_used(case: KeyResultsCase, run: SkillRun) -> Score:
    """Share of the team's related metrics suggested with their real latest baseline."""
    if not case.team_baselines:
        return Score(None, "no team baselines labelled")
    stated = {(_norm(i.metric), i.baseline.value) for i in run.response.items if i.baseline is not None}
    used = [m for m, v in case.team_baselines.items() if (_norm(m), v) in stated]
    score = ratio(len(used), len(case.team_baselines), "team metrics used with their baseline", floor=0.5)
    return Score(score.value, f"{score.reason}: {used}", score.ok)


def distinct(case: KeyResultsCase, run: SkillRun) -> Score:
    """Share of ideas whose metric no earlier idea already named."""
    metrics = [_norm(i.metric) for i in run.response.items]
    return ratio(len(set(metrics)), len(metrics), "distinct metrics")


def family_coverage(case: KeyResultsCase, run: SkillRun) -> Score:
    """Distinct metric families per idea (a team-data idea is its own family)."""
    families = set()
    for item, domain in zip(run.response.items, _pattern_domains(run), strict=True):
        chunk = next((run.retrieved.get(c.chunk_id) for c in item.citations
                      if "kr-patterns" in c.source), None)
        family = chunk.metadata.get("family") if chunk is not None else None
        families.add(str(family) if family else f"{domain}:{_norm(item.metric)}")
    return ratio(len(families), len(run.response.items), "distinct metric families", floor=0.5)


def evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """Common checks plus the key-result ones."""
    return {**common_evaluators(), "on_topic": on_topic, "off_domain": off_domain,
            "good_recall@10": good_recall,
            "measurable": measurable, "baseline_honest": baseline_honest,
            "baseline_used": baseline_used, "distinct": distinct, "family_coverage": family_coverage}


SUITE: Suite[KeyResultsCase, SkillRun] = Suite(
    "key-results", "Ten ideas per objective: on topic, measurable, honest about baselines",
    load, run, evaluators(), view, outcome=outcome, prepare=warm,
    notes=("key_results.yaml was written for the software catalogue and every case was seen while "
           "tuning; the non-software objectives with held-out cases come from issue 14.",))
