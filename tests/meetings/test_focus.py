"""Long turns: the sentence that decides is the one quoted, and a turn where no sentence decides
is not a decision (real MiniLM and the shipped model)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from coach.meetings.classifier import TurnLabels, classify
from coach.meetings.dynamics import analyse
from coach.meetings.focus import focus
from coach.meetings.summary import summarise
from coach.transcripts import parse_transcript

MEETING = (
    "Maria: Okay, stock first.\n"
    "Sione: Inbound was 41 trailers, 3 late. Picking ran at 96 percent.\n"
    "Maria: Thanks, that's a good week. Returns are still at 212 units in the cage. "
    "We move returns to the morning shift from Monday. Everyone okay with that?\n"
    "Sione: Fine by me.\n"
    "Maria: Thanks, all. The forklift audit went fine, two chargers need new leads. "
    "The canteen is closed on Friday.\n"
)


def _forced(labels: tuple[TurnLabels, ...], index: int) -> tuple[TurnLabels, ...]:
    """Force `decision` onto one turn, as a noisy classifier might."""
    forced = list(labels)
    forced[index] = TurnLabels(forced[index].labels | {"decision"}, forced[index].scores)
    return tuple(forced)


@pytest.mark.slow
def test_the_deciding_sentence_is_quoted_and_a_turn_without_one_is_no_decision(minilm: Any) -> None:
    transcript = parse_transcript(MEETING)
    vectors = np.asarray(minilm.embed_documents([t.text for t in transcript.turns]))
    labels = _forced(_forced(classify(transcript, minilm, vectors=vectors), 2), 4)
    focused, keys = focus(transcript, labels, minilm, vectors)
    assert [k.sentence for k in keys if k.line == 3 and k.label == "decision"] == [
        "We move returns to the morning shift from Monday."]
    assert "decision" not in focused[4].labels  # thanks, a status line and a canteen notice
    assert focused[1] == labels[1] and focused[3] == labels[3]  # short or undecided turns untouched
    # The consensus check keeps the stated choice a decision, whatever its sentences scored alone.
    dynamics = analyse(transcript, focused, key_sentences=keys)
    assert [m.line for m in dynamics.decisions] == [3]
    assert summarise(transcript, dynamics)[0].text == (
        "Decided (Maria): We move returns to the morning shift from Monday. [no owner yet]")
