"""Who talked, how much, and who cut whom off.

- time: a turn lasts until its cue end, else until the next turn's start, else words / SPEECH_RATE s.
- interruption: the previous turn is cut off ("—", "--", "..."), or this turn starts less than
  INTERRUPT_GAP s after the previous start, or before the previous cue's end. The finding names
  the person cut off.
- dominance: no single cut-off. Each speaker's word share and turn share are measured against an
  equal share (1 / number of people present), scaled so 0 is an equal share and 1 is everything:
  `excess = (share - equal) / (1 - equal)`. The score adds the word excess, a quarter of the turn
  excess and INTERRUPTION_WEIGHT per interruption the speaker made; DOMINANCE_SCORE or more
  dominates. The facilitator's turn share does not count: taking every other turn to ask and
  hand over is running the meeting, not holding the floor. In a five-person meeting 44 % of the
  words alone scores 0.30, with two interruptions 0.50; in a two-person meeting 60 % of the words
  scores 0.20, so a pair is not dominated by default.
- silent: an attendee with no turn, or at most SILENT_MAX_TURNS turns and SILENT_MAX_WORDS words
  none of which did anything beyond assent: someone whose one short turn took on work or asked a
  question took part (the caller says who, from the turns' labels).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from coach.meetings import phrases
from coach.transcripts import Turn, format_timestamp

SPEECH_RATE = 2.5  # words per second, for a turn whose end is unknown
INTERRUPT_GAP = 1.0
SILENT_MAX_TURNS = 1
SILENT_MAX_WORDS = 10
DOMINANCE_SCORE = 0.4
TURN_WEIGHT = 0.25
INTERRUPTION_WEIGHT = 0.1


@dataclass(frozen=True)
class SpeakerStats:
    """How much one speaker talked, and how often they cut someone off."""

    speaker: str
    words: int
    word_share: float
    seconds: float
    time_share: float
    turns: int
    questions: int
    interruptions: int = 0
    dominance: float = 0.0


@dataclass(frozen=True)
class Interruption:
    """A turn that cut into the previous speaker's turn."""

    at: str
    line: int
    speaker: str
    text: str
    cut_off: str


def turn_seconds(turns: Sequence[Turn]) -> list[float]:
    """How long each turn lasted (see the module docstring)."""
    result: list[float] = []
    for index, turn in enumerate(turns):
        following = turns[index + 1].start if index + 1 < len(turns) else None
        if turn.start is not None and turn.end is not None:
            result.append(max(turn.end - turn.start, 0.0))
        elif turn.start is not None and following is not None:
            result.append(max(following - turn.start, 0.0))
        else:
            result.append(len(phrases.words(turn.text)) / SPEECH_RATE)
    return result


def interruptions(turns: Sequence[Turn]) -> Iterator[Interruption]:
    """Every turn that cut the previous speaker off (see the module docstring)."""
    for before, turn in itertools.pairwise(turns):
        if turn.speaker == before.speaker:
            continue
        cut_off = phrases.is_cut_off(before.text)
        quick = (turn.start is not None and before.start is not None
                 and (turn.start - before.start < INTERRUPT_GAP
                      or (before.end is not None and turn.start < before.end)))
        if cut_off or quick:
            yield Interruption(format_timestamp(turn.start), turn.line, turn.speaker, turn.text, before.speaker)


def speaker_stats(turns: Sequence[Turn], seconds: Sequence[float], cuts: Sequence[Interruption],
                  present: int, facilitator: str | None = None) -> tuple[SpeakerStats, ...]:
    """Per speaker, sorted by word share (largest first), with the dominance score."""
    tally: dict[str, list[float]] = {}
    for turn, length in zip(turns, seconds, strict=True):
        row = tally.setdefault(turn.speaker, [0, 0.0, 0, 0])
        row[0] += len(phrases.words(turn.text))
        row[1] += length
        row[2] += 1
        row[3] += sum(1 for s in phrases.sentences(turn.text) if s.rstrip().endswith("?"))
    total_words = sum(r[0] for r in tally.values()) or 1
    total_seconds = sum(r[1] for r in tally.values()) or 1.0
    equal = 1.0 / max(present, len(tally), 2)
    made = {name: sum(1 for c in cuts if c.speaker == name) for name in tally}
    stats = []
    for name, (spoken, length, count, asked) in tally.items():
        word_share, turn_share = spoken / total_words, count / len(turns)
        # A facilitator speaks between most turns: their turn share shows they ran the meeting.
        turn_weight = 0.0 if name == facilitator else TURN_WEIGHT
        score = (_excess(word_share, equal) + turn_weight * _excess(turn_share, equal)
                 + INTERRUPTION_WEIGHT * made[name])
        stats.append(SpeakerStats(name, int(spoken), word_share, length, length / total_seconds, int(count),
                                  int(asked), made[name], round(score, 3)))
    return tuple(sorted(stats, key=lambda s: (-s.word_share, s.speaker)))


def dominant(stats: Sequence[SpeakerStats]) -> SpeakerStats | None:
    """The speaker with the highest dominance score, when it reaches DOMINANCE_SCORE."""
    top = max(stats, key=lambda s: (s.dominance, s.word_share), default=None)
    return top if top is not None and top.dominance >= DOMINANCE_SCORE else None


def silent(names: Sequence[str], stats: Sequence[SpeakerStats],
           took_part: Collection[str] = ()) -> tuple[str, ...]:
    """Attendees who did not speak, or barely did; `took_part` spoke little but took work or asked."""
    by_name = {s.speaker: s for s in stats}
    quiet = []
    for name in names:
        row = by_name.get(name)
        barely = row is not None and row.turns <= SILENT_MAX_TURNS and row.words <= SILENT_MAX_WORDS
        if row is None or (barely and name not in took_part):
            quiet.append(name)
    return tuple(quiet)


def _excess(share: float, equal: float) -> float:
    return (share - equal) / (1 - equal)
