"""Meeting summary: what was decided, who owns what, what is still open.

Every sentence cites the transcript lines it came from. Decisions and actions are quoted
verbatim (the sentence of the turn that carries them: the longest one that is not a question,
so "Everyone okay with that?" is left out); the lines about owners, dates and open items are
computed from the dynamics, and their only numbers are counts of the transcript's own findings.

Order: decisions (each with its owner, or "no owner yet"), then actions ("Owner: task, due …"),
then "Still open" (decisions and actions nobody owns, actions without a date, questions nobody
answered), then one line on attendance and talk share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.meetings.dynamics import MeetingDynamics, Moment, is_question, sentences
from coach.transcripts import Transcript, format_timestamp

QUOTE_CHARS = 220


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence and the transcript lines (and times) it came from."""

    text: str
    lines: tuple[int, ...]
    timestamps: tuple[str, ...]


def summarise(transcript: Transcript, dynamics: MeetingDynamics, *,
              max_sentences: int = 12) -> tuple[SummarySentence, ...]:
    """Decisions, owners, open items and attendance (at most `max_sentences` quoted lines)."""
    quoted = [*(_decision(m) for m in dynamics.decisions), *(_action(m) for m in dynamics.action_items)]
    quoted = sorted(quoted, key=lambda s: s.lines)[:max(max_sentences, 0)]
    return (*quoted, *_still_open(dynamics), *_attendance(transcript, dynamics))


def key_sentence(text: str) -> str:
    """The sentence of a turn that carries its content: the longest one that is not a question."""
    said = [s for s in sentences(text) if not is_question(s)] or sentences(text) or [text]
    best = max(said, key=len)
    return best if len(best) <= QUOTE_CHARS else best[:QUOTE_CHARS - 1].rstrip() + "…"


def _cite(text: str, moments: Sequence[Moment]) -> SummarySentence:
    return SummarySentence(text, tuple(m.line for m in moments), tuple(m.at for m in moments if m.at))


def _decision(m: Moment) -> SummarySentence:
    owner = f"owner {m.owner}" + (" (not in the meeting)" if m.owner_absent else "") if m.owner else "no owner yet"
    return _cite(f"Decided ({m.speaker}): {key_sentence(m.text)} [{owner}]", [m])


def _action(m: Moment) -> SummarySentence:
    owner = m.owner + (" (not in the meeting)" if m.owner_absent else "") if m.owner else "Nobody yet"
    due = f"due {m.due}" if m.due else "no date"
    return _cite(f"{owner}: {key_sentence(m.text)} [{due}]", [m])


def _still_open(dynamics: MeetingDynamics) -> list[SummarySentence]:
    ownerless = [m for m in dynamics.decisions if m.owner is None]
    unowned = [m for m in dynamics.action_items if m.owner is None]
    undated = [m for m in dynamics.action_items if m.owner is not None and m.due is None]
    questions = list(dynamics.unresolved_questions)
    parts = [(ownerless, "decision", "without an owner"), (unowned, "action", "without an owner"),
             (undated, "action", "without a date"), (questions, "question", "nobody answered")]
    said = [f"{_count(len(found), noun)} {rest}" for found, noun, rest in parts if found]
    if not said:
        return []
    moments = sorted({m.line: m for found, _, _ in parts for m in found}.values(), key=lambda m: m.line)
    result = [_cite("Still open: " + "; ".join(said) + ".", moments)]
    result += [_cite(f"Unanswered ({m.speaker}): {next((s for s in sentences(m.text) if is_question(s)), m.text)}",
                     [m]) for m in questions]
    return result


def _attendance(transcript: Transcript, dynamics: MeetingDynamics) -> list[SummarySentence]:
    people = dict.fromkeys([*transcript.attendees, *transcript.speakers, *dynamics.silent])
    top = dynamics.speakers[0] if dynamics.speakers else None
    if top is None:
        return []
    spoken = [t for t in transcript.turns if t.speaker == top.speaker]
    text = f"{len(people)} attendees; {top.speaker} spoke {round(top.word_share * 100)}% of the words."
    return [SummarySentence(text, tuple(t.line for t in spoken),
                            tuple(format_timestamp(t.start) for t in spoken if t.start is not None))]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
