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
- unresolved question: see `_answered`; disagreement resolved: see `_resolutions`.
- appreciation: "great work", "nice work", "really helpful", "appreciate", or a thank-you that
  says what it is for; "Thanks." alone and "thanks for joining" are ritual, not appreciation.
- off-goal: the caller's per-turn goal similarity, smoothed over neighbouring turns (see
  `_smoothed`), under OFF_GOAL_THRESHOLD for >= OFF_GOAL_MIN_TURNS turns or >= 60 s.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from coach.errors import ValidationError
from coach.transcripts import Transcript, Turn, format_timestamp

MomentKind = Literal["interruption", "status_readout", "decision", "action_item", "unresolved_question",
                     "off_goal", "question_to_quiet_member", "appreciation", "disagreement_resolved"]

DOMINANCE = 0.45
SILENT_MAX_TURNS = 1
SILENT_MAX_WORDS = 10
SPEECH_RATE = 2.5  # words per second, for a turn whose end is unknown
INTERRUPT_GAP = 1.0
READOUT_MIN_RUN = 4
READOUT_MAX_WORDS = 60
READOUT_MIN_NUMBERS = 2
OWNER_WINDOW = 2
ANSWER_WINDOW = 3
RESOLUTION_WINDOW = 6
OFF_GOAL_MIN_SECONDS = 60.0
OFF_GOAL_MIN_TURNS = 3
OFF_GOAL_THRESHOLD = 0.24  # tuned on the example check-ins with all-MiniLM-L6-v2 (0.22-0.24 all work)
SMOOTHING_RADIUS = 1

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[—])\s+(?=[A-Z])")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_CUT_OFF = ("—", "--", "...", "…")
_RHETORICAL = {"right", "okay", "ok", "yes", "no", "yeah", "correct", "agreed", "fine", "true",
               "isn't it", "you know", "makes sense", "sound good", "sounds good", "all good"}
_STOPWORDS = frozenset("""
about above actually after again also always another anyone anything around back because been
before being below both could didn doesn does doing done down each either else even ever every
everyone everything from further going gonna have having here just know last like little make
many maybe might more most much must need never next nobody none nothing okay once only other
ours over quite rather really right said same says should since some someone something still
such sure than that their them then there these they thing things think this those though
through very want well were what when where whether which while will with within without would
yeah your yours
""".split())
_ANSWER_OPENER = re.compile(r"^\W*(?:yes|no|nope|yeah|yep|sure|nothing|not|we|there is|there's|it is|it's|"
                            r"I (?:think|believe|saw|heard|know|am|guess))\b", re.I)
_DECISION = re.compile(r"\b(?:let's go with|let’s go with|we'll go with|we will go with|we decided|"
                       r"decision is|agreed|let's do|let’s do|we will go ahead|final answer)\b", re.I)
_DISAGREE = re.compile(r"\b(?:I (?:really )?(?:don't|do not)|disagree|not sure|I have a problem)\b"
                       r"|,\s*though\b", re.I)
# "But" opening a sentence, or right after a short acknowledgement ("I get that, but"); a
# mid-sentence "but" is usually a plain concession, not disagreement.
_BUT = re.compile(r"(?:^|[.!?]\s+)But\b|^\W*(?:I get that|I see that|sorry|yes|yeah|sure|true|okay|maybe),"
                  r"\s*but\b", re.I)
_AGREE = re.compile(r"^\W*(?:okay|ok|fair|agreed|makes sense|happy to)\b|"
                    r"\b(?:works for me|makes sense|fair enough|happy to keep|can live with)\b", re.I)
