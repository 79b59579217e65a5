"""Practices on the older card-derived labels (`evals/datasets/practices.yaml`): SECONDARY.

Those labels came from the cards' state tags, the field the ranker once sorted on, so hit@3 and
precision@3 here are circular and are reported for comparison only, never gated. The gated
practices figures are the `practices` suite's, on situation labels
(`evals/suites/practice_situations.py`). Its common checks (schema, citations, grounding) stay
gated: they do not depend on the labels."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from coach.cards import KrState
from evals.env import Env
from evals.harness import Case, Evaluator, Score, Suite, ratio
from evals.suites.common import SkillRun, ask, common_evaluators, load_cases, outcome, view, warm


class PracticesCase(BaseModel):
    """A key result, optionally its state and context, and the practices that fit."""

    id: str
    key_result: str
    state: KrState | None = None
    context: str | None = None
    team: str | None = None
    acceptable: list[str] = Field(min_length=1)


def load() -> list[Case[PracticesCase]]:
    """The labelled practice situations."""
    return load_cases("practices.yaml", PracticesCase)


def run(case: PracticesCase, env: Env) -> SkillRun:
    """Ask for three practices."""
    request: dict[str, Any] = {"key_result": case.key_result}
    request |= {k: v for k, v in (("state", case.state), ("context", case.context)) if v}
    return ask(env, "practices", request, case.team)


def _accepted(case: PracticesCase, run: SkillRun) -> list[bool]:
    return [item.practice_id in case.acceptable for item in run.response.items[:3]]


def hit_at_3(case: PracticesCase, run: SkillRun) -> Score:
    """1 when at least one of the three suggestions fits."""
    accepted = _accepted(case, run)
    picked = [item.practice_id for item in run.response.items[:3]]
    return Score(1.0 if any(accepted) else 0.0, f"suggested {picked}; a coach accepts "
                 f"{case.acceptable}", ok=any(accepted))


def precision_at_3(case: PracticesCase, run: SkillRun) -> Score:
    """Share of the three suggestions that fit."""
    accepted = _accepted(case, run)
    return ratio(sum(accepted), len(accepted), "suggestions a coach accepts", floor=0.0)


def evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """Common checks plus hit@3 and precision@3."""
    return {**common_evaluators(), "hit@3": hit_at_3, "precision@3": precision_at_3}


SUITE: Suite[PracticesCase, SkillRun] = Suite(
    "practices-card-tags", "Secondary: three practices per key result on the older labels derived "
    "from card state tags (circular; hit@3 and precision@3 not gated)",
    load, run, evaluators(), view, outcome=outcome, prepare=warm,
    notes=("Secondary: the labels of practices.yaml were derived from the cards' state tags, so "
           "hit@3 and precision@3 here are circular and not gated; the `practices` suite judges "
           "the same skill on situation labels.",))
