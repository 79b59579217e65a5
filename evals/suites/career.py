"""Career questions: open-question share, horizon coverage, leading questions, dilemma
coverage and personal-data leaks (which must be 0), plus every skill's common checks
(`evals/datasets/career_contexts.yaml`)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from evals.env import Env
from evals.harness import Case, Evaluator, Score, Suite, ratio
from evals.suites.common import SkillRun, ask, common_evaluators, load_cases, outcome, view, warm

# Written here rather than imported from the skill, so the eval does not share the composer's
# own notion of an open question.
_CLOSED = ("is ", "are ", "do ", "does ", "did ", "have ", "has ", "can ", "could ", "will ",
           "would ", "should ", "shall ", "may ", "might ", "must ", "was ", "were ", "am ")
_LEADING = re.compile(r"\b(?:don't you|wouldn't you|surely|obviously|isn't it|aren't you|right\?"
                      r"|you agree|clearly|of course)(?!\w)", re.IGNORECASE)
HORIZONS = ("past", "present", "1y", "5y", "10y+")


class CareerCase(BaseModel):
    """What a manager noted, the person's dilemmas with cue words, and private details."""

    id: str
    about: str
    dilemmas: dict[str, list[str]] = Field(default_factory=dict)
    private: list[str] = Field(default_factory=list)


def load() -> list[Case[CareerCase]]:
    """The labelled contexts."""
    return load_cases("career_contexts.yaml", CareerCase)


def run(case: CareerCase, env: Env) -> SkillRun:
    """Ask for a conversation series."""
    return ask(env, "career", {"about": case.about})


def _texts(run: SkillRun) -> list[str]:
    return [" ".join(filter(None, (i.prompt, i.follow_up))) for i in run.response.items]


def open_share(case: CareerCase, run: SkillRun) -> Score:
    """Share of questions that are open: end with '?' and do not invite a yes or no."""
    prompts = [i.prompt.strip() for i in run.response.items]
    good = [p for p in prompts if p.endswith("?") and not p.lower().startswith(_CLOSED)]
    return ratio(len(good), len(prompts), "open questions")


def not_leading(case: CareerCase, run: SkillRun) -> Score:
    """Share of questions with no leading phrasing."""
    prompts = [i.prompt.lower() for i in run.response.items]
    leading = [p for p in prompts if _LEADING.search(p)]
    score = ratio(len(prompts) - len(leading), len(prompts), "questions without leading phrasing")
    return Score(score.value, f"{score.reason}; leading: {leading[:2]}" if leading else score.reason, score.ok)


def horizons(case: CareerCase, run: SkillRun) -> Score:
    """Share of the five horizons (past, present, 1, 5, 10+ years) the series covers; ok at 3."""
    covered = sorted({i.horizon for i in run.response.items})
    return Score(len(covered) / len(HORIZONS), f"covers {covered}", ok=len(covered) >= 3)


def dilemma_coverage(case: CareerCase, run: SkillRun) -> Score:
    """Share of the person's dilemmas that at least one question explores."""
    if not case.dilemmas:
        return Score(None, "no dilemmas labelled")
    text = " ".join(_texts(run)).lower()
    covered = [name for name, cues in case.dilemmas.items() if any(cue in text for cue in cues)]
    missed = sorted(set(case.dilemmas) - set(covered))
    score = ratio(len(covered), len(case.dilemmas), "dilemmas explored", floor=1.0)
    return Score(score.value, f"{score.reason}; missed {missed}" if missed else score.reason, score.ok)


def leaks(case: CareerCase, run: SkillRun) -> Score:
    """Personal details from the notes that reach a question (must be 0)."""
    text = " ".join(_texts(run)).lower()
    found = [p for p in case.private if p.lower() in text]
    return Score(float(len(found)), f"leaked {found}" if found else "no personal detail in any question",
                 ok=not found)


def evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """Common checks plus the career ones."""
    return {**common_evaluators(), "open_questions": open_share, "not_leading": not_leading,
            "horizons": horizons, "dilemma_coverage": dilemma_coverage, "personal_data_leaks": leaks}


SUITE: Suite[CareerCase, SkillRun] = Suite(
    "career", "A career-conversation series per context: open, across horizons, on the person's dilemmas",
    load, run, evaluators(), view, outcome=outcome, prepare=warm)