_STRONG_THANKS = re.compile(r"\b(?:great work|nice work|really helpful|appreciate)", re.I)
_THANKS = re.compile(r"\bthank(?:s| you)\b", re.I)
_RITUAL_THANKS = re.compile(r"\bthank(?:s| you)(?: all| everyone)? for (?:joining|coming|your time)\b", re.I)
_AGENDA = re.compile(r"\blet['’]s do (?:the )?\w+ (?:first|next|now)\b", re.I)
_SELF_ACTION = re.compile(r"\bI(?:'ll|’ll| will)\s+(?!not\b|be honest)[a-z]+", re.I)
_CAN_YOU = re.compile(r"\bcan you\s+(?!say|tell|explain|remind|clarify|describe|hear|see)[a-z]+", re.I)
_NAMED_WILL = re.compile(r"\b[A-Z][a-z]+ will\s+(?!not\b)[a-z]+")
_ACTION_TAG = re.compile(r"\baction(?: item)?:", re.I)
_DUE_PHRASE = re.compile(r"\b(?:(?:by|on|before|until) )?(?:(?:next )?(?:Monday|Tuesday|Wednesday|Thursday|"
                         r"Friday|Saturday|Sunday)|tomorrow|end of (?:the )?week|next week)\b", re.I)
_BY_DUE = re.compile(r"\bby (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|tomorrow|"
                     r"end of (?:the )?week|next week|\d{4}-\d{2}-\d{2})\b", re.I)


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


def words(text: str) -> list[str]:
    """The words of a text (numbers included)."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Split a turn into sentences, keeping each one verbatim."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def is_question(sentence: str) -> bool:
    """A sentence ending in '?' that is not a short confirmation such as 'right?'."""
    stripped = sentence.strip().rstrip("\"'”’)")
    if not stripped.endswith("?"):
        return False
    core = re.sub(r"[^\w' ]", "", stripped).strip().lower()
    # "That works, right?" asks for a nod, not an answer: three words or fewer ending in a tag.
    return not any(core == tag or (core.endswith(f" {tag}") and len(core.split()) <= 3)
                   for tag in _RHETORICAL)


def content_words(text: str) -> set[str]:
    """Lower-cased words of four letters or more that are not stopwords."""
    return {w for w in (w.lower().strip("'’") for w in words(text)) if len(w) >= 4 and w not in _STOPWORDS}


def is_decision(sentence: str) -> bool:
    """A sentence that settles something ("let's go with", "we decided").

    Agenda moves ("let's do the numbers first") and a bare "Agreed." (it names nothing decided)
    do not count.
    """
    return bool(_DECISION.search(sentence)) and not _AGENDA.search(sentence) and len(words(sentence)) > 2


def is_commitment(sentence: str) -> bool:
    """A sentence that hands out work: "<Name> will", "I'll", "can you", "action:", "by Friday"."""
    patterns = (_NAMED_WILL, _SELF_ACTION, _CAN_YOU, _ACTION_TAG, _BY_DUE)
    return any(p.search(sentence) for p in patterns)


def reads_numbers(text: str) -> bool:
    """True for a short turn quoting at least two figures (dates do not count)."""
    return (len(_NUMBER.findall(_ISO_DATE.sub(" ", text))) >= READOUT_MIN_NUMBERS
            and len(words(text)) <= READOUT_MAX_WORDS)


class People:
    """Attendee and speaker names, matched by full or (unambiguous) first name."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(dict.fromkeys(n for n in names if n))
        firsts = [n.split()[0] for n in self.names]
        self._alias = {n: n for n in self.names}
        self._alias.update({f: n for f, n in zip(firsts, self.names, strict=True) if firsts.count(f) == 1})
        alternatives = "|".join(re.escape(a) for a in sorted(self._alias, key=len, reverse=True))
        self.pattern = re.compile(rf"\b({alternatives})\b") if alternatives else re.compile(r"(?!)")

    def resolve(self, alias: str) -> str:
        """The full name for a full or first name."""
        return self._alias.get(alias, alias)

    def mentioned(self, text: str, *, besides: str = "") -> list[str]:
        """Full names mentioned in a text, in order, leaving out `besides`."""
        found = (self.resolve(m.group(1)) for m in self.pattern.finditer(text))
        return [n for n in dict.fromkeys(found) if n != besides]


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
    people = People([*attendees, *transcript.attendees, *transcript.speakers])
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
            result.append(len(words(turn.text)) / SPEECH_RATE)
    return result


