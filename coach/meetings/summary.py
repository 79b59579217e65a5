"""Meeting summary: what was decided, who owns what, what is still open, each said once.

Every sentence cites the transcript lines it came from. Decisions and actions are quoted
verbatim: the sentence of the turn that decides or hands out the work (`coach.meetings.focus`
picks it in a long turn; otherwise the longest sentence that is not a question, so "Everyone okay
with that?" is left out). A turn that both decides and hands out work is one line ("Decided …
[owner X, due …]"), and a sentence already quoted is not quoted again. The "Still open" line is
computed from the same entries it follows, names their lines, and its only numbers are counts of
them: a decision or action with no owner, an action with no date, a question nobody answered.

Order: decisions and actions in transcript order (at most `max_sentences`; the open line still
counts every one and names the lines of those left out), then "Still open", then each unanswered
question, then one line on attendance and talk share.
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


@dataclass(frozen=True)
class _Entry:
    """One decision or action as the summary says it: the quoted sentence, owner and date."""

    moment: Moment
    decided: bool
    quote: str
    due: str | None

    @property
    def open_reasons(self) -> tuple[str, ...]:
        """What is still open about it: no owner, or (an action) no date."""
        if self.moment.owner is None:
            return ("decision without an owner",) if self.decided else ("action without an owner",)
        return () if self.decided or self.due else ("action without a date",)


def summarise(transcript: Transcript, dynamics: MeetingDynamics, *,
              max_sentences: int = 12) -> tuple[SummarySentence, ...]:
    """Decisions, owners, open items and attendance (at most `max_sentences` quoted lines)."""
    entries = _entries(dynamics)
    shown = entries[:max(max_sentences, 0)]
    return (*(_say(e) for e in shown), *_still_open(entries, dynamics), *_attendance(transcript, dynamics))


def key_sentence(text: str) -> str:
    """The sentence of a turn that carries its content: the longest one that is not a question."""
    said = [s for s in sentences(text) if not is_question(s)] or sentences(text) or [text]
    return _clip(max(said, key=len))


def _clip(sentence: str) -> str:
    return sentence if len(sentence) <= QUOTE_CHARS else sentence[:QUOTE_CHARS - 1].rstrip() + "…"


def _entries(dynamics: MeetingDynamics) -> list[_Entry]:
    """One entry per turn that decides or hands out work, in transcript order, no sentence twice."""
    actions = {m.line: m for m in dynamics.action_items}
    found: dict[int, _Entry] = {}
    for m in dynamics.decisions:
        action = actions.get(m.line)
        owned = m if m.owner is not None or action is None else action
        quote = dynamics.key_sentence(m.line, "decision") or key_sentence(m.text)
        found[m.line] = _Entry(owned, True, _clip(quote), action.due if action else None)
    for m in dynamics.action_items:
        if m.line not in found:
            quote = dynamics.key_sentence(m.line, "action") or key_sentence(m.text)
            found[m.line] = _Entry(m, False, _clip(quote), m.due)
    quoted: set[str] = set()
    unique = []
    for entry in sorted(found.values(), key=lambda e: e.moment.line):
        if entry.quote not in quoted:
            quoted.add(entry.quote)
            unique.append(entry)
    return unique


def _owner(m: Moment) -> str | None:
    return None if m.owner is None else m.owner + (" (not in the meeting)" if m.owner_absent else "")


def _say(entry: _Entry) -> SummarySentence:
    m, owner = entry.moment, _owner(entry.moment)
    if entry.decided:
        facts = [f"owner {owner}" if owner else "no owner yet", *([f"due {entry.due}"] if entry.due else [])]
        text = f"Decided ({m.speaker}): {entry.quote} [{', '.join(facts)}]"
    else:
        text = f"{owner or 'Nobody yet'}: {entry.quote} [{f'due {entry.due}' if entry.due else 'no date'}]"
    return _cite(text, [m])


def _cite(text: str, moments: Sequence[Moment]) -> SummarySentence:
    return SummarySentence(text, tuple(m.line for m in moments), tuple(m.at for m in moments if m.at))


def _still_open(entries: Sequence[_Entry], dynamics: MeetingDynamics) -> list[SummarySentence]:
    groups: dict[str, list[Moment]] = {}
    for entry in entries:
        for reason in entry.open_reasons:
            groups.setdefault(reason, []).append(entry.moment)
    questions = list(dynamics.unresolved_questions)
    if questions:
        groups["question nobody answered"] = questions
    if not groups:
        return []
    said = [f"{_count(len(found), reason)} ({_lines(found)})" for reason, found in groups.items()]
    moments = sorted({m.line: m for found in groups.values() for m in found}.values(), key=lambda m: m.line)
    result = [_cite("Still open: " + "; ".join(said) + ".", moments)]
    result += [_cite(f"Unanswered ({m.speaker}): {next((s for s in sentences(m.text) if is_question(s)), m.text)}",
                     [m]) for m in questions]
    return result


def _lines(found: Sequence[Moment]) -> str:
    numbers = [str(m.line) for m in found]
    return ("line " if len(numbers) == 1 else "lines ") + ", ".join(numbers)


def _attendance(transcript: Transcript, dynamics: MeetingDynamics) -> list[SummarySentence]:
    people = dict.fromkeys([*transcript.attendees, *transcript.speakers, *dynamics.silent])
    top = dynamics.speakers[0] if dynamics.speakers else None
    if top is None:
        return []
    spoken = [t for t in transcript.turns if t.speaker == top.speaker]
    text = f"{len(people)} attendees; {top.speaker} spoke {round(top.word_share * 100)}% of the words."
    return [SummarySentence(text, tuple(t.line for t in spoken),
                            tuple(format_timestamp(t.start) for t in spoken if t.start is not None))]


def _count(number: int, reason: str) -> str:
    """ "1 decision without an owner", "2 decisions without an owner"."""
    noun, _, rest = reason.partition(" ")
    return f"{number} {noun} {rest}" if number == 1 else f"{number} {noun}s {rest}"
