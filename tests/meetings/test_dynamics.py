"""Meeting dynamics and the extractive summary, on the example check-ins and small cases."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coach.errors import ValidationError
from coach.meetings.dynamics import MeetingDynamics, Moment, analyse, is_question
from coach.meetings.summary import summarise
from coach.transcripts import Transcript, format_timestamp, parse_transcript
from tests.meetings import Example, examples, goal_similarity

EXAMPLES = examples()
MAX_EXTRA = 3


def by_example(test: Any) -> Any:
    """Run a test once per example check-in."""
    return pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])(test)


def at(moments: tuple[Moment, ...]) -> list[str]:
    return [m.at for m in moments]


def test_all_four_example_check_ins_are_covered() -> None:
    assert len(EXAMPLES) == 4
    assert all(e.transcript.attendees == tuple(e.expected["attendees"]) for e in EXAMPLES)


@by_example
def test_dominant_and_silent_attendees(example: Example) -> None:
    dynamics = analyse(example.transcript)
    assert dynamics.dominant is not None
    assert dynamics.dominant.speaker == example.expected["dominant_speaker"]
    assert dynamics.speakers[0] == dynamics.dominant
    assert list(dynamics.silent) == example.expected["silent_attendees"]


@by_example
def test_status_readout_run_covers_the_expected_stretch(example: Example) -> None:
    expected = example.expected["status_readout"]
    runs = analyse(example.transcript).status_readouts
    assert any(run[0].at <= expected["start"] and run[-1].at >= expected["end"] for run in runs), runs


@by_example
def test_decision_without_owner(example: Example) -> None:
    decisions = analyse(example.transcript).decisions
    found = [m for m in decisions if m.at == example.expected["decision_without_owner"]]
    assert [m.detail for m in found] == ["no owner"]
    assert len(decisions) - 1 <= MAX_EXTRA


@by_example
def test_action_items_with_and_without_due_date(example: Example) -> None:
    actions = {m.at: m.detail for m in analyse(example.transcript).action_items}
    undated, dated = example.expected["action_without_due_date"], example.expected["action_with_due_date"]
    assert actions.get(undated["at"]) == f"owner: {undated['owner']}; no due date"
    assert actions.get(dated["at"]) == f"owner: {dated['owner']}; due: {dated['due']}"
    assert len(actions) - 2 <= MAX_EXTRA


@by_example
def test_interruptions(example: Example) -> None:
    interruptions = analyse(example.transcript).interruptions
    assert set(example.expected["interruptions"]) <= set(at(interruptions))
    assert len(interruptions) - len(example.expected["interruptions"]) <= MAX_EXTRA
    # detail names who was cut off: the speaker of the turn just before
    turns = example.transcript.turns
    for moment in interruptions:
        index = next(i for i, t in enumerate(turns) if t.line == moment.line and t.speaker == moment.speaker)
        assert moment.detail == turns[index - 1].speaker != moment.speaker


@by_example
def test_unanswered_question(example: Example) -> None:
    unresolved = analyse(example.transcript).unresolved_questions
    assert example.expected["unanswered_question"] in at(unresolved)
    assert len(unresolved) - 1 <= MAX_EXTRA


@by_example
def test_good_moments(example: Example) -> None:
    moments = analyse(example.transcript).good_moments
    for kind, when in example.expected["good_moments"].items():
        assert when in [m.at for m in moments if m.kind == kind], (kind, moments)


@by_example
def test_shares_and_duration_are_consistent(example: Example) -> None:
    dynamics = analyse(example.transcript)
    assert sum(s.word_share for s in dynamics.speakers) == pytest.approx(1.0)
    assert sum(s.time_share for s in dynamics.speakers) == pytest.approx(1.0)
    assert sum(s.turns for s in dynamics.speakers) == len(example.transcript.turns)
    shares = [s.word_share for s in dynamics.speakers]
    assert shares == sorted(shares, reverse=True)
    assert dynamics.duration_seconds is not None and dynamics.duration_seconds > 600
    assert dynamics.off_goal == ()  # no goal similarity given


@pytest.mark.slow
@by_example
def test_off_goal_from_minilm_overlaps_the_expected_stretch(example: Example, minilm: Any) -> None:
    similarity = goal_similarity(example, minilm)
    runs = analyse(example.transcript, goal_similarity=similarity).off_goal
    start, end = example.expected["off_goal"]["start"], example.expected["off_goal"]["end"]
    inside = [run for run in runs if run[0].at <= end and run[-1].at >= start]
    assert inside, runs
    assert len(runs) - len(inside) <= 1


def analyse_text(text: str, **options: Any) -> MeetingDynamics:
    return analyse(parse_transcript(text), **options)


def test_time_runs_to_the_cue_end_else_the_next_start_else_words() -> None:
    vtt = ("WEBVTT\n\n00:00:00.000 --> 00:00:10.000\n<v Ana>one two three</v>\n\n"
           "00:00:30.000 --> 00:00:35.000\n<v Bo>four five six seven eight</v>\n")
    seconds = {s.speaker: s.seconds for s in analyse_text(vtt).speakers}
    assert seconds == {"Ana": 10.0, "Bo": 5.0}
    plain = analyse_text("[00:00:00] Ana: one two three\n[00:00:20] Bo: four five six seven eight\n")
    assert {s.speaker: s.seconds for s in plain.speakers} == {"Ana": 20.0, "Bo": 2.0}
    assert plain.duration_seconds == 22.0
    assert analyse_text("Ana: hi there\nBo: hello\n").duration_seconds is None


def test_attendee_who_never_spoke_is_silent_and_nobody_dominates_a_balanced_meeting() -> None:
    text = "Ana: one two three\nBo: four five six\nDi: a b c\nAna: seven eight\nBo: nine ten\nDi: d e\n"
    dynamics = analyse_text(text, attendees=["Cy Diaz"])
    assert dynamics.silent == ("Cy Diaz",)
    assert dynamics.dominant is None


def test_interruption_by_cut_off_or_quick_start_but_not_by_the_same_speaker() -> None:
    text = ("[00:00:00] Ana: So the plan is--\n[00:00:05] Bo: Sorry, quick thing.\n"
            "[00:00:20] Ana: Fine.\n[00:00:20] Bo: Me too.\n[00:00:30] Bo: And more.\n")
    assert [(m.at, m.detail) for m in analyse_text(text).interruptions] == [
        ("00:00:05", "Ana"), ("00:00:20", "Ana")]


def test_status_readout_needs_four_number_turns_in_a_row() -> None:
    rows = ["Ana: Deploys were 6, target 10.", "Bo: Failures 14 percent, down from 18.",
            "Cy: Restore is 80 minutes, target 45."]
    assert analyse_text("\n".join(rows) + "\n").status_readouts == ()
    runs = analyse_text("\n".join([*rows, "Di: Adoption 12 of 30 teams.", "Ana: Great, thanks."]) + "\n")
    assert [len(run) for run in runs.status_readouts] == [4]


def test_decision_owner_from_the_next_turns_until_the_subject_changes() -> None:
    owned = analyse_text("Ana: Let's go with option B for the email.\nBo: I'll take the email option.\n")
    assert [m.detail for m in owned.decisions] == ["owner: Bo"]
    moved_on = analyse_text("Ana: Let's go with option B for the email.\n"
                            "Bo: Separately, the runbooks are drafted.\nAna: Bo will send them.\n")
    assert [m.detail for m in moved_on.decisions] == ["no owner"]
    agenda = analyse_text("Ana: Let's do the numbers first.\nBo: Sure.\n")
    assert agenda.decisions == ()


def test_action_items_keep_the_due_phrase_as_written() -> None:
    text = ("Ana Lima: Bo will draft the guide by Friday.\nBo Berg: I'll check the logs next week.\n"
            "Ana Lima: Action: update the tracker.\nBo Berg: Nice weather today.\n")
    assert [m.detail for m in analyse_text(text).action_items] == [
        "owner: Bo Berg; due: by Friday", "owner: Bo Berg; due: next week", "no owner; no due date"]


def test_questions_answered_rhetorical_or_dropped() -> None:
    assert not is_question("That works, right?")
    assert is_question("Who owns the pipeline?")
    text = ("Ana: Who owns the pipeline migration?\nBo: The pipeline is mine.\n"
            "Ana: Has anyone seen the security review?\nBo: Different topic, is lunch at noon?\n"
            "Cy: Noon, yes.\n")
    assert at(analyse_text(text).unresolved_questions) == [""]
    assert analyse_text(text).unresolved_questions[0].text == "Has anyone seen the security review?"


def test_disagreement_counts_as_resolved_only_after_a_real_debate() -> None:
    debate = ("Ana: We should ship on Monday.\nBo: I disagree, the tests are flaky.\n"
              "Ana: But the customers are waiting.\nBo: Okay, if we fix the worst test first.\n")
    resolved = [m for m in analyse_text(debate).good_moments if m.kind == "disagreement_resolved"]
    assert [(m.speaker, m.detail) for m in resolved] == [("Bo", "between Ana, Bo")]
    lone = "Ana: We should ship on Monday.\nBo: I disagree, the tests are flaky.\nAna: Okay, fine.\n"
    assert not [m for m in analyse_text(lone).good_moments if m.kind == "disagreement_resolved"]


def test_off_goal_runs_from_given_similarity() -> None:
    lines = [f"[00:0{i}:00] {'Ana' if i % 2 else 'Bo'}: turn number {i} here" for i in range(8)]
    text = "\n".join(lines) + "\n"
    similarity = [0.6, 0.6, 0.1, 0.1, 0.1, 0.1, 0.6, 0.6]
    runs = analyse_text(text, goal_similarity=similarity, off_goal_threshold=0.3).off_goal
    assert [(run[0].at, run[-1].at) for run in runs] == [("00:02:00", "00:05:00")]
    with pytest.raises(ValidationError, match="one similarity per turn"):
        analyse_text(text, goal_similarity=[0.5])
    with pytest.raises(ValidationError, match="no speaker turns"):
        analyse(Transcript((), ("Ana",)))


@by_example
def test_summary_quotes_turns_verbatim_and_cites_them(example: Example) -> None:
    dynamics = analyse(example.transcript)
    summary = summarise(example.transcript, dynamics, max_sentences=6)
    by_line = {t.line: t for t in example.transcript.turns}
    quoted = [s for s in summary
              if len(s.lines) == 1 and s.text.startswith(f"{by_line[s.lines[0]].speaker}: ")]
    assert 1 <= len(quoted) <= 6 and len(summary) - len(quoted) <= 2
    for sentence in quoted:
        turn = by_line[sentence.lines[0]]
        assert sentence.text.removeprefix(f"{turn.speaker}: ") in turn.text
        assert sentence.timestamps == (format_timestamp(turn.start),)
    assert [s.lines for s in quoted] == sorted(s.lines for s in quoted)
    undecided = next(m for m in dynamics.decisions if m.at == example.expected["decision_without_owner"])
    assert undecided.line in {s.lines[0] for s in quoted}
    dated = example.expected["action_with_due_date"]["due"]
    assert any(dated in s.text for s in quoted)


@by_example
def test_summary_computed_sentences_use_only_computed_numbers(example: Example) -> None:
    dynamics = analyse(example.transcript)
    computed = summarise(example.transcript, dynamics)[-2:]
    top = dynamics.speakers[0]
    assert computed[0].text == (f"{len(example.expected['attendees'])} attendees; {top.speaker} spoke "
                                f"{round(top.word_share * 100)}% of the words.")
    assert set(computed[0].lines) == {t.line for t in example.transcript.turns if t.speaker == top.speaker}
    numbers = [int(n) for n in re.findall(r"\d+", computed[1].text)]
    ownerless = [m for m in dynamics.decisions if m.detail == "no owner"]
    assert numbers == [len(ownerless), len(dynamics.unresolved_questions)]
    assert set(computed[1].lines) == {m.line for m in [*ownerless, *dynamics.unresolved_questions]}