def _speaker_stats(turns: Sequence[Turn], seconds: Sequence[float]) -> tuple[SpeakerStats, ...]:
    tally: dict[str, list[float]] = {}
    for turn, length in zip(turns, seconds, strict=True):
        row = tally.setdefault(turn.speaker, [0, 0.0, 0, 0])
        row[0] += len(words(turn.text))
        row[1] += length
        row[2] += 1
        row[3] += sum(1 for s in sentences(turn.text) if s.rstrip().endswith("?"))
    total_words = sum(r[0] for r in tally.values()) or 1
    total_seconds = sum(r[1] for r in tally.values()) or 1.0
    stats = [SpeakerStats(name, int(w), w / total_words, s, s / total_seconds, int(n), int(q))
             for name, (w, s, n, q) in tally.items()]
    return tuple(sorted(stats, key=lambda s: (-s.word_share, s.speaker)))


def _silent(people: People, stats: Sequence[SpeakerStats]) -> tuple[str, ...]:
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
        cut_off = before.text.rstrip().endswith(_CUT_OFF)
        quick = (turn.start is not None and before.start is not None
                 and (turn.start - before.start < INTERRUPT_GAP
                      or (before.end is not None and turn.start < before.end)))
        if cut_off or quick:
            yield _moment("interruption", turn, before.speaker)


def _readouts(turns: Sequence[Turn]) -> tuple[tuple[Moment, ...], ...]:
    runs: list[tuple[Moment, ...]] = []
    current: list[Moment] = []
    for turn in [*turns, None]:
        if turn is not None and reads_numbers(turn.text):
            current.append(_moment("status_readout", turn))
            continue
        if len(current) >= READOUT_MIN_RUN:
            runs.append(tuple(current))
        current = []
    return tuple(runs)


def _owner_in(turn: Turn, people: People) -> str | None:
    """A person the turn attaches to work: '<Name> will/owns', '<Name>, can you take', 'I'll', 'on me'."""
    for sentence in sentences(turn.text):
        named = people.pattern.search(sentence)
        if named and re.search(rf"{re.escape(named.group(1))}\s+(?:will|owns)\b", sentence):
            return people.resolve(named.group(1))
        if named and re.search(r"\bcan you take\b", sentence, re.I):
            return people.resolve(named.group(1))
        if _SELF_ACTION.search(sentence) or re.search(r"\bis on me\b", sentence, re.I):
            return turn.speaker
    return None


def _decisions(turns: Sequence[Turn], people: People) -> Iterator[Moment]:
    for index, turn in enumerate(turns):
        decided = next((s for s in sentences(turn.text) if is_decision(s)), None)
        if decided is None:
            continue
        owner = _owner_in(turn, people)
        topic = content_words(decided)
        for later in turns[index + 1:index + 1 + OWNER_WINDOW]:
            if owner or not topic & content_words(later.text):
                break
            owner = _owner_in(later, people)
        yield _moment("decision", turn, f"owner: {owner}" if owner else "no owner")


def _action_owner(turn: Turn, people: People) -> tuple[bool, str | None]:
    """Whether the turn commits someone to work, and who."""
    named = re.search(rf"{people.pattern.pattern}\s+will\s+(?!not\b)[a-z]+", turn.text)
    if named:
        return True, people.resolve(named.group(1))
    if _SELF_ACTION.search(turn.text):
        return True, turn.speaker
    if _CAN_YOU.search(turn.text):
        addressed = people.mentioned(turn.text, besides=turn.speaker)
        return True, addressed[0] if addressed else None
    if _ACTION_TAG.search(turn.text) or _BY_DUE.search(turn.text):
        return True, None
    return False, None


def _actions(turns: Sequence[Turn], people: People) -> Iterator[Moment]:
    for turn in turns:
        found, owner = _action_owner(turn, people)
        if not found:
            continue
        date = _ISO_DATE.search(turn.text) or _DUE_PHRASE.search(turn.text)
        due = f"due: {date.group(0)}" if date else "no due date"
        yield _moment("action_item", turn, f"{f'owner: {owner}' if owner else 'no owner'}; {due}")


def _unresolved(turns: Sequence[Turn], people: People) -> Iterator[Moment]:
    for index, turn in enumerate(turns):
        if any(is_question(s) for s in sentences(turn.text)) and not _answered(turns, index, people):
            yield _moment("unresolved_question", turn)


