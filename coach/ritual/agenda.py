"""The next check-in's agenda, built from the key results' computed states (pure).

Order: what most needs discussion first (off track, stalled, low confidence, no baseline, new,
on track, done), and within a state the furthest behind the line first. Facilitation notes
come from the last meeting's dynamics where there is one: owners who barely spoke or whose key
result nobody mentioned open the round, and a status read aloud becomes numbers in writing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from coach.cards import KrState
from coach.citations import Citation
from coach.meetings.dynamics import MeetingDynamics
from coach.ritual.hooks import TrackedKr
from coach.ritual.ledger import ExperimentRecord
from coach.ritual.metric import metric_phrase
from coach.transcripts import Transcript

PRIORITY: dict[KrState, int] = {"off_track": 0, "stalled": 1, "low_confidence": 2, "no_baseline": 3,
                                "new": 4, "on_track": 5, "done": 6}
NEEDS_IDEA: frozenset[KrState] = frozenset({"off_track", "stalled"})
# Minutes per item: a discussion for the states above on_track, a glance for the rest, and a
# short round per finished experiment. A facilitation default, stated in the agenda itself.
DISCUSS_MINUTES, GLANCE_MINUTES, LEARNING_MINUTES = 5, 1, 3


class AgendaIdea(BaseModel):
    """One experiment or practice to bring for a key result that is off track or stalled."""

    kind: str  # "experiment", "practice", or "none" when nothing in the cards fits well
    text: str
    stance: str
    practice_id: str | None = None
    citations: list[Citation] = Field(default_factory=list)


class AgendaItem(BaseModel):
    """A key result to discuss, with its computed state and the questions to ask."""

    kr_id: str
    text: str
    owner: str | None
    state: KrState
    explanation: str
    questions: list[str]
    idea: AgendaIdea | None = None


class LearningReview(BaseModel):
    """A finished experiment, shown once: what did we learn?"""

    experiment_id: int
    kr_id: str
    hypothesis: str
    status: str
    result: str | None
    learning: str | None
    question: str


class Agenda(BaseModel):
    """`coach checkin prepare`: ordered items, finished experiments, facilitation notes."""

    team: str
    date: dt.date
    timebox: str
    round: list[str]
    facilitation: list[str]
    items: list[AgendaItem]
    learnings: list[LearningReview]
    terms: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class LastMeeting:
    """The team's most recent check-in transcript and what the meeting analysis found in it."""

    name: str
    transcript: Transcript
    dynamics: MeetingDynamics


def build_agenda(team: str, today: dt.date, krs: Sequence[TrackedKr], finished: Sequence[ExperimentRecord],
                 ideas: dict[str, AgendaIdea], last: LastMeeting | None) -> Agenda:
    """The agenda for the next check-in."""
    tracked = sorted((k for k in krs if k.status), key=_urgency)
    items = [_item(k, ideas.get(k.facts.id)) for k in tracked]
    learnings = [_review(e) for e in finished]
    minutes = sum(DISCUSS_MINUTES if PRIORITY[i.state] < PRIORITY["on_track"] - 1 else GLANCE_MINUTES
                  for i in items) + LEARNING_MINUTES * len(learnings)
    timebox = (f"about {minutes} minutes: {DISCUSS_MINUTES} per key result that needs a discussion, "
               f"{GLANCE_MINUTES} per one on track or new, {LEARNING_MINUTES} per finished experiment")
    round_, notes = facilitation(tracked, last)
    return Agenda(team=team, date=today, timebox=timebox, round=round_, facilitation=notes,
                  items=items, learnings=learnings)


def _urgency(kr: TrackedKr) -> tuple[int, float]:
    assert kr.status is not None
    return PRIORITY[kr.status.state], -kr.status.gap


def _item(kr: TrackedKr, idea: AgendaIdea | None) -> AgendaItem:
    assert kr.status is not None
    state = kr.status.state
    return AgendaItem(kr_id=kr.facts.id, text=kr.facts.text, owner=kr.owner, state=state,
                      explanation=kr.status.explanation, questions=questions(kr),
                      idea=idea if state in NEEDS_IDEA else None)


