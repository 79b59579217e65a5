"""Deterministic meeting dynamics from a parsed transcript.

Every finding is a plain-text heuristic over speaker turns, so the same transcript always
gives the same result and each finding points at the transcript line it came from:

- talk balance: word and time share per speaker; a turn lasts until its cue end, else until
  the next turn's start, else words / SPEECH_RATE seconds.
- interruption: the previous turn is cut off ("—", "--", "..."), or this turn starts less
  than INTERRUPT_GAP s after the previous start, or before the previous cue's end.
- status readout: runs of >= READOUT_MIN_RUN consecutive short turns that each read numbers.
- decision owner: a name attached with "will" / "owns" / "can you take" / "I'll" in the
  decision turn or the next OWNER_WINDOW turns. The search stops at the first turn that shares
  no content word with the decision sentence: the talk moved on, so the decision stayed ownerless.
- action item: "<Name> will <verb>", "I'll / I will <verb>", "can you <verb>" (not requests to
  speak such as "can you say"), "action:", "by <weekday|date>". Due dates are kept as written.
- unresolved question: see `phrases.answered`; disagreement resolved: see `_resolutions`.
- appreciation: "great work", "nice work", "really helpful", "appreciate", or a thank-you that
  says what it is for; "Thanks." alone and "thanks for joining" are ritual, not appreciation.
- off-goal: the caller's per-turn goal similarity, smoothed over neighbouring turns (see
  `_smoothed`), under OFF_GOAL_THRESHOLD for >= OFF_GOAL_MIN_TURNS turns or >= 60 s.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from coach.errors import ValidationError
from coach.meetings import phrases

# Re-exported: the summary, the nudge drafts and the tests read turns with these through this module.
from coach.meetings.phrases import is_commitment as is_commitment
from coach.meetings.phrases import is_decision as is_decision
from coach.meetings.phrases import is_question as is_question
from coach.meetings.phrases import sentences as sentences
from coach.meetings.phrases import words as words
from coach.transcripts import Transcript, Turn, format_timestamp

MomentKind = Literal["interruption", "status_readout", "decision", "action_item", "unresolved_question",
                     "off_goal", "question_to_quiet_member", "appreciation", "disagreement_resolved"]

DOMINANCE = 0.45
SILENT_MAX_TURNS = 1
SILENT_MAX_WORDS = 10
SPEECH_RATE = 2.5  # words per second, for a turn whose end is unknown
INTERRUPT_GAP = 1.0
READOUT_MIN_RUN = 4
OWNER_WINDOW = 2
OFF_GOAL_MIN_SECONDS = 60.0
OFF_GOAL_MIN_TURNS = 3
OFF_GOAL_THRESHOLD = 0.24  # tuned on the example check-ins with all-MiniLM-L6-v2 (0.22-0.24 all work)
SMOOTHING_RADIUS = 1


@dataclass(frozen=True)
class SpeakerStats:
    """How much one speaker talked."""

    speaker: str
    words: int
    word_share: float
    seconds: float
    time_share: float
    turns: int
    questions: int


@dataclass(frozen=True)
class Moment:
    """One finding anchored to a transcript turn; `text` is that turn's text verbatim."""

    kind: MomentKind
    at: str
    line: int
    speaker: str
    text: str
    detail: str = ""


@dataclass(frozen=True)
class MeetingDynamics:
    """Everything `analyse` found, each moment in transcript order."""

    speakers: tuple[SpeakerStats, ...]
    dominant: SpeakerStats | None
    silent: tuple[str, ...]
    interruptions: tuple[Moment, ...]
    status_readouts: tuple[tuple[Moment, ...], ...]
    decisions: tuple[Moment, ...]
    action_items: tuple[Moment, ...]
    unresolved_questions: tuple[Moment, ...]
    off_goal: tuple[tuple[Moment, ...], ...]
    good_moments: tuple[Moment, ...]
    duration_seconds: float | None


