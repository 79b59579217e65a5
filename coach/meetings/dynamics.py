"""Meeting dynamics from a parsed transcript and what each turn does.

Each turn is labelled by the utterance classifier (`coach.meetings.classifier`), adjusted where
plain words are surer (`coach.meetings.refine`); the findings
come from those labels and the meeting's structure, and each points at the transcript line it
came from. The rules live beside their findings:

- talk balance, dominance, interruptions, silent attendees: `coach.meetings.talk`;
- status readouts, decisions, actions, unanswered questions, metric gaming, wellbeing:
  `coach.meetings.outcomes` (owners and due dates: `coach.meetings.owners`);
- off-goal stretches and key results nobody covered: `coach.meetings.goals`;
- good moments: a question that names a quiet attendee, specific appreciation (labelled),
  a metric-gaming proposal someone challenged, and a debate the people involved resolved
  (`phrases.debate_resolution`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from coach.errors import ValidationError
from coach.meetings import outcomes, phrases, talk
from coach.meetings.classifier import TurnLabels, classify, default_embedder
from coach.meetings.focus import KeySentence
from coach.meetings.goals import KeyResultRef, off_goal_stretches, off_goal_turns, uncovered
from coach.meetings.labels import UtteranceLabel
from coach.meetings.moments import Moment, MomentKind, moment

# Re-exported for the summary, the drafts, the risks skill and the tests.
from coach.meetings.phrases import is_question as is_question
from coach.meetings.phrases import sentences as sentences
from coach.meetings.phrases import words as words
from coach.meetings.refine import GAMING_WITH_WORDS, refine
from coach.meetings.talk import SpeakerStats, turn_seconds
from coach.transcripts import Transcript, Turn

__all__ = ["KeyResultRef", "MeetingDynamics", "Moment", "MomentKind", "SpeakerStats", "analyse", "is_question",
           "sentences", "turn_seconds", "words"]


# What a short turn must do for its speaker not to count as silent: take work, ask, propose, object.
_TAKING_PART: frozenset[UtteranceLabel] = frozenset({"action", "question", "proposal", "decision", "disagreement"})


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
    metric_gaming: tuple[Moment, ...] = ()
    wellbeing: tuple[Moment, ...] = ()
    uncovered_key_results: tuple[KeyResultRef, ...] = ()
    labels: tuple[tuple[UtteranceLabel, ...], ...] = ()
    key_sentences: tuple[KeySentence, ...] = ()

    def key_sentence(self, line: int, label: UtteranceLabel) -> str | None:
        """The sentence of the turn at `line` that does what `label` says, when the turn has several."""
        return next((k.sentence for k in self.key_sentences if k.line == line and k.label == label), None)


def analyse(transcript: Transcript, labels: Sequence[TurnLabels | frozenset[UtteranceLabel]] | None = None, *,
            attendees: Sequence[str] = (), goal_similarity: Sequence[float] | None = None,
            key_results: Sequence[KeyResultRef] = (),
            key_result_similarity: Sequence[Sequence[float]] | None = None,
            key_sentences: Sequence[KeySentence] = ()) -> MeetingDynamics:
    """Compute every finding. Without `labels` the shipped classifier labels the turns (loading MiniLM)."""
    turns = transcript.turns
    if not turns:
        raise ValidationError("the transcript has no speaker turns; parse it with parse_transcript first")
    if labels is None:
        labels = classify(transcript, default_embedder())
    tags = [_with_word_backed(item) if isinstance(item, TurnLabels) else frozenset(item) for item in labels]
    _check_lengths(turns, tags, goal_similarity, key_results, key_result_similarity)
    people = phrases.People([*attendees, *transcript.attendees, *transcript.speakers])
    tags = refine(turns, tags, people)
    seconds = turn_seconds(turns)
    cuts = list(talk.interruptions(turns))
    stats = talk.speaker_stats(turns, seconds, cuts, len(people.names), facilitator=turns[0].speaker)
    took_part = {t.speaker for t, found in zip(turns, tags, strict=True) if found & _TAKING_PART}
    silent = talk.silent(people.names, stats, took_part)
    gaming = tuple(outcomes.gaming(turns, tags))
    spoke = {s.speaker for s in stats} - set(silent)
    return MeetingDynamics(
        speakers=stats, dominant=talk.dominant(stats), silent=silent,
        interruptions=tuple(Moment("interruption", c.at, c.line, c.speaker, c.text, c.cut_off) for c in cuts),
        status_readouts=outcomes.readouts(turns, tags), decisions=tuple(outcomes.decisions(turns, tags, people)),
        action_items=tuple(outcomes.actions(turns, tags, people)),
        unresolved_questions=tuple(outcomes.unanswered(turns, tags, people)),
        off_goal=off_goal_stretches(turns, off_goal_turns(turns, tags, goal_similarity), seconds),
        good_moments=_good_moments(turns, tags, people, stats, silent, gaming),
        duration_seconds=_duration(turns, seconds), metric_gaming=gaming,
        wellbeing=tuple(outcomes.wellbeing(turns, tags)),
        uncovered_key_results=uncovered(key_results, turns, key_result_similarity or [], spoke)
        if key_results else (),
        labels=tuple(tuple(sorted(t)) for t in tags), key_sentences=tuple(key_sentences))


def _with_word_backed(item: TurnLabels) -> frozenset[UtteranceLabel]:
    """The turn's labels, plus metric_gaming from the lower probability that refine's word check
    (a proposal about what is counted) makes safe; refine drops it again without those words."""
    gaming: frozenset[UtteranceLabel] = frozenset({"metric_gaming"})
    return item.labels | gaming if item.score("metric_gaming") >= GAMING_WITH_WORDS else item.labels


def _check_lengths(turns: Sequence[Turn], tags: Sequence[frozenset[UtteranceLabel]],
                   goal_similarity: Sequence[float] | None, key_results: Sequence[KeyResultRef],
                   kr_similarity: Sequence[Sequence[float]] | None) -> None:
    if len(tags) != len(turns):
        raise ValidationError(f"got labels for {len(tags)} turns but the transcript has {len(turns)}; "
                              "label every turn (coach.meetings.classifier.classify)")
    if goal_similarity is not None and len(goal_similarity) != len(turns):
        raise ValidationError(f"goal_similarity has {len(goal_similarity)} values but the transcript has "
                              f"{len(turns)} turns; pass one similarity per turn")
    if key_results and (kr_similarity is None or len(kr_similarity) != len(turns)
                        or any(len(row) != len(key_results) for row in kr_similarity)):
        raise ValidationError("key_result_similarity needs one row per turn and one column per key result")


def _good_moments(turns: Sequence[Turn], tags: Sequence[frozenset[UtteranceLabel]], people: phrases.People,
                  stats: Sequence[SpeakerStats], silent: Sequence[str],
                  gaming: Sequence[Moment]) -> tuple[Moment, ...]:
    quiet = set(silent) | {s.speaker for s in stats if s.word_share == stats[-1].word_share}
    found: list[Moment] = []
    for turn, labels in zip(turns, tags, strict=True):
        if "question" in labels:
            named = [n for n in people.mentioned(turn.text, besides=turn.speaker) if n in quiet]
            if named:
                found.append(moment("question_to_quiet_member", turn, named[0]))
        if "appreciation" in labels:
            found.append(moment("appreciation", turn))
    found += [Moment("integrity_defended", m.at, m.line, m.speaker, m.text, m.detail)
              for m in gaming if m.detail.startswith("challenged")]
    found.extend(_resolutions(turns))
    return tuple(sorted(found, key=lambda m: (m.line, m.kind)))


def _resolutions(turns: Sequence[Turn]) -> Iterator[Moment]:
    """Agreements that close a real disagreement (see `phrases.debate_resolution`)."""
    index = 0
    while index < len(turns):
        resolved = phrases.debate_resolution(turns, index) if phrases.disagrees(turns[index].text) else None
        if resolved is None:
            index += 1
            continue
        agreed, parties = resolved
        yield moment("disagreement_resolved", turns[agreed], "between " + ", ".join(sorted(parties)))
        index = agreed + 1


def _duration(turns: Sequence[Turn], seconds: Sequence[float]) -> float | None:
    first, last = turns[0].start, turns[-1].start
    return None if first is None or last is None else last + seconds[-1] - first
