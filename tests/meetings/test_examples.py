"""The four example check-ins as regression cases for the whole analysis with the real classifier.

They are not the test set (that is evals/datasets/checkins, scored by evals/nudges.py); they
guard against a change that breaks what once worked on them.
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.meetings.dynamics import Moment, analyse
from coach.meetings.summary import summarise
from coach.transcripts import format_timestamp
from tests.meetings import Example, example_params, examples, goal_similarity, key_sentences, labelled

EXAMPLES = examples()
MAX_EXTRA = 3


G05, G12, P05, P12 = (e.id for e in EXAMPLES)
CLASSIFIER = "the utterance classifier misses this expectation of the example: "
ANSWERED = CLASSIFIER + "a reply labelled answer shares the question's words"
NO_ACTION = CLASSIFIER + "the action is not labelled"


def by_example(misses: dict[str, str] | None = None) -> Any:
    """Run a test once per example check-in (slow: real MiniLM); `misses` are known failures."""
    def wrap(test: Any) -> Any:
        return pytest.mark.slow(pytest.mark.parametrize("example", example_params(EXAMPLES, misses))(test))
    return wrap




def at(moments: tuple[Moment, ...]) -> list[str]:
    return [m.at for m in moments]


def test_all_four_example_check_ins_are_covered() -> None:
    assert len(EXAMPLES) == 4
    assert all(e.transcript.attendees == tuple(e.expected["attendees"]) for e in EXAMPLES)


@by_example()
def test_dominant_and_silent_attendees(example: Example, minilm: Any) -> None:
    dynamics = analyse(example.transcript, labelled(example, minilm))
    assert dynamics.dominant is not None
    assert dynamics.dominant.speaker == example.expected["dominant_speaker"]
    assert list(dynamics.silent) == example.expected["silent_attendees"]


@by_example()
def test_status_readout_run_covers_the_expected_stretch(example: Example, minilm: Any) -> None:
    expected = example.expected["status_readout"]
    runs = analyse(example.transcript, labelled(example, minilm)).status_readouts
    assert any(run[0].at <= expected["end"] and run[-1].at >= expected["start"] for run in runs), runs


@by_example({G05: CLASSIFIER + "the decision at 00:07:39 is not labelled a decision"})
def test_decision_without_owner(example: Example, minilm: Any) -> None:
    decisions = analyse(example.transcript, labelled(example, minilm)).decisions
    found = [m for m in decisions if m.at == example.expected["decision_without_owner"]]
    assert [m.detail for m in found] == ["no owner"]


@by_example({P05: NO_ACTION, P12: NO_ACTION})
def test_action_items_with_and_without_due_date(example: Example, minilm: Any) -> None:
    actions = {m.at: m for m in analyse(example.transcript, labelled(example, minilm)).action_items}
    undated, dated = example.expected["action_without_due_date"], example.expected["action_with_due_date"]
    assert actions[undated["at"]].owner == undated["owner"] and actions[undated["at"]].due is None
    assert actions[dated["at"]].owner == dated["owner"] and dated["due"] in (actions[dated["at"]].due or "")


@by_example()
def test_interruptions_name_who_was_cut_off(example: Example, minilm: Any) -> None:
    interruptions = analyse(example.transcript, labelled(example, minilm)).interruptions
    assert set(example.expected["interruptions"]) <= set(at(interruptions))
    turns = example.transcript.turns
    for moment in interruptions:
        index = next(i for i, t in enumerate(turns) if t.line == moment.line and t.speaker == moment.speaker)
        assert moment.detail == turns[index - 1].speaker != moment.speaker


@by_example({G05: ANSWERED, P12: ANSWERED})
def test_unanswered_question(example: Example, minilm: Any) -> None:
    unresolved = analyse(example.transcript, labelled(example, minilm)).unresolved_questions
    assert example.expected["unanswered_question"] in at(unresolved)


@by_example()
def test_off_goal_overlaps_the_expected_stretch(example: Example, minilm: Any) -> None:
    runs = analyse(example.transcript, labelled(example, minilm),
                   goal_similarity=goal_similarity(example, minilm)).off_goal
    start, end = example.expected["off_goal"]["start"], example.expected["off_goal"]["end"]
    assert any(run[0].at <= end and run[-1].at >= start for run in runs), runs


@by_example({G05: CLASSIFIER + "the decision is not labelled"})
def test_summary_names_the_decision_and_the_dated_action(example: Example, minilm: Any) -> None:
    dynamics = analyse(example.transcript, labelled(example, minilm), key_sentences=key_sentences(example, minilm))
    summary = summarise(example.transcript, dynamics)
    by_line = {t.line: t for t in example.transcript.turns}
    undecided = next(m for m in dynamics.decisions if m.at == example.expected["decision_without_owner"])
    assert any(s.lines == (undecided.line,) and s.text.startswith("Decided") for s in summary)
    assert any(example.expected["action_with_due_date"]["due"] in s.text for s in summary)
    for sentence in summary:
        assert all(line in by_line for line in sentence.lines)
        quoted = [format_timestamp(by_line[line].start) for line in sentence.lines]
        assert set(sentence.timestamps) <= set(quoted)