def analyse(transcript: Transcript, *, attendees: Sequence[str] = (),
            goal_similarity: Sequence[float] | None = None,
            off_goal_threshold: float = OFF_GOAL_THRESHOLD) -> MeetingDynamics:
    """Compute talk balance, readouts, decisions, actions, questions and good moments."""
    turns = transcript.turns
    if not turns:
        raise ValidationError("the transcript has no speaker turns; parse it with parse_transcript first")
    if goal_similarity is not None and len(goal_similarity) != len(turns):
        raise ValidationError(f"goal_similarity has {len(goal_similarity)} values but the transcript has "
                              f"{len(turns)} turns; pass one similarity per turn")
    people = phrases.People([*attendees, *transcript.attendees, *transcript.speakers])
    seconds = turn_seconds(turns)
    stats = _speaker_stats(turns, seconds)
    top = stats[0] if stats else None
    silent = _silent(people, stats)
    return MeetingDynamics(
        speakers=stats, dominant=top if top and top.word_share > DOMINANCE else None, silent=silent,
        interruptions=tuple(_interruptions(turns)), status_readouts=_readouts(turns),
        decisions=tuple(_decisions(turns, people)), action_items=tuple(_actions(turns, people)),
        unresolved_questions=tuple(_unresolved(turns, people)),
        off_goal=_off_goal(turns, seconds, goal_similarity, off_goal_threshold),
        good_moments=_good_moments(turns, people, stats, silent), duration_seconds=_duration(turns, seconds))


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


def _speaker_stats(turns: Sequence[Turn], seconds: Sequence[float]) -> tuple[SpeakerStats, ...]:
    tally: dict[str, list[float]] = {}
    for turn, length in zip(turns, seconds, strict=True):
        row = tally.setdefault(turn.speaker, [0, 0.0, 0, 0])
        row[0] += len(phrases.words(turn.text))
        row[1] += length
        row[2] += 1
        row[3] += sum(1 for s in phrases.sentences(turn.text) if s.rstrip().endswith("?"))
    total_words = sum(r[0] for r in tally.values()) or 1
    total_seconds = sum(r[1] for r in tally.values()) or 1.0
    stats = [SpeakerStats(name, int(w), w / total_words, s, s / total_seconds, int(n), int(q))
             for name, (w, s, n, q) in tally.items()]
    return tuple(sorted(stats, key=lambda s: (-s.word_share, s.speaker)))


def _silent(people: phrases.People, stats: Sequence[SpeakerStats]) -> tuple[str, ...]:
    by_name = {s.speaker: s for s in stats}
    quiet = []
    for name in people.names:
        row = by_name.get(name)
        if row is None or (row.turns <= SILENT_MAX_TURNS and row.words <= SILENT_MAX_WORDS):
            quiet.append(name)
    return tuple(quiet)


def _moment(kind: MomentKind, turn: Turn, detail: str = "") -> Moment:
    return Moment(kind, format_timestamp(turn.start), turn.line, turn.speaker, turn.text, detail)


def _interruptions(turns: Sequence[Turn]) -> Iterator[Moment]:
    for before, turn in itertools.pairwise(turns):
        if turn.speaker == before.speaker:
            continue
        cut_off = phrases.is_cut_off(before.text)
        quick = (turn.start is not None and before.start is not None
                 and (turn.start - before.start < INTERRUPT_GAP
                      or (before.end is not None and turn.start < before.end)))
        if cut_off or quick:
            yield _moment("interruption", turn, before.speaker)


def _readouts(turns: Sequence[Turn]) -> tuple[tuple[Moment, ...], ...]:
    runs: list[tuple[Moment, ...]] = []
    current: list[Moment] = []
    for turn in [*turns, None]:
        if turn is not None and phrases.reads_numbers(turn.text):
            current.append(_moment("status_readout", turn))
            continue
        if len(current) >= READOUT_MIN_RUN:
            runs.append(tuple(current))
        current = []
    return tuple(runs)


def _decisions(turns: Sequence[Turn], people: phrases.People) -> Iterator[Moment]:
    for index, turn in enumerate(turns):
        decided = next((s for s in phrases.sentences(turn.text) if phrases.is_decision(s)), None)
        if decided is None:
            continue
        owner = phrases.owner_in(turn, people)
        topic = phrases.content_words(decided)
        for later in turns[index + 1:index + 1 + OWNER_WINDOW]:
            if owner or not topic & phrases.content_words(later.text):
                break
            owner = phrases.owner_in(later, people)
        yield _moment("decision", turn, f"owner: {owner}" if owner else "no owner")


