"""Lint and risks on labelled OKR sets (`evals/datasets/okr_sets.yaml`): precision and recall
per lint rule and for the risks a coach would raise, plus every skill's common checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, Field

from coach.cards import LintRule
from coach.nlp import english
from coach.okr import OkrSet
from evals.env import ROOT, Env
from evals.harness import Case, Evaluator, Score, Split, Suite, matched, ratio
from evals.suites.common import SkillRun, ask, common_evaluators, outcome, view, warm

RULES: tuple[str, ...] = get_args(LintRule)


class LabelledRisk(BaseModel):
    """A risk card a coach would raise, and the ids in the set that are its evidence."""

    id: str
    evidence: list[str] = Field(default_factory=list)


class OkrSetCase(BaseModel):
    """An OKR set with the lint findings and risks a careful coach would raise."""

    id: str
    kind: str
    okrs: OkrSet
    findings: list[str] = Field(default_factory=list)
    risks: list[LabelledRisk] = Field(default_factory=list)


def load() -> list[Case[OkrSetCase]]:
    """Every labelled set."""
    data = yaml.safe_load((ROOT / "evals" / "datasets" / "okr_sets.yaml").read_text(encoding="utf-8"))
    cases = []
    for raw in data["sets"]:
        split: Split = raw.pop("split", "tune")
        cases.append(Case(raw["id"], split, OkrSetCase.model_validate(raw)))
    return cases


def run_lint(case: OkrSetCase, env: Env) -> SkillRun:
    """Lint the set."""
    return ask(env, "lint", {"okrs": case.okrs.model_dump(mode="json")})


def run_risks(case: OkrSetCase, env: Env) -> SkillRun:
    """A pre-mortem of the set."""
    return ask(env, "risks", {"okrs": case.okrs.model_dump(mode="json")})


def found_findings(run: SkillRun) -> set[str]:
    """"<where>:<rule>" for every finding the lint skill returned."""
    return {finding.id for item in run.response.items for finding in item.findings}


def _rule(rule: str) -> Evaluator[OkrSetCase, SkillRun]:
    def evaluate(case: OkrSetCase, run: SkillRun) -> Score:
        expected = {f for f in case.findings if f.endswith(f":{rule}")}
        return matched({f for f in found_findings(run) if f.endswith(f":{rule}")}, expected, rule)
    evaluate.__doc__ = f"Precision and recall of `{rule}` findings."
    return evaluate


def all_findings(case: OkrSetCase, run: SkillRun) -> Score:
    """Every finding against every label."""
    return matched(found_findings(run), set(case.findings), "findings")


def rewrites_drop_activity(case: OkrSetCase, run: SkillRun) -> Score:
    """No rewrite of an activity finding brings back the flagged words."""
    checked = bad = 0
    for item in run.response.items:
        for finding in item.findings:
            if finding.rule != "activity_wording":
                continue
            checked += 1
            flagged = finding.explanation.split("'")[1].lower()
            bad += flagged in finding.rewrite.lower()
    return ratio(checked - bad, checked, "activity rewrites without the flagged words")


def lint_evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """Common checks, every finding, each rule, and the rewrites."""
    return {**common_evaluators(), "findings": all_findings,
            **{f"rule.{rule}": _rule(rule) for rule in RULES},
            "rewrite_drops_activity": rewrites_drop_activity}


def risk_ids(run: SkillRun) -> list[str]:
    """The risk card each item raises (the stem of its cited corpus/risks card)."""
    ids = []
    for item in run.response.items:
        cards = [Path(c.source).stem for c in item.citations if "risks/" in c.source]
        ids.append(cards[0] if cards else item.risk)
    return ids


def risks_raised(case: OkrSetCase, run: SkillRun) -> Score:
    """The risks raised against the risks a coach would raise from this set's evidence."""
    return matched(set(risk_ids(run)), {r.id for r in case.risks}, "risks")


def no_filler(case: OkrSetCase, run: SkillRun) -> Score:
    """Share of raised risks that are labelled or carry evidence from the set itself (not only
    "closest catalogue match")."""
    labelled = {r.id for r in case.risks}
    items = run.response.items
    filler = [rid for rid, item in zip(risk_ids(run), items, strict=True) if rid not in labelled
              and all(e.startswith("Closest catalogue match") for e in item.evidence)]
    score = ratio(len(items) - len(filler), len(items), "risks with evidence or a label", floor=1.0)
    return Score(score.value, f"{score.reason}; filler: {filler}" if filler else score.reason, score.ok)


def risk_evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """Common checks, risks raised, and filler."""
    return {**common_evaluators(), "risks": risks_raised, "evidence_not_filler": no_filler}


def _warm(env: Env) -> object:
    """The index and the English parser, loaded before the first case is timed."""
    english()
    return warm(env)


LINT: Suite[OkrSetCase, SkillRun] = Suite(
    "lint", "Lint findings per rule on 17 labelled OKR sets from 16 kinds of teams",
    load, run_lint, lint_evaluators(), view, outcome=outcome, prepare=_warm)
RISKS: Suite[OkrSetCase, SkillRun] = Suite(
    "risks", "Pre-mortem risks on the same 17 OKR sets, against the risks a coach would raise",
    load, run_risks, risk_evaluators(), view, outcome=outcome, prepare=_warm)
