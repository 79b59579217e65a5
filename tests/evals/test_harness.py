"""The eval harness: metrics per split, tallies, thresholds, the baseline's pass→fail list."""

from __future__ import annotations

from typing import Any

import pytest

from evals.env import ROOT, Env
from evals.gate import Breach, baseline_of, breaches, pass_to_fail
from evals.harness import Case, CaseView, Score, Suite, Tally, matched, ratio
from evals.runner import problem_kind, run_suite


def _suite(values: dict[str, tuple[str, float, set[str], set[str]]]) -> Suite[Any, Any]:
    """A suite over literal cases: id → (split, value, found, expected)."""
    cases = [Case(cid, split, (value, found, expected))  # type: ignore[arg-type]
             for cid, (split, value, found, expected) in values.items()]
    return Suite(
        "toy", "a toy suite", lambda: cases, lambda data, env: data,
        {"value": lambda data, out: Score(out[0], "given", ok=out[0] >= 0.5),
         "match": lambda data, out: matched(out[1], out[2], "things")},
        lambda data, out: CaseView(data, out))


TOY = {"a": ("tune", 1.0, {"x"}, {"x"}), "b": ("tune", 0.0, {"x", "y"}, {"x"}),
       "c": ("heldout", 0.5, set(), {"z"})}


def test_metrics_per_split_with_micro_precision_and_recall() -> None:
    result = run_suite(_suite(TOY), Env())
    assert result.counts == {"tune": 2, "heldout": 1}
    assert result.metrics["tune"]["value"] == 0.5 and result.metrics["heldout"]["value"] == 0.5
    # tune: tp 2, fp 1, fn 0; heldout: tp 0, fp 0, fn 1; all: tp 2, fp 1, fn 1
    assert result.metrics["tune"]["match.precision"] == pytest.approx(2 / 3)
    assert result.metrics["tune"]["match.recall"] == 1.0
    assert result.metrics["heldout"]["match.recall"] == 0.0
    assert result.metrics["all"]["match.recall"] == pytest.approx(2 / 3)
    assert result.metrics["all"]["case_pass_rate"] == pytest.approx(1 / 3)
    assert [c.id for c in result.cases if c.ok] == ["a"]


def test_a_suite_summary_is_computed_over_each_splits_answers() -> None:
    """Metrics over answers taken together (one card in most answers) join the per-case means."""
    from dataclasses import replace

    suite = replace(_suite(TOY), summary=lambda answers: {"answers": float(len(answers))})
    result = run_suite(suite, Env())
    assert [result.metrics[s]["answers"] for s in ("tune", "heldout", "all")] == [2.0, 1.0, 3.0]


def test_nothing_expected_and_nothing_found_is_not_scored() -> None:
    score = matched(set(), set(), "findings")
    assert score.value is None and score.ok and score.tally == Tally()
    assert ratio(0, 0, "items").value is None
    assert ratio(1, 4, "items", floor=0.5).ok is False


def test_breaches_floors_ceilings_and_missing_metrics() -> None:
    result = run_suite(_suite(TOY), Env())
    limits = {"toy": {"all": {"value": 0.6, "match.recall": 0.5, "nonexistent": 0.1},
                      "tune": {"latency_p95_ms": {"max": 0.0}}}}
    found = {(b.split, b.metric, b.bound) for b in breaches([result], limits)}
    assert found == {("all", "value", "min"), ("all", "nonexistent", "min"),
                     ("tune", "latency_p95_ms", "max")}
    assert str(Breach("toy", "all", "value", 0.5, 0.6, "min")) == "toy [all] value 0.500 < 0.6"


def test_pass_to_fail_lists_cases_that_passed_in_the_baseline() -> None:
    before = run_suite(_suite({**TOY, "b": ("tune", 1.0, {"x"}, {"x"})}), Env())
    after = run_suite(_suite(TOY), Env())
    regressions = pass_to_fail([after], baseline_of([before]))
    assert [(r.case, r.reasons[0].split(":")[0]) for r in regressions] == [("b", "value")]


def test_unavailable_suites_are_skipped_with_the_reason() -> None:
    suite = _suite(TOY)
    skipped = Suite(suite.name, suite.description, suite.load, suite.run, suite.evaluators,
                    suite.view, unavailable=lambda: "../shared absent")
    result = run_suite(skipped, Env())
    assert result.skipped == "../shared absent" and result.cases == []
    assert breaches([result], {"toy": {"all": {"value": 1.0}}}) == []


@pytest.mark.parametrize("problem, kind", [
    ("item 2 text has number(s) ['40'] found in no source: use the request", "invented number"),
    ("item 1 cites 'abc', which was not retrieved", "citation"),
    ("openai:m returned invalid JSON: Field required", "schema"),
    ("openai:m timed out after 30 s", "timeout"),
    ("openai:m returned invalid JSON: the answer reached the output limit of 512 tokens before it was "
     "complete; raise COACH_LLM_MAX_TOKENS or COACH_LLM_CONTEXT", "output cap"),
    ("the answer lists no items, but the material supports some: give the suggestions", "empty answer"),
    # Endpoint failures quote the server, whose words mention JSON and schemas: not a schema problem.
    ('openai:m at http://h/v1 accepted no structured-output mode (json_schema → HTTP 500 "Input should '
     "be 'text' or 'json_object'\"); set COACH_LLM_STRUCTURED", "backend"),
    ('openai:m at http://h/v1: the prompt is longer than the model\'s context window (HTTP 400 "This '
     "model's maximum context length is 4096 tokens\"); set COACH_LLM_CONTEXT=4096", "context"),
    ("cannot reach http://h/v1 (json decode); check OPENAI_BASE_URL", "backend"),
])
def test_problem_kinds(problem: str, kind: str) -> None:
    assert problem_kind(problem) == kind


def test_datasets_have_splits_and_unique_ids() -> None:
    from evals.registry import SUITES

    for suite in SUITES.values():
        cases = suite.load()
        assert len({c.id for c in cases}) == len(cases), suite.name
        assert {c.split for c in cases} <= {"tune", "heldout"}


def test_okr_sets_are_many_kinds_of_teams_with_a_held_out_split() -> None:
    from evals.suites.lint_risks import RULES, load

    cases = load()
    assert len(cases) >= 15 and len({c.data.kind for c in cases}) >= 12
    assert sum(c.split == "heldout" for c in cases) >= 5
    labelled = {f.split(":")[1] for c in cases for f in c.data.findings}
    assert labelled <= set(RULES)
    assert (ROOT / "evals/datasets/okr_sets.yaml").read_text(encoding="utf-8").startswith("description:")
