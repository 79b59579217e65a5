"""Wellbeing notes rest on strain said in so many words, not on words that sound like it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.meetings.dynamics import analyse
from coach.meetings.strain import strain
from coach.meetings.utterances import load_snippets
from coach.transcripts import parse_transcript

UTTERANCES = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "utterances"


@pytest.mark.parametrize(("text", "kind"), [
    ("Honestly I've covered every Sunday late since the summer, otherwise the rota has a hole.", "off_hours"),
    ("I'm doing the month-end reconciliations at night to keep up, most nights this week.", "off_hours"),
    ("Mele has worked the last three weekends on the stock count.", "off_hours"),
    ("Only me can do the payroll run, when I am on holiday nobody is paying the drivers.", "only_one"),
    ("Nobody else is trained on the autoclave, so it's just me on it.", "only_one"),
    ("I'm the only person who knows the grant portal password and the reporting steps.", "only_one"),
    ("To be honest I'm exhausted, I can't keep up with the referrals.", "exhaustion"),
    ("Um, I'm, I'm kind of burning out, yeah.", "exhaustion"),
])
def test_strain_said_in_so_many_words_counts(text: str, kind: str) -> None:
    assert strain(text) == kind


@pytest.mark.parametrize("text", [
    "I was one of them. I spent most of the evening standing on the deck looking at the horizon.",
    "The brewery also runs a quiz night on Thursdays. We could put a team in sometime.",
    "I would rather hear now if someone is running on empty than find out in January.",
    "I am okay, but the nights on call have been heavier than usual.",
    "Same for me. Busy, but manageable.",
    "Is anyone working this weekend?",
    "The night shift closed 40 tickets, weekend volume was normal.",
    "That's the only cost of option B.",
    "We had a lovely evening at the team dinner on Saturday.",
    "The new fryer is burning out the fuses again.",
    "I've been emailing people every evening but half of them don't reply.",
])
def test_metaphor_social_plans_and_questions_are_not_strain(text: str) -> None:
    assert strain(text) is None


def test_a_wellbeing_label_without_evidence_raises_no_note() -> None:
    rows = [("Priya", "Random one, is the party still on the boat?", ""),
            ("Tomasz", "I spent most of the evening on the deck looking at the horizon.", "wellbeing"),
            ("Tomasz", "The brewery runs a quiz night on Thursdays, we could enter.", "wellbeing"),
            ("Lena", "I've been answering pages every night since the migration, I'm wiped.", "wellbeing")]
    transcript = parse_transcript("".join(f"{s}: {t}\n" for s, t, _ in rows))
    found = analyse(transcript, [frozenset(labels.split()) for _, _, labels in rows]).wellbeing
    assert [m.speaker for m in found] == ["Lena"]


def test_every_wellbeing_turn_of_the_training_split_states_strain() -> None:
    turns = [t.text for s in load_snippets(UTTERANCES) if s.split == "train" for t in s.turns
             if "wellbeing" in t.labels]
    assert len(turns) >= 8
    assert [t for t in turns if strain(t) is None] == []
