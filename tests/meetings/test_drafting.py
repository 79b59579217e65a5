"""Nudge drafts from meeting dynamics: kinds, grounded evidence, no invented numbers."""

from __future__ import annotations

import re
from typing import Any, get_args

import pytest

from coach.errors import ValidationError
from coach.meetings.drafting import EVIDENCE_CHARS, draft_nudges
from coach.meetings.dynamics import analyse
from coach.meetings.models import NudgeDraft, NudgeKind
from coach.transcripts import Transcript, parse_transcript
from tests.meetings import Example, example_params, examples, goal_similarity, labelled

EXAMPLES = examples()
EXPECTED_KINDS = {"talk_balance", "silent_participant", "status_readout", "missing_owner",
                  "missing_due_date", "interruptions", "unresolved_question", "positive"}
LEADING_VERB = {"try": "Try ", "do": "Do ", "consider": "Consider "}


G05, G12, P05, P12 = (e.id for e in EXAMPLES)
CLASSIFIER = "the utterance classifier misses this expectation of the example: "


def by_example(misses: dict[str, str] | None = None) -> Any:
    """Run a test once per example check-in with the real classifier's labels (slow: MiniLM);
    `misses` are known failures, listed rather than hidden."""
    def wrap(test: Any) -> Any:
        return pytest.mark.slow(pytest.mark.parametrize("example", example_params(EXAMPLES, misses))(test))
    return wrap


def drafts_for(example: Example, minilm: Any, **options: Any) -> list[NudgeDraft]:
    return draft_nudges(example.transcript, analyse(example.transcript, labelled(example, minilm), **options))


def unlabelled(transcript: Transcript) -> list[frozenset[str]]:
    return [frozenset()] * len(transcript.turns)


def assert_grounded(draft: NudgeDraft, transcript: Transcript) -> None:
    """Each evidence item quotes a real turn: whole, or an excerpt marked with '…'."""
    turns = {(t.line, t.speaker): t for t in transcript.turns}
    for evidence in draft.evidence:
        turn = turns[(evidence.line, evidence.speaker)]
        assert len(evidence.text) <= EVIDENCE_CHARS
        if evidence.text != turn.text:
            assert evidence.text.endswith("…") or evidence.text.startswith("…")
            assert evidence.text.strip("…") in turn.text
            assert evidence.text.startswith("…") or turn.text.startswith(evidence.text.rstrip("…"))


@by_example({G05: CLASSIFIER + "the open question's reply is taken as its answer",
             P12: CLASSIFIER + "the open question's reply is taken as its answer"})
def test_every_expected_kind_is_drafted(example: Example, minilm: Any) -> None:
    drafts = drafts_for(example, minilm)
    assert {d.kind for d in drafts} >= EXPECTED_KINDS
    assert [d.kind for d in drafts].count("silent_participant") == len(example.expected["silent_attendees"])
    # Every expected good moment has its positive nudge; a kept metric is a further good moment.
    assert [d.kind for d in drafts].count("positive") >= len(example.expected["good_moments"])
    assert "off_goal" not in {d.kind for d in drafts}  # no goal similarity was given


@by_example()
def test_evidence_is_copied_from_the_transcript(example: Example, minilm: Any) -> None:
    for draft in drafts_for(example, minilm):
        assert_grounded(draft, example.transcript)


@by_example()
def test_nudge_text_quotes_no_number_beyond_evidence_and_share(example: Example, minilm: Any) -> None:
    dynamics = analyse(example.transcript, labelled(example, minilm))
    assert dynamics.dominant is not None
    share = str(round(dynamics.dominant.word_share * 100))
    for draft in draft_nudges(example.transcript, dynamics):
        allowed = {n for e in draft.evidence for n in re.findall(r"\d+", e.text)} | {share}
        assert set(re.findall(r"\d+", draft.text)) <= allowed, draft.text


@by_example()
def test_stance_is_the_leading_verb_and_confidence_in_range(example: Example, minilm: Any) -> None:
    for draft in drafts_for(example, minilm):
        assert draft.text.startswith(LEADING_VERB[draft.stance]), draft.text
        assert 0.5 <= draft.confidence <= 0.95
        assert draft.practice_query
    positives = [d for d in drafts_for(example, minilm) if d.kind == "positive"]
    assert {d.stance for d in positives} == {"consider"}


@by_example({G05: CLASSIFIER + "the decision at 00:07:39 is not labelled a decision",
             P05: CLASSIFIER + "the undated action is not labelled",
             P12: CLASSIFIER + "the undated action is not labelled"})
