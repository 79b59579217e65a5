"""Experiments: a testable hypothesis (the metric named, a keep/stop/scale rule), evidence quoted
from a cited source, and cards a coach accepts for key results of many kinds of teams, plus
every skill's common checks (`evals/datasets/experiments.yaml`; pure checks in evals/experiments.py)."""

from __future__ import annotations

from typing import Any

from evals.env import Env
from evals.experiments import ExperimentCase, is_grounded, is_testable
from evals.harness import Case, Evaluator, Score, Suite, ratio
from evals.suites.common import SkillRun, ask, common_evaluators, load_cases, outcome, view, warm


def load() -> list[Case[ExperimentCase]]:
    """The labelled key results."""
    return load_cases("experiments.yaml", ExperimentCase)


def run(case: ExperimentCase, env: Env) -> SkillRun:
    """Ask for three experiments."""
    request: dict[str, Any] = {"key_result": case.key_result}
    request |= {k: v for k, v in (("state", case.state), ("context", case.context)) if v}
    return ask(env, "experiments", request)


def _items(run: SkillRun) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json") for item in run.response.items]


def testable(case: ExperimentCase, run: SkillRun) -> Score:
    """Share of hypotheses that name the metric and come with a keep/stop/scale rule."""
    verdicts = [is_testable(item, case.metric) for item in _items(run)]
    score = ratio(sum(ok for ok, _ in verdicts), len(verdicts), "testable hypotheses")
    reasons = [why for ok, why in verdicts if not ok]
    return Score(score.value, score.reason + (f" ({reasons[0]})" if reasons else ""), ok=score.ok)


def evidence_cited(case: ExperimentCase, run: SkillRun) -> Score:
    """Share of items whose quoted evidence is found in a cited chunk or the team's context."""
    def text(chunk_id: str) -> str | None:
        found = run.retrieved.get(chunk_id)
        return found.text if found else None

    verdicts = [is_grounded(item, text, case.context) for item in _items(run)]
    return ratio(sum(ok for ok, _ in verdicts), len(verdicts), "items with cited evidence")


def on_topic(case: ExperimentCase, run: SkillRun) -> Score:
    """Share of experiments built on a card a coach accepts for this key result."""
    picked = [item.get("practice_id") for item in _items(run)]
    score = ratio(sum(p in case.acceptable for p in picked), len(picked), "accepted cards", floor=0.0)
    return Score(score.value, f"{score.reason}: {picked} ({case.team_kind})", ok=score.ok)


def three_to_five(case: ExperimentCase, run: SkillRun) -> Score:
    """1 when 3–5 experiments came back."""
    count = len(run.response.items)
    return Score(1.0 if 3 <= count <= 5 else 0.0, f"{count} experiments", ok=3 <= count <= 5)


def evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """Common checks plus testable, evidence, on-topic and count."""
    return {**common_evaluators(), "testable": testable, "evidence_cited": evidence_cited,
            "on_topic": on_topic, "three_to_five": three_to_five}


SUITE: Suite[ExperimentCase, SkillRun] = Suite(
    "experiments", "Three experiments per key result from many kinds of teams",
    load, run, evaluators(), view, outcome=outcome, prepare=warm)
