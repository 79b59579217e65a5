"""Label refinements where plain words are surer than the classifier."""

from __future__ import annotations

from coach.meetings.refine import refine
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
