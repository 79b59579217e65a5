"""Turn meeting dynamics into nudge drafts for a coach to review.

One nudge per finding; repeated findings of one kind merge into one nudge with several
evidence lines (silent attendees get one each, good moments one per kind). Each text opens
with its stance verb ("Try", "Do", "Consider"), stays kind and concrete, and quotes no number
except the computed word share; the evidence carries the transcript's own words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import get_args

from coach.errors import ValidationError
from coach.meetings.dynamics import MeetingDynamics, Moment, is_question, sentences
from coach.meetings.models import Evidence, NudgeDraft, NudgeKind, Stance
from coach.transcripts import Transcript, Turn, format_timestamp

Focus = Callable[[str], bool]

EVIDENCE_CHARS = 240
MAX_EVIDENCE = 6
_KIND_ORDER = {kind: index for index, kind in enumerate(get_args(NudgeKind))}
_POSITIVE = {
    "question_to_quiet_member": (
        "Consider keeping the habit of asking quieter people by name, as {speaker} did here: "
        "a direct, specific question brought in a view the meeting would otherwise have missed.",
        "inviting quiet participants by name"),
    "appreciation": (
        "Consider keeping the specific thanks {speaker} gave here: naming exactly what helped "
        "tells people which work to repeat.",
        "specific appreciation recognition in teams"),
    "integrity_defended": (
        "Consider keeping the habit {speaker}'s proposal met here: someone asked whether changing what "
        "counts would change the outcome, and the team kept the measure honest.",
        "metric integrity goodhart's law"),
    "disagreement_resolved": (
        "Consider keeping this way of disagreeing: people said openly where they differed and "
        "stayed with it until the people involved could agree.",
        "healthy conflict disagree and commit"),
}


def draft_nudges(transcript: Transcript, dynamics: MeetingDynamics) -> list[NudgeDraft]:
    """Draft nudges from the dynamics, ordered by kind and then by first evidence line."""
    _check_same_meeting(transcript, dynamics)
    drafts = [*_talk_balance(transcript, dynamics), *_silent(transcript, dynamics),
              *_readouts(dynamics), *_ownerless(dynamics), *_undated(dynamics), *_off_goal(dynamics),
              *_interruptions(transcript, dynamics), *_unresolved(dynamics), *_gaming(dynamics),
              *_uncovered(transcript, dynamics), *_wellbeing(dynamics), *_positive(dynamics)]
    return sorted(drafts, key=lambda d: (_KIND_ORDER[d.kind], d.evidence[0].line))


def _check_same_meeting(transcript: Transcript, dynamics: MeetingDynamics) -> None:
    """Evidence is looked up in the transcript, so the dynamics must come from it."""
    turns = {(t.line, t.speaker) for t in transcript.turns}
    moments = [*dynamics.interruptions, *dynamics.decisions, *dynamics.action_items,
               *dynamics.unresolved_questions, *dynamics.good_moments, *dynamics.metric_gaming,
               *dynamics.wellbeing,
               *(m for run in (*dynamics.status_readouts, *dynamics.off_goal) for m in run)]
    strays = [m for m in moments if (m.line, m.speaker) not in turns]
    if strays or {s.speaker for s in dynamics.speakers} != set(transcript.speakers):
        raise ValidationError("these dynamics come from another transcript (speakers or lines differ); "
                              "call analyse() on this transcript first")


def _excerpt(text: str, focus: Focus | None = None) -> str:
    """The text, or a trimmed excerpt of at most EVIDENCE_CHARS that keeps the focus sentence.

    A long turn is cut at the end ("…"); when the sentence that matters lies beyond the cut,
    the excerpt starts at that sentence instead ("…" at both ends).
    """
    if len(text) <= EVIDENCE_CHARS:
        return text
    start = 0
    key = next((s for s in sentences(text) if focus(s)), None) if focus else None
    if key is not None and text.index(key) + len(key) > EVIDENCE_CHARS - 1:
        start = text.index(key)
    lead = "…" if start else ""
    body = text[start:]
    if len(lead) + len(body) > EVIDENCE_CHARS:
        body = body[:EVIDENCE_CHARS - len(lead) - 1].rstrip() + "…"
    return lead + body


def _from_turn(turn: Turn) -> Evidence:
    return Evidence(line=turn.line, timestamp=format_timestamp(turn.start), speaker=turn.speaker,
                    text=_excerpt(turn.text))


def _from_moments(moments: Iterable[Moment], focus: Focus | None = None) -> list[Evidence]:
    unique = {m.line: m for m in moments}
    return [Evidence(line=m.line, timestamp=m.at, speaker=m.speaker, text=_excerpt(m.text, focus))
            for m in sorted(unique.values(), key=lambda m: m.line)]


def _draft(kind: NudgeKind, stance: Stance, text: str, evidence: Sequence[Evidence], confidence: float,
           query: str) -> NudgeDraft:
    return NudgeDraft(kind=kind, stance=stance, text=text, evidence=list(evidence)[:MAX_EVIDENCE],
                      confidence=round(min(max(confidence, 0.5), 0.95), 2), practice_query=query)


def _talk_balance(transcript: Transcript, dynamics: MeetingDynamics) -> list[NudgeDraft]:
    top = dynamics.dominant
    if top is None:
        return []
    # The speaker's longest turns show the imbalance best; quote them in meeting order.
    own = sorted((t for t in transcript.turns if t.speaker == top.speaker), key=lambda t: -len(t.text))[:3]
    share = round(top.word_share * 100)
    text = (f"Try a round-robin for updates and discussion: {top.speaker} spoke {share}% of the words, so "
            "closing each topic by inviting the people who have not spoken yet would bring in more voices.")
    return [_draft("talk_balance", "try", text, [_from_turn(t) for t in sorted(own, key=lambda t: t.line)],
                   0.5 + (top.word_share - 0.45) * 1.5, "round-robin check-in quiet voices")]


def _silent(transcript: Transcript, dynamics: MeetingDynamics) -> list[NudgeDraft]:
    drafts = []
    # A line showing the meeting went on without them: the first question asked, else the opening.
    opening = next((t for t in transcript.turns if any(is_question(s) for s in sentences(t.text))),
                   transcript.turns[0])
    for name in dynamics.silent:
        own = [t for t in transcript.turns if t.speaker == name]
        said = "barely spoke" if own else "did not speak"
        text = (f"Try inviting {name} in by name early in the meeting, with a question about their own "
                f"work: {name} {said}, and the discussion went on without their view.")
        evidence = [_from_turn(t) for t in sorted({opening, *own}, key=lambda t: t.line)]
        drafts.append(_draft("silent_participant", "try", text, evidence, 0.75 if own else 0.85,
                             "inviting quiet participants to speak"))
    return drafts


def _readouts(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    if not dynamics.status_readouts:
        return []
    moments = [m for run in dynamics.status_readouts for m in run]
    text = ("Consider moving the round of figures into a short written update shared before the "
            "meeting, so the time together goes to the key results that need a discussion.")
    return [_draft("status_readout", "consider", text, _from_moments(moments), 0.5 + 0.06 * len(moments),
                   "async status update instead of reading numbers")]


def _ownerless(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    moments = [m for m in (*dynamics.decisions, *dynamics.action_items) if m.owner is None or m.owner_absent]
    if not moments:
        return []
    text = ("Do name an owner before moving on from a decision: a quick \"who will take this?\" "
            "turns what was agreed into work someone is looking after.")
    absent = sorted({m.owner for m in moments if m.owner and m.owner_absent})
    if absent:
        verb = "was" if len(absent) == 1 else "were"
        text += f" {_names(absent)} {verb} named for work but {verb} not in the meeting, so check with them first."
    # Each further instance of the same finding makes the pattern more certain.
    confidence = 0.7 + 0.05 * (len(moments) - 1)
    evidence = _from_moments(moments, _not_a_question)
    return [_draft("missing_owner", "do", text, evidence, confidence, "decision owner assignment")]


def _not_a_question(sentence: str) -> bool:
    return not is_question(sentence)


def _undated(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    # Work with no owner, or one who was not there, is the missing-owner nudge's: one problem per action.
    moments = [m for m in dynamics.action_items if m.due is None and m.owner is not None and not m.owner_absent]
    if not moments:
        return []
    owners = sorted({m.owner for m in moments if m.owner})
    who = f"{_names(owners)} took on work" if owners else "some work was taken on"
    text = (f"Do agree when each action will be done: {who} without a date, and a date makes it "
            "easy to check back at the next check-in.")
    # Each further instance of the same finding makes the pattern more certain.
    confidence = 0.65 + 0.05 * (len(moments) - 1)
    evidence = _from_moments(moments, _not_a_question)
    query = "action items with owners and due dates"
    return [_draft("missing_due_date", "do", text, evidence, confidence, query)]


def _off_goal(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    if not dynamics.off_goal:
        return []
    # The first and last turn of each stretch show where the talk drifted and where it came back.
    moments = [m for run in dynamics.off_goal for m in (run[0], run[-1])]
    turns = sum(len(run) for run in dynamics.off_goal)
    text = ("Consider parking side topics in a visible parking lot and coming back to the key results, "
            "or keeping social chat for the start or end of the meeting.")
    return [_draft("off_goal", "consider", text, _from_moments(moments), 0.55 + 0.03 * turns,
                   "parking lot for off-topic discussion")]


def _interruptions(transcript: Transcript, dynamics: MeetingDynamics) -> list[NudgeDraft]:
    if not dynamics.interruptions:
        return []
    turns = transcript.turns
    evidence: list[Evidence] = []
    for moment in dynamics.interruptions:
        # Quote the cut-off turn together with the one that cut in.
        index = _turn_index(turns, moment)
        evidence += [_from_turn(t) for t in turns[max(index - 1, 0):index + 1]]
    cut = sorted({m.detail for m in dynamics.interruptions})
    verb = "was" if len(cut) == 1 else "were"
    text = (f"Try letting each speaker finish their sentence before replying: {_names(cut)} {verb} cut "
            "off mid-thought, and it helps to go back to them and ask how the sentence ended.")
    return [_draft("interruptions", "try", text, evidence, 0.55 + 0.1 * (len(dynamics.interruptions) - 1),
                   "reduce interruptions in meetings")]


def _turn_index(turns: Sequence[Turn], moment: Moment) -> int:
    return next(i for i, t in enumerate(turns) if (t.line, t.speaker) == (moment.line, moment.speaker))


def _unresolved(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    moments = dynamics.unresolved_questions
    if not moments:
        return []
    text = ("Do close each open question before the meeting moves on: answer it, or write down who "
            "will find the answer and when they will share it.")
    # Each further instance of the same finding makes the pattern more certain.
    confidence = 0.6 + 0.05 * (len(moments) - 1)
    evidence = _from_moments(moments, is_question)
    query = "tracking open questions in meetings"
    return [_draft("unresolved_question", "do", text, evidence, confidence, query)]


def _gaming(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    moments = [m for m in dynamics.metric_gaming if m.detail == "unchallenged"]
    if not moments:
        return []
    text = ("Do ask what outcome the key result stands for before changing what it counts: a number "
            "that moves while the outcome stays the same hides the problem instead of solving it.")
    return [_draft("metric_gaming", "do", text, _from_moments(moments), 0.6 + 0.1 * (len(moments) - 1),
                   "metric gaming goodhart's law honest measures")]


def _uncovered(transcript: Transcript, dynamics: MeetingDynamics) -> list[NudgeDraft]:
    drafts = []
    for kr in dynamics.uncovered_key_results:
        own = [t for t in transcript.turns if t.speaker == kr.owner][:2] or [transcript.turns[0]]
        who = f" and its owner {kr.owner} did not speak" if kr.owner else ""
        text = (f"Try giving each key result a moment in the check-in: nobody talked about \"{kr.text}\"{who}, "
                "so the team cannot tell whether it is on track.")
        drafts.append(_draft("uncovered_key_result", "try", text, [_from_turn(t) for t in own], 0.6,
                             "weekly key result check-in review"))
    return drafts


def _wellbeing(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    """A private note to the manager per person; never a team nudge (audience "manager")."""
    drafts = []
    for speaker in dict.fromkeys(m.speaker for m in dynamics.wellbeing):
        moments = [m for m in dynamics.wellbeing if m.speaker == speaker]
        text = (f"Consider a private check-in with {speaker} about workload: what they said suggests "
                "they are carrying more than is sustainable, or are the only one who can do something critical.")
        draft = _draft("wellbeing", "consider", text, _from_moments(moments), 0.6,
                       "workload wellbeing single point of failure")
        drafts.append(draft.model_copy(update={"audience": "manager"}))
    return drafts


def _positive(dynamics: MeetingDynamics) -> list[NudgeDraft]:
    drafts = []
    for kind, (template, query) in _POSITIVE.items():
        moments = [m for m in dynamics.good_moments if m.kind == kind]
        if moments:
            text = template.format(speaker=moments[0].speaker)
            drafts.append(_draft("positive", "consider", text, _from_moments(moments), 0.7, query))
    return drafts


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