def test_findings_land_in_the_right_nudge(example: Example, minilm: Any) -> None:
    drafts = {d.kind: d for d in drafts_for(example, minilm)}
    times = {kind: [e.timestamp for e in d.evidence] for kind, d in drafts.items()}
    expected = example.expected
    assert expected["decision_without_owner"] in times["missing_owner"]
    assert expected["action_without_due_date"]["at"] in times["missing_due_date"]
    assert expected["action_with_due_date"]["at"] not in times["missing_due_date"]
    assert set(expected["interruptions"]) <= set(times["interruptions"])
    assert expected["unanswered_question"] in times["unresolved_question"]
    assert expected["status_readout"]["start"] in times["status_readout"]
    assert expected["dominant_speaker"] in drafts["talk_balance"].text
    assert {e.speaker for e in drafts["talk_balance"].evidence} == {expected["dominant_speaker"]}


@by_example()
def test_drafting_is_deterministic_and_ordered_by_kind_then_time(example: Example, minilm: Any) -> None:
    first, second = drafts_for(example, minilm), drafts_for(example, minilm)
    assert [d.model_dump() for d in first] == [d.model_dump() for d in second]
    order = list(get_args(NudgeKind))
    keys = [(order.index(d.kind), d.evidence[0].line) for d in first]
    assert keys == sorted(keys)


def test_long_turn_is_trimmed_to_keep_the_question_that_matters() -> None:
    filler = " ".join(["We talked about the roadmap and the hiring plan at some length."] * 5)
    transcript = parse_transcript(f"[00:00:01] Ana: {filler} Who owns the migration?\n"
                                  "[00:00:40] Bo: Separately, the runbooks are drafted.\n")
    labels = [frozenset({"question"}), frozenset({"status"})]
    dynamics = analyse(transcript, labels)
    open_question = next(d for d in draft_nudges(transcript, dynamics) if d.kind == "unresolved_question")
    assert open_question.evidence[0].text == "…Who owns the migration?"
    assert_grounded(open_question, transcript)


def test_quiet_meeting_without_findings_drafts_nothing() -> None:
    transcript = parse_transcript("Ana: I looked at the numbers today.\nBo: Me too, they look fine.\n"
                                  "Cy: Same here, no surprises.\nAna: Good to hear from everyone.\n"
                                  "Bo: See you next time then.\nCy: Bye for now, all of you.\n")
    assert draft_nudges(transcript, analyse(transcript, unlabelled(transcript))) == []


def test_new_kinds_metric_gaming_and_uncovered_key_result() -> None:
    from coach.meetings.dynamics import KeyResultRef

    transcript = parse_transcript("Ana: Count staged loads as dispatched, then we hit 98.\nBo: Easier report.\n")
    labels = [frozenset({"metric_gaming", "proposal"}), frozenset()]
    krs = [KeyResultRef("Pay 95% of invoices on time", "Astrid", "on-time payment rate")]
    drafts = draft_nudges(transcript, analyse(transcript, labels, key_results=krs,
                                              key_result_similarity=[[0.1], [0.1]]))
    kinds = {d.kind: d for d in drafts}
    assert kinds["metric_gaming"].evidence[0].text.startswith("Count staged loads")
    assert "Astrid did not speak" in kinds["uncovered_key_result"].text
    for draft in drafts:
        assert_grounded(draft, transcript)


@by_example()
def test_off_goal_nudge_from_minilm_similarity(example: Example, minilm: Any) -> None:
    drafts = drafts_for(example, minilm, goal_similarity=goal_similarity(example, minilm))
    off_goal = [d for d in drafts if d.kind == "off_goal"]
    assert len(off_goal) == 1 and off_goal[0].stance == "consider"
    start, end = example.expected["off_goal"]["start"], example.expected["off_goal"]["end"]
    assert any(start <= e.timestamp <= end for e in off_goal[0].evidence)
    assert_grounded(off_goal[0], example.transcript)


def test_dynamics_from_another_transcript_are_refused() -> None:
    first = parse_transcript("[00:00:00] Ana: So the plan is--\n[00:00:05] Bo: Sorry, quick thing.\n")
    other = parse_transcript("[00:00:00] Cy: Hello there.\n[00:00:09] Di: Hi.\n")
    with pytest.raises(ValidationError, match="call analyse"):
        draft_nudges(other, analyse(first, unlabelled(first)))
