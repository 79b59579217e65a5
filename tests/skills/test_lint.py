"""Key result lint: every rule flags what it should and leaves well-formed key results alone."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, get_args

import pytest
import yaml

from coach.cards import LintRule
from coach.okr import KeyResult, Objective, OkrSet
from coach.skills.lint import (
    OBJECTIVE_RULES,
    RULES,
    SEVERITY,
    KeyResultContext,
    LintFinding,
    activity_wording,
    binary_kr,
    lint_key_result,
    lint_objective,
    lint_okrs,
    maintain_wording,
    missing_baseline,
    missing_date,
    missing_metric,
    missing_target,
    rewrite_key_result,
    target_tied_to_pay,
    too_few_krs,
    too_many_krs,
)
from tests.conftest import CORPUS

WHERE = KeyResultContext("O1", "KR1.1")
CYCLE_END = date(2026, 12, 31)
GOOD_TEXT = "Increase activation rate from 30% to 45% by 2026-12-31"
GOOD = KeyResult(text=GOOD_TEXT, metric="activation rate", unit="%", direction="increase",
                 baseline=30, target=45, due=CYCLE_END)


def kr(text: str, **fields: Any) -> KeyResult:
    """A key result with only the given fields."""
    return KeyResult(text=text, **fields)


def objective(count: int) -> Objective:
    """An objective with `count` well-formed key results."""
    return Objective(title="Make onboarding effortless", key_results=[GOOD] * count)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def _source_numbers(key_result: KeyResult, cycle_end: date | None) -> set[str]:
    values = [key_result.baseline, key_result.target]
    parts = [key_result.text, key_result.metric or "", key_result.unit or "",
             *(format(v, ".12g") for v in values if v is not None),
             key_result.due.isoformat() if key_result.due else "",
             cycle_end.isoformat() if cycle_end else ""]
    return _numbers(" ".join(parts))


def test_well_formed_key_result_has_no_findings() -> None:
    assert lint_key_result(GOOD, objective_id="O1", kr_id="KR1.1") == []


def test_text_alone_can_carry_baseline_target_and_date() -> None:
    assert lint_key_result(kr(GOOD_TEXT), objective_id="O1", kr_id="KR1.1") == []


@pytest.mark.parametrize("text, verb", [
    ("Launch the new onboarding flow", "Launch"),
    ("launched the pricing page", "launched"),
    ("Hold weekly reliability reviews", "Hold weekly reliability reviews"),
    ("Roll out single sign-on to enterprise accounts", "Roll out"),
    ("100% of services migrated to the new deploy pipeline", "migrated"),
    ("Help the support team with the new ticket tool", "Help"),
    ("Write runbooks for the ten noisiest alerts", "Write"),
    ("Weekly repair huddles held", "held"),  # a deed reported, whichever word comes first
    ("New rota published", "published"),
    ("All staff trained", "trained"),
])
def test_activity_wording_flags_work_to_do(text: str, verb: str) -> None:
    finding = activity_wording(kr(text), WHERE)
    assert finding is not None
    assert finding.rule == "activity_wording" and finding.severity == "warning"
    assert f"'{verb}'" in finding.message


@pytest.mark.parametrize("text, fields", [
    (GOOD_TEXT, {}),
    ("Increase activation rate from 30% to 45% after we launch the onboarding flow", {}),
    ("Reduce platform support tickets from 60 to 35 per month", {}),
    ("Reduce document review time", {"metric": "review time"}),
    ("Run the checkout without errors", {}),
    ("Waiting times reduced from 40 to 25 minutes", {}),
    ("NPS held above 40", {}),
    ("Complaints fell to 10 a month", {}),
])
def test_activity_wording_leaves_outcomes_alone(text: str, fields: dict[str, Any]) -> None:
    assert activity_wording(kr(text, **fields), WHERE) is None


def test_missing_metric() -> None:
    finding = missing_metric(kr("Implement feature flags"), WHERE)
    assert finding is not None and finding.severity == "error"
    assert "'Implement feature flags'" in finding.message
    assert missing_metric(kr("Implement feature flags", metric="flagged releases"), WHERE) is None
    assert missing_metric(kr("Raise NPS to 40"), WHERE) is None
    assert missing_metric(kr("Improve the checkout conversion rate"), WHERE) is None


def test_missing_baseline() -> None:
    finding = missing_baseline(kr("Increase week-1 activation rate to 45%"), WHERE)
    assert finding is not None and finding.rule == "missing_baseline"
    assert "baseline unknown — measure it first" in finding.suggestion
    assert missing_baseline(kr("Increase activation rate to 45%", baseline=30), WHERE) is None
    assert missing_baseline(kr("Grow revenue from $1.2M to $2M"), WHERE) is None


def test_missing_target() -> None:
    finding = missing_target(kr("Increase retention of new accounts from 38%"), WHERE)
    assert finding is not None and "target to be agreed" in finding.suggestion
    assert missing_target(kr("Increase retention from 38%", target=45), WHERE) is None
    assert missing_target(kr("Increase retention from 38% to 45%"), WHERE) is None
    assert missing_target(kr("Keep p95 latency within 300 ms"), WHERE) is None


def test_missing_date_proposes_the_cycle_end() -> None:
    text = "Cut mean time to restore from 95 to 45 minutes"
    with_cycle = missing_date(kr(text), KeyResultContext("O2", "KR2.3", CYCLE_END))
    without = missing_date(kr(text), WHERE)
    assert with_cycle is not None and without is not None
    assert with_cycle.suggestion.endswith("by 2026-12-31")
    assert without.suggestion.endswith("by [a date to agree]")
    assert (with_cycle.objective_id, with_cycle.kr_id) == ("O2", "KR2.3")


@pytest.mark.parametrize("text", [GOOD_TEXT, "Raise NPS from 20 to 30 in Q4",
                                  "Raise NPS from 20 to 30 by March",
                                  "Raise NPS from 20 to 30 by the end of the year"])
def test_missing_date_accepts_dates_in_the_text(text: str) -> None:
    assert missing_date(kr(text), WHERE) is None
    assert missing_date(kr("Raise NPS from 20 to 30", due=CYCLE_END), WHERE) is None


@pytest.mark.parametrize("text, fields", [
    ("100% of services migrated to the new deploy pipeline", {}),
    ("Complete the migration of the billing pages", {}),
    ("All services migrated to Kubernetes", {}),
    ("New checkout goes live", {}),
    ("Finish the API redesign", {}),
    ("Services migrated to the new pipeline", {"target": 100, "unit": "percent"}),
])
def test_binary_kr_is_an_initiative(text: str, fields: dict[str, Any]) -> None:
    finding = binary_kr(kr(text, due=CYCLE_END, **fields), WHERE)
    assert finding is not None and "initiative" in finding.message
    assert finding.suggestion.startswith(f"Move '{text}' to initiatives")
    assert "e.g. Raise [the outcome this should change]" in finding.suggestion


@pytest.mark.parametrize("text, fields", [
    (GOOD_TEXT, {}), ("Raise API availability to 99.9%", {}),
    ("Increase test coverage", {"target": 100, "unit": "%"}),
])
def test_binary_kr_leaves_graded_key_results_alone(text: str, fields: dict[str, Any]) -> None:
    assert binary_kr(kr(text, **fields), WHERE) is None


@pytest.mark.parametrize("text", ["Maintain 99.9% API availability", "Continue weekly demos",
                                  "Sustain the NPS of new accounts", "Maintain NPS", "Keep NPS high",
                                  "Keep response times low", "Keep response times", "Keep customers happy"])
def test_maintain_wording(text: str) -> None:
    finding = maintain_wording(kr(text), WHERE)
    assert finding is not None and finding.severity == "info"
    assert f"'{text.split()[0]}'" in finding.message


@pytest.mark.parametrize("text", ["Maintain monthly churn below 3%", "Keep p95 latency within 300 ms",
                                  GOOD_TEXT])
def test_maintain_with_a_range_is_fine(text: str) -> None:
    assert maintain_wording(kr(text), WHERE) is None


@pytest.mark.parametrize("text", ["Keep the customers we sign", "Keep our best people",
                                  "Keep the volunteers we train past their first month"])
def test_keeping_people_is_retention_not_maintenance(text: str) -> None:
    # "keep" with people or things as its object and no level after it means "do not lose them".
    assert maintain_wording(kr(text), WHERE) is None


@pytest.mark.parametrize("text, word", [
    ("Sales bonus paid when new deals rise from 25 to 40", "bonus"),
    ("Commission for reps who close 40 deals", "Commission"),
    ("Salary review depends on NPS above 40", "Salary"),
    ("Promotion for the team if churn falls below 3%", "Promotion"),
])
def test_target_tied_to_pay(text: str, word: str) -> None:
    finding = target_tied_to_pay(kr(text), WHERE)
    assert finding is not None and finding.severity == "error"
    assert f"'{word}'" in finding.message and "Decouple pay" in finding.suggestion


@pytest.mark.parametrize("text", ["Increase trial-to-paid conversion from 6% to 9%",
                                  "Increase paying customers from 100 to 150",
                                  "Reduce payment failures from 4% to 2%"])
def test_pay_words_inside_other_words_are_fine(text: str) -> None:
    assert target_tied_to_pay(kr(text), WHERE) is None


def test_too_few_krs() -> None:
    finding = too_few_krs(objective(1), "O2")
    assert finding is not None and finding.kr_id is None and finding.objective_id == "O2"
    assert "only 1 key result" in finding.message
    assert too_few_krs(objective(0), "O2") is None  # no key results at all is its own rule


def test_too_many_krs_names_the_count() -> None:
    finding = too_many_krs(objective(6), "O1")
    assert finding is not None and finding.kr_id is None
    assert "6 key results" in finding.message and "Of the 6 key results" in finding.suggestion


@pytest.mark.parametrize("count", [2, 5])
def test_two_to_five_krs_are_fine(count: int) -> None:
    assert all(rule(objective(count), "O1") is None for rule in OBJECTIVE_RULES.values())


def test_rules_cover_every_lint_rule_with_a_severity() -> None:
    assert set(RULES) == set(get_args(LintRule)) == set(SEVERITY)
    assert {r for r, s in SEVERITY.items() if s == "error"} == {
        "missing_metric", "target_tied_to_pay", "direction_contradicts_numbers"}


def test_missing_ids_are_numbered_by_position() -> None:
    okrs = OkrSet(objectives=[objective(2), Objective(title="Grow", key_results=[kr("Ship it")])])
    found = {(f.objective_id, f.kr_id, f.rule) for f in lint_okrs(okrs)}
    assert ("O2", None, "too_few_krs") in found and ("O2", "KR2.1", "activity_wording") in found
    alone = lint_objective(Objective(title="Grow", key_results=[kr("Ship it")]), objective_id="O3")
    assert {f.kr_id for f in alone} == {None, "KR3.1"}


def test_rewrite_uses_the_key_results_own_numbers() -> None:
    weekly = kr("Deploy more often", metric="deployment frequency", unit="per week",
                direction="increase", baseline=4, target=10, due=CYCLE_END)
    assert rewrite_key_result(weekly) == ("Raise deployment frequency from 4 per week to 10 per week "
                                          "by 2026-12-31")
    assert rewrite_key_result(kr("Launch X"), cycle_end=CYCLE_END) == (
        "Raise [the outcome this should change] from [baseline unknown — measure it first] to [target "
        "to be agreed] by 2026-12-31")
    assert rewrite_key_result(kr("Launch X")).endswith("by [a date to agree]")
    assert "1234.5678" in rewrite_key_result(kr("Grow", baseline=1234.5678))


@pytest.mark.parametrize("text, start", [
    ("Cut churn", "Reduce "), ("Lower p95 latency", "Reduce "), ("Maintain uptime", "Keep "),
    ("Stay within budget", "Keep "), ("Improve NPS", "Raise "),
])
def test_rewrite_infers_direction_from_words(text: str, start: str) -> None:
    assert rewrite_key_result(kr(text)).startswith(start)
    assert rewrite_key_result(kr(text, direction="increase")).startswith("Raise ")


def test_keep_within_rewrite_names_the_range() -> None:
    churn = kr("Maintain churn", metric="monthly churn", unit="percent", direction="keep-within",
               baseline=2.7, target=3, due=CYCLE_END)
    assert rewrite_key_result(churn) == "Keep monthly churn within 3% (now 2.7%) by 2026-12-31"


def _load(team: str) -> OkrSet:
    path = CORPUS / "examples" / team / "okrs.yaml"
    return OkrSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _all_example_key_results() -> list[KeyResult]:
    return [k for team in ("platform", "growth") for o in _load(team).objectives for k in o.key_results]


@pytest.mark.parametrize("cycle_end", [None, CYCLE_END])
def test_no_finding_invents_a_number(cycle_end: date | None) -> None:
    extra = [kr("Launch X"), kr("Grow", baseline=0.125, unit="ratio"), GOOD]
    for key_result in [*_all_example_key_results(), *extra]:
        allowed = _source_numbers(key_result, cycle_end)
        findings = lint_key_result(key_result, objective_id="O1", kr_id="KR1.1", cycle_end=cycle_end)
        for text in [rewrite_key_result(key_result, cycle_end=cycle_end),
                     *(f.message + " " + f.suggestion for f in findings)]:
            assert _numbers(text) <= allowed, (key_result.text, text)


PLATFORM_WEAK = {("O1", None, "too_many_krs"), ("O1", "KR1.3", "activity_wording"),
                 ("O1", "KR1.3", "missing_metric"), ("O1", "KR1.3", "missing_baseline"),
                 ("O1", "KR1.3", "missing_target"), ("O1", "KR1.4", "missing_baseline"),
                 ("O1", "KR1.5", "binary_kr"), ("O1", "KR1.6", "activity_wording"),
                 ("O1", "KR1.6", "missing_metric"), ("O2", "KR2.1", "maintain_wording"),
                 ("O2", "KR2.2", "missing_target"), ("O2", "KR2.3", "missing_date")}
GROWTH_WEAK = {("O1", None, "too_many_krs"), ("O1", "KR1.2", "activity_wording"),
               ("O1", "KR1.2", "missing_metric"), ("O1", "KR1.3", "missing_baseline"),
               ("O1", "KR1.5", "binary_kr"), ("O1", "KR1.5", "activity_wording"),
               ("O2", None, "too_few_krs"), ("O2", "KR2.1", "target_tied_to_pay"),
               ("O3", "KR3.2", "missing_target"), ("O3", "KR3.3", "missing_date")}
WELL_FORMED = {"platform": {"KR1.1", "KR1.2", "KR2.4", "KR3.1", "KR3.2", "KR3.3"},
               "growth": {"KR1.1", "KR1.4", "KR1.6", "KR3.1", "KR3.4"}}


@pytest.mark.parametrize("team, weak", [("platform", PLATFORM_WEAK), ("growth", GROWTH_WEAK)])
def test_example_okrs(team: str, weak: set[tuple[str, str | None, str]]) -> None:
    findings: list[LintFinding] = lint_okrs(_load(team), cycle_end=CYCLE_END)
    found = {(f.objective_id, f.kr_id, f.rule) for f in findings}
    assert weak <= found, weak - found
    assert [f for f in findings if f.kr_id in WELL_FORMED[team]] == []
