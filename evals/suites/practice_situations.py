"""Practices judged on situations: hit@3 and precision@3 against what a coach would accept for
the key result and its context (`evals/datasets/practice_situations.yaml`, 66 situations from
teams of many kinds, half best served by an imported Open Practice Library page), plus every
skill's common checks. The labels name practices by what fits, never by the cards' state tags.

It runs on the built-in practice cards with the Open Practice Library imported beside them,
so it needs ../shared/opl (not shipped with coach); without it the suite is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evals.env import SHARED, Env
from evals.harness import Case, Evaluator, Score, Suite, ratio
from evals.ideas import PracticeCase, most_common_share
from evals.suites.common import SkillRun, ask, common_evaluators, load_cases, outcome, view

OPL = SHARED / "opl" / "practice"


def load() -> list[Case[PracticeCase]]:
    """The labelled situations."""
    return load_cases("practice_situations.yaml", PracticeCase)


def run(case: PracticeCase, env: Env) -> SkillRun:
    """Ask for three practices for the key result, its state and its context."""
    request: dict[str, Any] = {"key_result": case.key_result}
    request |= {k: v for k, v in (("state", case.state), ("context", case.context)) if v}
    return ask(env, "practices", request, coach=env.practice_coach)


def _picked(run: SkillRun) -> list[str]:
    return [item.practice_id for item in run.response.items[:3]]


def hit_at_3(case: PracticeCase, run: SkillRun) -> Score:
    """1 when at least one of the three suggestions fits the situation."""
    picked = _picked(run)
    hit = any(p in case.acceptable for p in picked)
    return Score(1.0 if hit else 0.0, f"suggested {picked}; a coach accepts {case.acceptable}", ok=hit)


def precision_at_3(case: PracticeCase, run: SkillRun) -> Score:
    """Share of the three suggestions that fit the situation."""
    picked = _picked(run)
    return ratio(sum(p in case.acceptable for p in picked), len(picked), "suggestions a coach accepts",
                 floor=0.0)


def opl_hit_at_3(case: PracticeCase, run: SkillRun) -> Score:
    """Where an imported page serves the situation best: an accepted imported page is among the three."""
    if not case.best_from_opl:
        return Score(None, "a built-in card serves this situation as well")
    imported = [item.practice_id for item in run.response.items[:3] if "/opl/" in item.source]
    hit = any(p in case.acceptable for p in imported)
    return Score(1.0 if hit else 0.0, f"imported pages suggested: {imported or 'none'}", ok=hit)


def summary(answers: Sequence[tuple[PracticeCase, SkillRun]]) -> dict[str, float]:
    """The share of answers the most frequent practice appears in (no general card in most)."""
    return {"top_card_share": most_common_share([_picked(run) for _, run in answers])[1]}


def unavailable() -> str | None:
    """Why the suite cannot run here, or None."""
    if OPL.is_dir():
        return None
    return (f"{OPL} is absent: the situations are labelled over the built-in cards and the Open "
            "Practice Library, which lives beside the checkout and is not shipped with coach")


def evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """Common checks plus hit@3, precision@3 and imported-page hit@3."""
    return {**common_evaluators(), "hit@3": hit_at_3, "precision@3": precision_at_3, "opl_hit@3": opl_hit_at_3}


SUITE: Suite[PracticeCase, SkillRun] = Suite(
    "practices", "Three practices for 66 situations from many kinds of teams, judged against what "
    "fits the situation (built-in cards and the imported Open Practice Library)",
    load, run, evaluators(), view, outcome=outcome, unavailable=unavailable,
    prepare=lambda env: env.practice_coach, summary=summary,
    notes=("Labels say what fits the key result and its context, written without looking at the "
           "cards' state tags (issue 14); they replace the card-derived labels of practices-card-tags.",))
