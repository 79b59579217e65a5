"""Ideas that fit any team (issue 14): key results for objectives from many kinds of team outside
software (`kr_objectives.yaml`) and career questions for people's dilemmas
(`career_dilemmas.yaml`), scored by the pure functions in `evals/ideas.py`, plus every
skill's common checks. Practice situations are the `practices` suite
(`evals/suites/practice_situations.py`)."""

from __future__ import annotations

from evals.env import Env
from evals.harness import Case, Evaluator, Score, Suite
from evals.ideas import CareerCase, ObjectiveCase, score_career, score_ideas
from evals.suites.common import SkillRun, ask, common_evaluators, load_cases, outcome, view, warm


def _objectives() -> list[Case[ObjectiveCase]]:
    return load_cases("kr_objectives.yaml", ObjectiveCase)


def _careers() -> list[Case[CareerCase]]:
    return load_cases("career_dilemmas.yaml", CareerCase)


def _ask_objective(case: ObjectiveCase, env: Env) -> SkillRun:
    return ask(env, "key-results", {"objective": case.objective, "timeframe": case.timeframe})


def _ask_career(case: CareerCase, env: Env) -> SkillRun:
    return ask(env, "career", {"about": case.about})


def _idea_metric(name: str) -> Evaluator[ObjectiveCase, SkillRun]:
    def evaluate(case: ObjectiveCase, run: SkillRun) -> Score:
        value = score_ideas(run.response.items, case)[name]
        good = value <= 0.2 if name == "off_domain" else value >= 0.5
        return Score(value, f"{name} {value:.2f} over {len(run.response.items)} ideas", ok=good)
    return evaluate


def _career_metric(name: str) -> Evaluator[CareerCase, SkillRun]:
    def evaluate(case: CareerCase, run: SkillRun) -> Score:
        if name == "dilemma_coverage" and not case.dilemmas:
            return Score(None, "no dilemma to cover")
        value = score_career([i.prompt for i in run.response.items], case)[name]
        good = value == 0.0 if name == "false_raise" else value >= 0.5
        return Score(value, f"{name} {value:.2f}", ok=good)
    return evaluate


KEY_RESULTS: Suite[ObjectiveCase, SkillRun] = Suite(
    "key-results-any-team", "Key-result ideas for objectives from many kinds of team outside software",
    _objectives, _ask_objective,
    {**common_evaluators(), **{m: _idea_metric(m) for m in ("on_topic", "off_domain", "hit@3")}},
    view, outcome=outcome, prepare=warm,
    notes=("Labels name the measures a coach would accept (pattern ids from any domain file, and "
           "measure shapes), not the domain file the ranker reads.",))
CAREER: Suite[CareerCase, SkillRun] = Suite(
    "career-dilemmas", "Career questions for 15 people's dilemmas, relocation only when they speak of moving",
    _careers, _ask_career,
    {**common_evaluators(), **{m: _career_metric(m) for m in ("dilemma_coverage", "false_raise")}},
    view, outcome=outcome, prepare=warm)
