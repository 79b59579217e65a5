"""Label refinements where plain words are surer than the classifier."""

from __future__ import annotations

import pytest

from coach.meetings.phrases import People
from coach.meetings.refine import refine
from coach.meetings.work import hands_out_work
from coach.transcripts import Turn


def refined(text: str, *labels: str) -> set[str]:
    return set(refine([Turn("Ana", text, None, None, 1)], [frozenset(labels)])[0])  # type: ignore[arg-type]


def test_a_consensus_check_closes_a_decision_and_is_not_a_question() -> None:
    assert refined("The mat gets replaced today. Everyone okay with that?", "question") == {"decision"}
    assert refined("Why is the package late?") == {"question"}
    assert refined("That works, right?") == set()


def test_explicit_commitments_are_actions() -> None:
    assert "action" in refined("Someone should ring pharmacy about the meds.")
    assert "action" in refined("I'll send the reminder by Friday.")
    assert "action" not in refined("The agency has nobody until Monday.")


def test_gaming_needs_counted_words_and_wellbeing_needs_load_words() -> None:
    assert "metric_gaming" in refined("Count staged loads as dispatched.", "metric_gaming")
    assert "metric_gaming" not in refined("The team leaders can run the briefing.", "metric_gaming")
    assert "wellbeing" in refined("I've worked every weekend this month.", "wellbeing")
    assert "wellbeing" not in refined("My partner and I are thinking about a barn.", "wellbeing")


def test_an_action_label_needs_words_that_give_someone_work() -> None:
    assert "action" not in refined("Great. Thank you, Ana, this was exactly the change we hoped for.", "action")
    assert "action" not in refined("Thanks. Okay, I think that's all for today.", "action")
    assert "action" in refined("Put the request time in the copy.", "action")
    assert "action" in refined("Lucia, take 20 of the essays.", "action")
    assert "action" in refined("Pilot offer by Friday, then we decide.", "action")


def test_a_turn_that_ends_by_asking_opens_a_topic_rather_than_deciding() -> None:
    assert "decision" not in refined("Lovely. Okay, let's get back to it. Anything else on the appeal?", "decision")
    assert "decision" in refined("We go with the banner. Who can set it up?", "decision")
    assert "decision" in refined("Glassware goes to ground level. Ana, you'll do the moves tonight?", "decision")


def test_gaming_proposes_a_change_to_what_counts_rather_than_reporting_a_figure() -> None:
    report = "Attendance went from 12 to almost everyone. The quiz scores are up too, from 48 to 61."
    assert "metric_gaming" not in refined(report, "metric_gaming")
    assert "metric_gaming" in refined("We could weigh the bins after the compost goes out. Looks better.",
                                      "metric_gaming")


@pytest.mark.parametrize(("text", "work"), [
    ("Yes, I do Tuesday and Thursday evening.", True), ("I post the jobs on the student board today.", True),
    ("Yes, today I move them.", True), ("I went there on Tuesday.", False),
    ("I think Friday is fine.", False), ("We ran 48 plates in November.", False)])
def test_present_tense_work_with_a_date_is_taken_on(text: str, work: bool) -> None:
    assert hands_out_work(text, People(["Finn", "Ana"])) is work
