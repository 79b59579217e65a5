"""What the utterance classifier sees of a turn besides its own words.

The sentence embedding (MiniLM) carries what a turn says; these structural features carry where
it sits and what surrounds it, which the embedding of one turn cannot know:

- figures: numbers (digits, or number words as speech-to-text writes them) per sentence, and
  whether the turn quotes two or more; status reports read runs of figures.
- shape: length (log words), ends with "?", share of sentences that ask.
- place: position in the meeting (0 first turn … 1 last), first/last turn.
- people: the speaker facilitates; the turn names another attendee.
- replies: the previous turn was another speaker's question (answers follow questions); the
  same speaker continues; the next turn comes from someone else; cosine similarity to the
  previous and next turns (a reply stays on the topic it answers).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from coach.meetings import phrases
from coach.transcripts import Turn

STRUCTURAL = ("numbers_per_sentence", "two_or_more_numbers", "log_words", "ends_with_question",
              "asking_share", "position", "first_turn", "last_turn", "facilitator", "names_someone",
              "after_question", "same_speaker", "next_other_speaker", "similar_to_previous",
              "similar_to_next")
_NUMBER_WORDS = frozenset("""
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
percent per cent
""".split())
_DIGITS = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?k?\b")


def figures(text: str) -> int:
    """How many figures a turn quotes: digit groups plus number words ("forty-one" counts once)."""
    spoken = sum(1 for w in phrases.words(text) if w.lower().split("-")[0] in _NUMBER_WORDS)
    return len(_DIGITS.findall(text)) + spoken


def structural(turns: Sequence[Turn], vectors: np.ndarray, facilitator: str | None,
               names: Sequence[str]) -> np.ndarray:
    """One row of STRUCTURAL features per turn; `vectors` are the turns' unit-length embeddings."""
    people = phrases.People(names)
    rows = []
    last = max(len(turns) - 1, 1)
    for index, turn in enumerate(turns):
        previous = turns[index - 1] if index else None
        following = turns[index + 1] if index + 1 < len(turns) else None
        said = phrases.sentences(turn.text) or [turn.text]
        count = figures(turn.text)
        rows.append([
            count / len(said), float(count >= 2), math.log1p(len(phrases.words(turn.text))),
            float(turn.text.rstrip().endswith("?")), sum(phrases.is_question(s) for s in said) / len(said),
            index / last, float(index == 0), float(following is None),
            float(turn.speaker == facilitator), float(bool(people.mentioned(turn.text, besides=turn.speaker))),
            float(previous is not None and previous.speaker != turn.speaker and _asks(previous.text)),
            float(previous is not None and previous.speaker == turn.speaker),
            float(following is not None and following.speaker != turn.speaker),
            float(vectors[index] @ vectors[index - 1]) if previous is not None else 0.0,
            float(vectors[index] @ vectors[index + 1]) if following is not None else 0.0,
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(turns), len(STRUCTURAL))


def _asks(text: str) -> bool:
    return any(phrases.is_question(s) for s in phrases.sentences(text)) or text.rstrip().endswith("?")
