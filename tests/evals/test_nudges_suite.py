"""The nudges suite: its labelled check-ins, its evaluators, and a gate that fails when the analysis
cries wolf. The analysis itself is replaced here (no MiniLM); `coach eval` runs the real one."""

from __future__ import annotations

from dataclasses import replace

from coach.meetings.models import Evidence, NudgeDraft
from evals.env import Env
from evals.gate import breaches, load_thresholds
from evals.nudges import SCORED, CheckinCase
from evals.registry import SUITES
from evals.runner import run_suite
from evals.suites.nudges import SUITE, NudgeRun, all_kinds, private_stays_private


def _draft(kind: str, audience: str = "team") -> NudgeDraft:
    return NudgeDraft.model_validate({"kind": kind, "stance": "try", "text": "Try something kinder.",
                                      "evidence": [Evidence(line=1, timestamp="", speaker="Ana", text="Hi.")],
                                      "confidence": 0.6, "audience": audience})


def _exactly_right(case: CheckinCase, env: Env) -> NudgeRun:
    return NudgeRun(tuple(_draft(kind, "manager" if kind == "wellbeing" else "team") for kind in case.expected))


def _every_kind(case: CheckinCase, env: Env) -> NudgeRun:
    return NudgeRun(tuple(_draft(kind, "manager" if kind == "wellbeing" else "team") for kind in SCORED))


def test_the_suite_is_registered_with_enough_varied_check_ins() -> None:
    assert SUITES["nudges"] is SUITE
    cases = SUITE.load()
    assert len(cases) >= 12 and {c.split for c in cases} == {"tune", "heldout"}
    assert len({c.data.team for c in cases}) >= 6
    assert any(not c.data.expected for c in cases)  # a meeting with no problems, where false alarms count


def test_scores_count_false_alarms_misses_and_private_notes() -> None:
    case = next(c.data for c in SUITE.load() if c.data.expected)
    wrong = NudgeRun((_draft("off_goal"), _draft("wellbeing")))
    score = all_kinds(case, wrong)
    assert score.tally is not None and score.tally.fp >= 1 and not score.ok
    assert private_stays_private(case, wrong).value == 0.0
    assert private_stays_private(case, NudgeRun((_draft("wellbeing", "manager"),))).value == 1.0


def test_the_gate_passes_the_labels_and_fails_an_analysis_that_drafts_every_kind() -> None:
    thresholds = load_thresholds()
    right = run_suite(replace(SUITE, run=_exactly_right), Env())
    assert breaches([right], thresholds) == []
    noisy = run_suite(replace(SUITE, run=_every_kind), Env())
    failed = {(b.split, b.metric) for b in breaches([noisy], thresholds)}
    assert ("all", "nudges.precision") in failed and ("heldout", "nudges.precision") in failed
