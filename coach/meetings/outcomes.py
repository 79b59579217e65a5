"""What a meeting settled, handed out, asked and reported, read from the turns' labels.

- status readout: a run of consecutive turns labelled `status`, by any number of speakers, of at
  least READOUT_MIN_TURNS turns, or READOUT_MIN_PAIR turns that each quote READOUT_PAIR_FIGURES
  figures or more (two people reading a run of figures). A short prompt between reports ("Departures?",
  "Okay.", at most BRIDGE_WORDS words) does not end the run.
- decision: a turn labelled `decision`, trigger word or not ("Smaller baskets from tonight." and a
  choice closed by "everyone okay with that?" both count). Its owner is whoever the decision turn
  or one of the next OWNER_WINDOW turns commits (see `coach.meetings.owners`), while those turns
  stay on the decision's topic (share a content word with it, or are short replies such as "I'll
  take it"); talk that moved on leaves it ownerless.
- action: a turn labelled `action`, with its owner and due date; "someone should…" has no owner; an
  owner who was not in the meeting is reported as such. An ownerless action taken up by another
  speaker in the next OWNER_WINDOW turns ("I'll do it") is owned by them.
- unanswered question: a turn labelled `question` that no other speaker answers within
  ANSWER_WINDOW turns: the person the question named speaks, or a turn labelled `answer` stays on
  the question's topic (shares a content word with it, or opens like an answer: yes, no, sure…).
  A reply that only follows a question is not an answer to it.
- metric gaming: a turn labelled `metric_gaming`. It counts as challenged when another speaker
  voices an integrity concern or disagrees within CHALLENGE_WINDOW turns.
- wellbeing: a turn labelled `wellbeing` (overload, or the only person who can do a critical task).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from coach.meetings.features import figures
from coach.meetings.labels import UtteranceLabel
from coach.meetings.moments import Moment, moment
from coach.meetings.owners import Commitment, commitment
from coach.meetings.phrases import People, content_words, words
from coach.transcripts import Turn

Labels = Sequence[frozenset[UtteranceLabel]]
_ANSWER_OPENER = re.compile(r"^\W*(?:yes|no|nope|yeah|yep|sure|not yet|none|nothing|mostly|about|because|"
                            r"it'?s|it is|they|we|I (?:think|believe|saw|heard|know|guess))\b", re.I)

READOUT_MIN_TURNS = 3
READOUT_MIN_PAIR = 2
READOUT_PAIR_FIGURES = 3
BRIDGE_WORDS = 4
OWNER_WINDOW = 2
ANSWER_WINDOW = 3
CHALLENGE_WINDOW = 3


def readouts(turns: Sequence[Turn], labels: Labels) -> tuple[tuple[Moment, ...], ...]:
    """Runs of reporting turns (see the module docstring)."""
    runs: list[tuple[Moment, ...]] = []
    current: list[int] = []
    for index in [*range(len(turns)), -1]:
        if index >= 0 and "status" in labels[index]:
            current.append(index)
            continue
        if index >= 0 and current and _bridge(turns[index], labels[index]):
            continue
        dense = all(figures(turns[i].text) >= READOUT_PAIR_FIGURES for i in current)
        if len(current) >= READOUT_MIN_TURNS or (len(current) >= READOUT_MIN_PAIR and dense):
            runs.append(tuple(moment("status_readout", turns[i]) for i in current))
        current = []
    return tuple(runs)


def _bridge(turn: Turn, labels: frozenset[UtteranceLabel]) -> bool:
    return len(words(turn.text)) <= BRIDGE_WORDS and labels <= {"question", "answer"}


def decisions(turns: Sequence[Turn], labels: Labels, people: People) -> Iterator[Moment]:
    """Decisions with their owner, or "no owner"."""
    for index, turn in enumerate(turns):
        if "decision" not in labels[index]:
            continue
        found = _taken_up(turns, labels, index, people)
        if found is None or found.owner is None:
            yield moment("decision", turn, "no owner")
        elif not found.present:
            yield moment("decision", turn, f"owner: {found.owner} (not in the meeting)", owner=found.owner,
                         owner_absent=True)
        else:
            yield moment("decision", turn, f"owner: {found.owner}", owner=found.owner)


def actions(turns: Sequence[Turn], labels: Labels, people: People) -> Iterator[Moment]:
    """Actions with owner and due date, each possibly missing."""
    for index, turn in enumerate(turns):
        if "action" not in labels[index]:
            continue
        said = commitment(turn, people)
        if said.owner is None:
            said = _taken_up(turns, labels, index, people, start=1) or said
        owner = f"owner: {said.owner}" if said.owner else "no owner"
        owner += "" if said.present else " (not in the meeting)"
        due = f"due: {said.due}" if said.due else "no due date"
        yield moment("action_item", turn, f"{owner}; {due}", owner=said.owner, due=said.due,
                     owner_absent=not said.present)


def _taken_up(turns: Sequence[Turn], labels: Labels, index: int, people: People,
              start: int = 0) -> Commitment | None:
    """The first commitment with an owner in turns[index + start … index + OWNER_WINDOW]."""
    for later in range(index + start, min(index + OWNER_WINDOW + 1, len(turns))):
        if later > index and "decision" in labels[later]:
            break  # the next decision starts another topic
        short = len(words(turns[later].text)) <= 6  # "I'll take it." needs no topic words
        if later > index and not short and not content_words(turns[index].text) & content_words(turns[later].text):
            break  # the talk moved on
        if later == index or labels[later] & {"action", "answer"} or short:
            said = commitment(turns[later], people)
            if said.owner is not None:
                return said
    return None


def unanswered(turns: Sequence[Turn], labels: Labels, people: People) -> Iterator[Moment]:
    """Questions nobody answered (see the module docstring)."""
    for index, turn in enumerate(turns):
        if "question" not in labels[index]:
            continue
        addressed = set(people.mentioned(turn.text, besides=turn.speaker))
        later = range(index + 1, min(index + 1 + ANSWER_WINDOW, len(turns)))
        if not any(turns[i].speaker != turn.speaker and (turns[i].speaker in addressed or (
                "answer" in labels[i] and _on_topic(turn.text, turns[i].text))) for i in later):
            yield moment("unresolved_question", turn)


def _on_topic(question: str, reply: str) -> bool:
    return bool(_ANSWER_OPENER.match(reply) or content_words(question) & content_words(reply))


def gaming(turns: Sequence[Turn], labels: Labels) -> Iterator[Moment]:
    """Proposals to change what counts; detail says whether someone challenged it, and who."""
    for index, turn in enumerate(turns):
        if "metric_gaming" not in labels[index]:
            continue
        window = range(index + 1, min(index + 1 + CHALLENGE_WINDOW, len(turns)))
        challenger = next((turns[i].speaker for i in window if turns[i].speaker != turn.speaker
                           and labels[i] & {"integrity_concern", "disagreement"}), None)
        yield moment("metric_gaming", turn, f"challenged by {challenger}" if challenger else "unchallenged")


def wellbeing(turns: Sequence[Turn], labels: Labels) -> Iterator[Moment]:
    """Turns where someone says they are overloaded or the only one who can do something."""
    for index, turn in enumerate(turns):
        if "wellbeing" in labels[index]:
            yield moment("wellbeing", turn)
