"""The experiments skill: testable, cited, in the team's words, for any kind of team; both paths."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from coach.errors import ValidationError
from coach.ritual.metric import direction_of, metric_phrase
from coach.service import Coach
from coach.skills.experiments import names_metric
from tests.llm.openai_server import FakeOpenAI, answer, running

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 22)
KINDS = {
    "ward": "Cut average discharge wait on Ward 7 from 6 to 3 hours by 2027-03-31",
    "charity": "Raise the number of monthly donors from 1200 to 1500 by the end of the year",
    "warehouse": "Reduce mis-picks per 1000 orders from 4 to 2 by Q3",
    "finance": "Close the month-end books in 5 working days instead of 9 by March",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_experiments_for_any_kind_of_team(indexed: Coach, kind: str) -> None:
    response = indexed.suggest("experiments", {"key_result": KINDS[kind], "n": 4}, today=TODAY)
    assert 3 <= len(response.items) <= 4 and response.backend == "offline"
    metric = metric_phrase(KINDS[kind])
    for item in response.items:
        assert item.hypothesis.startswith("We believe ") and " because " in item.hypothesis
        assert names_metric(item.hypothesis, metric), item.hypothesis
        assert {"Keep", "stop", "scale"} <= set(item.decision_rule.replace(";", " ").split())
        assert item.citations and item.stance in ("try", "do", "consider")
        assert item.timebox and item.effort and item.test and item.signal
    assert len({i.practice_id for i in response.items}) == len(response.items)


def test_no_baseline_starts_by_measuring(indexed: Coach) -> None:
    request = {"key_result": "Answer 90% of tenant repair calls within 2 days by April", "state": "no_baseline"}
    first = indexed.suggest("experiments", request, today=TODAY).items[0]
    assert first.practice_id == "baseline-sprint"
    assert "none recorded yet" in first.signal  # an unknown start is said in words, never invented


def test_team_context_is_quoted_as_evidence(indexed: Coach) -> None:
    context = "Most new donors sign up after the spring appeal letter."
    response = indexed.suggest("experiments", {"key_result": KINDS["charity"], "context": context}, today=TODAY)
    assert 'the team notes "most new donors sign up after the spring appeal letter"' in response.items[0].hypothesis


def test_the_team_words_are_used(indexed: Coach) -> None:
    response = indexed.suggest("experiments", {"key_result": "Increase trial-to-paid conversion from 6% to 9%"},
                               "growth", today=TODAY)
    text = " ".join(i.hypothesis for i in response.items)
    assert "key result" not in text.lower() and response.terms["key_result"] == "measure"


def test_bad_requests_are_refused(indexed: Coach) -> None:
    with pytest.raises(ValidationError, match="n: Input should be less than or equal to 5"):
        indexed.suggest("experiments", {"key_result": KINDS["ward"], "n": 9})


def test_metric_and_direction_from_the_key_result_words() -> None:
    assert metric_phrase("Reduce mis-picks per 1000 orders from 4 to 2") == "mis-picks per 1000 orders"
    assert metric_phrase("Get 80% of students submitting the first assignment on time") == \
        "share of students submitting the first assignment on time"
    assert metric_phrase("Fewer than 3 patient falls per month") == "patient falls per month"
    assert metric_phrase("Close the month-end books in 5 working days instead of 9") == \
        "working days to close the month-end books"
    assert metric_phrase("Reduce the time from emergency call to ambulance dispatch from 4 to 2 minutes") == \
        "time from emergency call to ambulance dispatch"  # "from" before words belongs to the measure
    assert metric_phrase("Raise volunteers from the baseline to 40") == "volunteers"
    assert direction_of("Fewer than 3 patient falls per month") == "decrease"
    assert direction_of("Maintain monthly churn below 3%") == "keep-within"
    assert direction_of("Raise the number of monthly donors") == "increase"
    assert direction_of("Launch the new onboarding flow") is None


def _with_model(indexed: Coach, fake: FakeOpenAI) -> Coach:
    settings = indexed.settings.model_copy(update={"llm": "openai:test-model", "openai_base_url": fake.base_url})
    return Coach(settings, embedder=indexed.embedder)


def test_model_answer_is_validated_and_accepted(indexed: Coach) -> None:
    request = {"key_result": KINDS["ward"]}
    good: dict[str, Any] = indexed.suggest("experiments", request, today=TODAY, offline=True).model_dump(mode="json")
    with running(FakeOpenAI([answer(good)])) as fake:
        response = _with_model(indexed, fake).suggest("experiments", request, today=TODAY)
    assert response.backend == "openai:test-model" and response.warnings == []
    assert "average discharge wait on Ward 7" in fake.prompt_text()


def test_model_answer_breaking_the_rules_is_repaired_then_replaced(indexed: Coach) -> None:
    request = {"key_result": KINDS["ward"]}
    good: dict[str, Any] = indexed.suggest("experiments", request, today=TODAY, offline=True).model_dump(mode="json")
    bad = copy.deepcopy(good)
    bad["items"][0]["hypothesis"] = "We believe a new rota will cut waits by 37 minutes because it worked elsewhere."
    bad["items"][1]["decision_rule"] = "See how it goes."
    with running(FakeOpenAI([answer(bad), answer(bad)])) as fake:
        response = _with_model(indexed, fake).suggest("experiments", request, today=TODAY)
    repair = fake.prompt_text(1)
    assert "['37'] found in no source" in repair
    assert "does not name the metric" in repair and "keep, stop or scale" in repair
    assert response.backend == "offline" and "not usable" in response.warnings[0]


def test_time_to_metrics_keep_their_words() -> None:
    assert metric_phrase("Reduce time to hire for nurses from 70 to 45 days") == "time to hire for nurses"
    assert metric_phrase("Increase course completion rate to 70% by June") == "course completion rate"
