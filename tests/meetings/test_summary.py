"""The meeting summary names each decision, who owns what and what is still open, once each, with
counts that agree with what it lists. Transcripts from several kinds of teams; labels are given,
so these check the summary, not the classifier."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coach.meetings.dynamics import analyse
from coach.meetings.focus import KeySentence
from coach.meetings.summary import SummarySentence, summarise
from coach.transcripts import Transcript, parse_transcript

Rows = list[tuple[str, str, str]]

MEETINGS: dict[str, Rows] = {
    "ward": [
        ("Grace", "Beds first.", ""),
        ("Tomasz", "Bay A full, two discharges waiting on pharmacy.", "status"),
        ("Aiko", "Bay B five of six, side room closed for cleaning.", "status"),
        ("Grace", "Thanks. Falls are three this month, all on nights. We move the high-risk patients "
                  "nearer the station from tonight. Everyone okay with that?", "decision"),
        ("Tomasz", "Fine by me.", ""),
        ("Grace", "Someone should ring pharmacy about the discharge scripts.", "action"),
        ("Aiko", "Is the bank nurse confirmed for Saturday?", "question"),
        ("Grace", "Right, the audit next.", ""),
    ],
    "charity": [
        ("Femi", "The winter appeal is at 14,000 of 20,000.", "status"),
        ("Rosa", "We go with the letter to lapsed donors, not the phone round. Femi, you draft it by Friday.",
         "decision action"),
        ("Femi", "Will do, Friday.", "answer"),
        ("Rosa", "And we keep the quiz night as the thank-you event.", "decision"),
        ("Kwame", "Agreed.", ""),
    ],
    "council": [
        ("Ines", "Permits backlog is 212, down from 260.", "status"),
        ("Jan", "We drop the paper form from March.", "decision"),
        ("Ines", "Mehmet will update the website copy.", "action"),
        ("Jan", "We drop the paper form from March.", "decision"),
        ("Mehmet", "Who tells the front desk?", "question"),
        ("Jan", "Also, the car park is closed on Monday.", "off_goal"),
    ],
    "lab": [
        ("Chen", "Assay runs: 18 passed, 2 failed on the plate reader.", "status"),
        ("Lea", "We retire the old plate reader. I'll book the engineer for Tuesday.", "decision action"),
        ("Chen", "We switch to the new buffer for all runs.", "decision"),
        ("Sam", "Someone needs to rewrite the SOP.", "action"),
        ("Lea", "I'll order the buffer.", "action"),
    ],
}


def summary(rows: Rows, **options: Any) -> tuple[Transcript, tuple[SummarySentence, ...]]:
    transcript = parse_transcript("".join(f"{speaker}: {text}\n" for speaker, text, _ in rows))
    keys = options.pop("key_sentences", ())
    dynamics = analyse(transcript, [frozenset(labels.split()) for _, _, labels in rows], key_sentences=keys)
    return transcript, summarise(transcript, dynamics, **options)


def _quoted(sentence: SummarySentence) -> str | None:
    found = re.match(r"^(?:Decided \([^)]*\)|[^:]+): (.*) \[[^\]]*\]$", sentence.text)
    return found.group(1) if found and not sentence.text.startswith(("Still open", "Unanswered")) else None


def _open_counts(sentences: tuple[SummarySentence, ...]) -> dict[str, tuple[int, list[int]]]:
    """{"decision without an owner": (count, [lines]), ...} from the "Still open" line."""
    line = next((s.text for s in sentences if s.text.startswith("Still open")), "")
    pattern = (r"(\d+) (decision|action|question)s? (without an owner|without a date|nobody answered) "
               r"\((lines? [\d, ]+)\)")
    return {f"{m.group(2)} {m.group(3)}": (int(m.group(1)), [int(n) for n in re.findall(r"\d+", m.group(4))])
            for m in re.finditer(pattern, line)}


@pytest.mark.parametrize("team", sorted(MEETINGS))
def test_each_decision_and_action_is_said_once_and_the_open_counts_agree(team: str) -> None:
    _, said = summary(MEETINGS[team])
    quoted = [s for s in said if _quoted(s)]
    assert len({_quoted(s) for s in quoted}) == len(quoted), said
    assert len({s.lines for s in quoted}) == len(quoted), said
    counts = _open_counts(said)
    for count, numbers in counts.values():
        assert count == len(numbers)
    no_owner = [s.lines[0] for s in quoted if "[no owner yet" in s.text]
    nobody = [s.lines[0] for s in quoted if s.text.startswith("Nobody yet")]
    undated = [s.lines[0] for s in quoted if s.text.endswith("[no date]") and s.lines[0] not in nobody]
    assert counts.get("decision without an owner", (0, []))[1] == no_owner, said
    assert counts.get("action without an owner", (0, []))[1] == nobody, said
    assert counts.get("action without a date", (0, []))[1] == undated, said
    assert any(counts.values()) or not (no_owner or nobody or undated)


def test_a_turn_that_decides_and_hands_out_work_is_one_line_with_owner_and_date() -> None:
    _, said = summary(MEETINGS["charity"])
    texts = [s.text for s in said]
    assert texts[0] == ("Decided (Rosa): We go with the letter to lapsed donors, not the phone round. "
                        "[owner Femi, due by Friday]")
    assert not any(t.startswith("Femi:") for t in texts)
    assert "Decided (Rosa): And we keep the quiz night as the thank-you event. [no owner yet]" in texts
    assert "Still open: 1 decision without an owner (line 4)." in texts


def test_the_summary_quotes_the_sentence_that_decides_not_the_status_around_it() -> None:
    rows = MEETINGS["ward"]
    decision = "We move the high-risk patients nearer the station from tonight."
    _, plain = summary(rows)
    _, focused = summary(rows, key_sentences=[KeySentence(4, "decision", decision)])
    assert plain[0].text.startswith("Decided (Grace): Thanks. Falls") or decision in plain[0].text
    assert focused[0].text == f"Decided (Grace): {decision} [no owner yet]"
    texts = [s.text for s in focused]
    assert ("Still open: 1 decision without an owner (line 4); 1 action without an owner (line 6); "
            "1 question nobody answered (line 7).") in texts
    assert "Unanswered (Aiko): Is the bank nurse confirmed for Saturday?" in texts
    assert not any("Bay A" in t for t in texts)  # status is not a decision


def test_the_same_decision_repeated_later_is_named_once() -> None:
    _, said = summary(MEETINGS["council"])
    assert sum("We drop the paper form from March." in s.text for s in said) == 1


def test_a_long_meeting_keeps_its_counts_honest_when_lines_are_left_out() -> None:
    rows: Rows = [("Ana", f"We switch supplier {n} to weekly orders.", "decision") for n in range(1, 7)]
    _, said = summary(rows, max_sentences=2)
    decided = [s for s in said if s.text.startswith("Decided")]
    assert len(decided) == 2
    assert "Still open: 6 decisions without an owner (lines 1, 2, 3, 4, 5, 6)." in [s.text for s in said]
