"""Extractive meeting summary: sentences copied verbatim from turns, each citing its line.

Sentences are scored by what a reader of a check-in summary needs most: decisions and
commitments first, then open questions, then figures on goals from status readouts, then other
questions. The best ones are kept in transcript order. At most two computed sentences
(attendance and talk share, items left open) are added; their numbers come only from counting
the transcript.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.meetings.dynamics import (
    MeetingDynamics,
    is_commitment,
    is_decision,
    is_question,
    sentences,
    words,
)
from coach.transcripts import Transcript, Turn, format_timestamp

_DECISION_SCORE = 5
_COMMITMENT_SCORE = 4
_OPEN_QUESTION_SCORE = 3
_READOUT_SCORE = 2
_QUESTION_SCORE = 1
_MIN_WORDS = 5  # shorter sentences ("Can you take it?") mean nothing out of context
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence and the transcript lines (and times) it came from."""

    text: str
    lines: tuple[int, ...]
    timestamps: tuple[str, ...]


@dataclass(frozen=True)
class _Candidate:
    score: int
    order: int
    sentence: SummarySentence


def summarise(transcript: Transcript, dynamics: MeetingDynamics, *,
              max_sentences: int = 6) -> tuple[SummarySentence, ...]:
    """Pick up to `max_sentences` verbatim sentences, plus at most two computed ones."""
    open_lines = {m.line for m in dynamics.unresolved_questions}
    readout_lines = {m.line for run in dynamics.status_readouts for m in run}
    candidates = [c for index, turn in enumerate(transcript.turns)
                  for c in _candidates(turn, index, open_lines, readout_lines)]
    best = sorted(candidates, key=lambda c: (-c.score, c.order))[:max(max_sentences, 0)]
    chosen = [c.sentence for c in sorted(best, key=lambda c: c.order)]
    return (*chosen, *_computed(transcript, dynamics))


def _candidates(turn: Turn, index: int, open_lines: set[int], readout_lines: set[int]) -> list[_Candidate]:
    """Scored sentences of one turn; in a readout turn only the first sentence with figures
    counts, because it names the measure the figures belong to."""
    found = []
    figures = next((s for s in sentences(turn.text) if _FIGURE.search(s)), None)
    for position, sentence in enumerate(sentences(turn.text)):
        score = _score(sentence, turn.line in open_lines, turn.line in readout_lines and sentence == figures)
        if score and len(words(sentence)) >= _MIN_WORDS:
            cited = SummarySentence(f"{turn.speaker}: {sentence}", (turn.line,), _times([turn]))
            found.append(_Candidate(score, index * 1000 + position, cited))
    return found


def _score(sentence: str, open_question: bool, readout: bool) -> int:
    if is_decision(sentence):
        return _DECISION_SCORE
    if is_commitment(sentence):
        return _COMMITMENT_SCORE
    if is_question(sentence):
        return _OPEN_QUESTION_SCORE if open_question else _QUESTION_SCORE
    return _READOUT_SCORE if readout else 0


def _times(turns: Sequence[Turn]) -> tuple[str, ...]:
    return tuple(format_timestamp(t.start) for t in turns if t.start is not None)


def _computed(transcript: Transcript, dynamics: MeetingDynamics) -> list[SummarySentence]:
    """Attendance and talk share, then what was left open (each only when there is something to say)."""
    result = []
    people = dict.fromkeys([*transcript.attendees, *transcript.speakers, *dynamics.silent])
    top = dynamics.speakers[0] if dynamics.speakers else None
    if top is not None:
        spoken = [t for t in transcript.turns if t.speaker == top.speaker]
        text = f"{len(people)} attendees; {top.speaker} spoke {round(top.word_share * 100)}% of the words."
        result.append(SummarySentence(text, tuple(t.line for t in spoken), _times(spoken)))
    ownerless = [m for m in dynamics.decisions if m.detail == "no owner"]
    unanswered = list(dynamics.unresolved_questions)
    if ownerless or unanswered:
        parts = [f"{_count(len(ownerless), 'decision')} without an owner"] if ownerless else []
        parts += [f"{_count(len(unanswered), 'question')} nobody answered"] if unanswered else []
        moments = sorted([*ownerless, *unanswered], key=lambda m: m.line)
        result.append(SummarySentence("Left open: " + " and ".join(parts) + ".",
                                      tuple(m.line for m in moments), tuple(m.at for m in moments if m.at)))
    return result


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