def _actions(turns: Sequence[Turn], people: phrases.People) -> Iterator[Moment]:
    for turn in turns:
        found, owner = phrases.action_owner(turn, people)
        if not found:
            continue
        date = phrases.due_date(turn.text)
        due = f"due: {date}" if date else "no due date"
        yield _moment("action_item", turn, f"{f'owner: {owner}' if owner else 'no owner'}; {due}")


def _unresolved(turns: Sequence[Turn], people: phrases.People) -> Iterator[Moment]:
    for index, turn in enumerate(turns):
        asks = any(phrases.is_question(s) for s in phrases.sentences(turn.text))
        if asks and not phrases.answered(turns, index, people):
            yield _moment("unresolved_question", turn)



def _off_goal(turns: Sequence[Turn], seconds: Sequence[float], similarity: Sequence[float] | None,
              threshold: float) -> tuple[tuple[Moment, ...], ...]:
    if similarity is None:
        return ()
    similarity = _smoothed(similarity, [len(phrases.words(t.text)) for t in turns])
    runs: list[tuple[Moment, ...]] = []
    current: list[int] = []
    for index in [*range(len(turns)), -1]:
        if index >= 0 and similarity[index] < threshold:
            current.append(index)
            continue
        if len(current) >= OFF_GOAL_MIN_TURNS or sum(seconds[i] for i in current) >= OFF_GOAL_MIN_SECONDS:
            runs.append(tuple(_moment("off_goal", turns[i]) for i in current))
        current = []
    return tuple(runs)


def _smoothed(similarity: Sequence[float], weights: Sequence[int]) -> list[float]:
    """Word-weighted mean over each turn and its neighbours (SMOOTHING_RADIUS on each side).

    A short reply ("Count me in.") embeds poorly on its own, so one turn never decides; long
    turns weigh more because their embedding says more about the topic.
    """
    result = []
    for index in range(len(similarity)):
        span = range(max(0, index - SMOOTHING_RADIUS), min(len(similarity), index + SMOOTHING_RADIUS + 1))
        total = sum(max(weights[i], 1) for i in span)
        result.append(sum(similarity[i] * max(weights[i], 1) for i in span) / total)
    return result


def _good_moments(turns: Sequence[Turn], people: phrases.People, stats: Sequence[SpeakerStats],
                  silent: Sequence[str]) -> tuple[Moment, ...]:
    quiet = set(silent) | {s.speaker for s in stats if s.word_share == stats[-1].word_share}
    found: list[Moment] = []
    for turn in turns:
        if any(phrases.is_question(s) for s in phrases.sentences(turn.text)):
            named = [n for n in people.mentioned(turn.text, besides=turn.speaker) if n in quiet]
            if named:
                found.append(_moment("question_to_quiet_member", turn, named[0]))
        if phrases.appreciates(turn.text):
            found.append(_moment("appreciation", turn))
    found.extend(_resolutions(turns))
    return tuple(sorted(found, key=lambda m: (m.line, m.kind)))


def _resolutions(turns: Sequence[Turn]) -> Iterator[Moment]:
    """Agreements that close a real disagreement.

    A turn disagrees ("I don't", "not sure", "disagree", "I have a problem", a clause opening
    with "but", a trailing ", though"). It is a debate once a second speaker also disagrees
    within phrases.RESOLUTION_WINDOW turns; the disagreeing speakers and the speaker first answered are
    its parties. A party's later turn that opens with or states agreement ("okay", "fair",
    "works for me", "happy to keep") resolves it, and that agreeing turn is reported.
    """
    index = 0
    while index < len(turns):
        resolved = phrases.debate_resolution(turns, index) if phrases.disagrees(turns[index].text) else None
        if resolved is None:
            index += 1
            continue
        agreed, parties = resolved
        yield _moment("disagreement_resolved", turns[agreed], "between " + ", ".join(sorted(parties)))
        index = agreed + 1


def _duration(turns: Sequence[Turn], seconds: Sequence[float]) -> float | None:
    first, last = turns[0].start, turns[-1].start
    return None if first is None or last is None else last + seconds[-1] - first