def questions(kr: TrackedKr) -> list[str]:
    """One or two open questions for the key result's state, in its own words."""
    assert kr.status is not None
    metric = kr.metric or metric_phrase(kr.facts.text)
    owner = kr.owner or "the owner"
    asked: dict[KrState, list[str]] = {
        "off_track": [f"What is holding {metric} back, as {owner} sees it?",
                      f"Which one change could we test before the next check-in to move {metric}?"],
        "stalled": [f"{metric[:1].upper()}{metric[1:]} has not moved: which part of our plan is not "
                    "working, and what would we stop to make room?",
                    "What would we need to see to keep going with the current approach?"],
        "low_confidence": [f"What would raise your confidence in this key result, {owner}?",
                           "Which assumption behind the plan worries the team most?"],
        "no_baseline": [f"Who will measure where {metric} stands today, and how, before the next check-in?"],
        "new": [f"What first sign of movement in {metric} do we expect, and when?"],
        "on_track": ["What is working here that we should keep doing, or share with others?"],
        "done": ["What got us here, and what do we keep, stop or scale next?"],
    }
    return asked[kr.status.state]


def situation(kr: TrackedKr, last: int = 3) -> str | None:
    """What the team said is going on with a key result: the notes of its last few check-ins,
    newest first (the situation an idea must fit); None when nobody wrote a note."""
    notes = [c.note.strip().rstrip(".") for c in reversed(kr.history[-last:]) if c.note and c.note.strip()]
    return ". ".join(dict.fromkeys(notes)) + "." if notes else None


def _review(record: ExperimentRecord) -> LearningReview:
    return LearningReview(experiment_id=record.id, kr_id=record.kr_id, hypothesis=record.hypothesis,
                          status=record.status, result=record.result, learning=record.learning,
                          question="What did we learn, and what do we do differently now?")


def facilitation(krs: Sequence[TrackedKr], last: LastMeeting | None) -> tuple[list[str], list[str]]:
    """(the round of owners, facilitation notes): quiet owners and unmentioned key results first."""
    owners = list(dict.fromkeys(k.owner for k in krs if k.owner))
    notes = ["Go round every key-result owner once, in the order below, before open discussion, "
             "so every key result gets a voice."]
    if last is None:
        return owners, [*notes, "No earlier check-in transcript was found, so the round follows the agenda order."]
    spoken = {s.speaker: s.words for s in last.dynamics.speakers}
    quiet = [o for o in owners if o in last.dynamics.silent or spoken.get(o, 0) == 0]
    unheard = [k for k in krs if k.owner and not _mentioned(k, last.transcript)]
    for kr in unheard:
        notes.append(f"Last time ({last.name}) {kr.owner}'s key result \"{kr.facts.text}\" got no airtime: "
                     "start with it.")
    for owner in quiet:
        if all(k.owner != owner for k in unheard):
            notes.append(f"Last time ({last.name}) {owner} barely spoke: invite them first in the round.")
    if last.dynamics.status_readouts:
        notes.append("Last time the figures were read aloud one by one: ask owners to record their numbers "
                     "in writing before the meeting (`coach checkin record`), so the time goes to discussion.")
    first = list(dict.fromkeys([*(k.owner for k in unheard if k.owner), *quiet]))
    return first + [o for o in owners if o not in first], notes


def _mentioned(kr: TrackedKr, transcript: Transcript) -> bool:
    """True when some turn names most of the key result's distinctive words (its metric)."""
    words = _distinctive(kr.metric or metric_phrase(kr.facts.text))
    if not words:
        return True  # nothing to look for: do not claim it was ignored
    need = max(1, (len(words) + 1) // 2)
    return any(len(words & _distinctive(turn.text)) >= need for turn in transcript.turns)


_GENERIC = frozenset({"rate", "number", "share", "time", "per", "total", "average", "median", "score",
                      "percent", "level", "count", "first", "week", "month", "day"})


def _distinctive(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in _GENERIC}