def _answered(turns: Sequence[Turn], index: int, people: People) -> bool:
    """Within ANSWER_WINDOW turns, does someone answer the question in turns[index]?

    The asker's own follow-ups are skipped. Another speaker's turn answers when it comes from
    the person the question named or opens like an answer (yes / no / sure / we / I think /
    I saw ...), or when it is not a question and shares a content word (four letters or more,
    not a stopword) with the question turn. A question from someone else that shares no
    content word changes the subject, so the earlier question stays unanswered.
    """
    asked = turns[index]
    topic = content_words(asked.text)
    addressed = set(people.mentioned(asked.text, besides=asked.speaker))
    for later in turns[index + 1:index + 1 + ANSWER_WINDOW]:
        if later.speaker == asked.speaker:
            continue
        if later.speaker in addressed or _ANSWER_OPENER.match(later.text):
            return True
        shared = bool(topic & content_words(later.text))
        if any(is_question(s) for s in sentences(later.text)):
            if not shared:
                return False
            continue
        if shared:
            return True
    return False


def _off_goal(turns: Sequence[Turn], seconds: Sequence[float], similarity: Sequence[float] | None,
              threshold: float) -> tuple[tuple[Moment, ...], ...]:
    if similarity is None:
        return ()
    similarity = _smoothed(similarity, [len(words(t.text)) for t in turns])
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


def _good_moments(turns: Sequence[Turn], people: People, stats: Sequence[SpeakerStats],
                  silent: Sequence[str]) -> tuple[Moment, ...]:
    quiet = set(silent) | {s.speaker for s in stats if s.word_share == stats[-1].word_share}
    found: list[Moment] = []
    for turn in turns:
        if any(is_question(s) for s in sentences(turn.text)):
            named = [n for n in people.mentioned(turn.text, besides=turn.speaker) if n in quiet]
            if named:
                found.append(_moment("question_to_quiet_member", turn, named[0]))
        if _appreciates(turn.text):
            found.append(_moment("appreciation", turn))
    found.extend(_resolutions(turns))
    return tuple(sorted(found, key=lambda m: (m.line, m.kind)))


def _appreciates(text: str) -> bool:
    """Specific appreciation: a strong phrase, or a thank-you that says what it is for."""
    if _STRONG_THANKS.search(text):
        return True
    return any(_THANKS.search(s) and not _RITUAL_THANKS.search(s) and len(words(s)) > 4
               for s in sentences(text))


def _resolutions(turns: Sequence[Turn]) -> Iterator[Moment]:
    """Agreements that close a real disagreement.

    A turn disagrees ("I don't", "not sure", "disagree", "I have a problem", a clause opening
    with "but", a trailing ", though"). It is a debate once a second speaker also disagrees
    within RESOLUTION_WINDOW turns; the disagreeing speakers and the speaker first answered are
    its parties. A party's later turn that opens with or states agreement ("okay", "fair",
    "works for me", "happy to keep") resolves it, and that agreeing turn is reported.
    """
    index = 0
    while index < len(turns):
        resolved = _resolution(turns, index) if _disagrees(turns[index].text) else None
        if resolved is None:
            index += 1
            continue
        agreed, parties = resolved
        yield _moment("disagreement_resolved", turns[agreed], "between " + ", ".join(sorted(parties)))
        index = agreed + 1


def _disagrees(text: str) -> bool:
    return bool(_DISAGREE.search(text) or _BUT.search(text))


def _resolution(turns: Sequence[Turn], start: int) -> tuple[int, set[str]] | None:
    """Index of the turn that resolves the debate opened at `start`, and the debate's parties."""
    disagreeing = {turns[start].speaker}
    parties = {turns[start].speaker, turns[start - 1].speaker if start else turns[start].speaker}
    for index in range(start + 1, min(start + 1 + RESOLUTION_WINDOW, len(turns))):
        later = turns[index]
        if len(disagreeing) >= 2 and later.speaker in parties and _AGREE.search(later.text):
            return index, parties
        if _disagrees(later.text):
            disagreeing.add(later.speaker)
            parties.add(later.speaker)
    return None


def _duration(turns: Sequence[Turn], seconds: Sequence[float]) -> float | None:
    first, last = turns[0].start, turns[-1].start
    return None if first is None or last is None else last + seconds[-1] - first
