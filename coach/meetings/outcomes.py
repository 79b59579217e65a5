"""What a meeting settled, handed out, asked and reported, read from the turns' labels.

- status readout: a run of consecutive turns labelled `status` that carry a figure each, by any
  number of speakers, of at
  least READOUT_MIN_TURNS turns, or READOUT_MIN_PAIR turns that each quote READOUT_PAIR_FIGURES
  figures or more (two people reading a run of figures). A short prompt between reports ("Departures?",
  "Okay.", at most BRIDGE_WORDS words) does not end the run; a short question that asks the person
  who just reported for more ("And persistent absence?") does: the reply is discussion.
- decision: a turn labelled `decision`, trigger word or not ("Smaller baskets from tonight." and a
  choice closed by "everyone okay with that?" both count). Its owner is whoever the decision turn
  or one of the next OWNER_WINDOW turns commits (see `coach.meetings.owners`), while those turns
  stay on the decision's topic (share a content word with it, or are short replies such as "I'll
  take it"); talk that moved on leaves it ownerless. Bare assents ("Agreed.", "Fine by me.", at
  most ASSENT_WORDS words, or twice that opening with yes, fine, good idea…) do not use up the
  window: a round of yeses before "I'll send it" is usual; after a consensus check ("Everyone
  happy with that?") the first commitment after the yeses takes the decision on, topic words or not.
- action: a turn labelled `action`, with its owner and due date; "someone should…" has no owner; an
  owner who was not in the meeting is reported as such. An ownerless action taken up by another
  speaker in the next OWNER_WINDOW turns ("I'll do it") is owned by them; an order that names
  nobody ("Put the request time in the copy.") is for the other speaker it replies to. Its due date may be said
  around it rather than in it: in the request or proposal it accepts (up to DATE_WINDOW turns back,
  while each turn replies to or shares a content word with the next), in the owner's reply to a
  request ("Ines, will you…?" "Yes, by Friday."), or when the same owner
  restates the work with a date later in the meeting (sharing a content word with it); a meeting
  whose opening turn says what day the work is for ("the plan for today", "for tonight") dates
  the work it hands out.
- unanswered question: a turn labelled `question` (not in the meeting's last turn, where the
  closing "Anything else?" is answered by silence) that no other speaker answers within
  ANSWER_WINDOW turns: the person the question named speaks, or a turn labelled `answer` (or one
  that takes the work on: `action`, `decision`) stays on
  the question's topic (shares a content word with it, or opens like an answer: yes, no, sure…),
  before any other speaker changes the subject ("Also, …", "Totally different topic, but…").
  A question asking for an amount ("how many…?") is answered by a reply that opens with a figure,
  a bare prompt of at most PROMPT_WORDS words ("And persistent absence?") by any reply that
  answers or reports, and any question by a reply with a yes or a no among its first words.
  A reply that only follows a question is not an answer to it, and one that opens by changing
  the subject ("Also, …", "By the way, …") never is. A question the meeting comes back to later
  is not dropped either: a later answer, report or commitment by another speaker that shares
  LATER_SHARED content words or more with it answers it, however far on.
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
from coach.meetings.owners import Commitment, commitment, commits, due_date
from coach.meetings.phrases import People, content_words, sentences, words
from coach.meetings.refine import is_consensus_check
from coach.meetings.work import imperative
from coach.transcripts import Turn

Labels = Sequence[frozenset[UtteranceLabel]]
_ANSWER_OPENER = re.compile(r"^\W*(?:yes|no|nope|yeah|yep|sure|not yet|none|nothing|mostly|about|because|"
                            r"it'?s|it is|they|we|I (?:think|believe|saw|heard|know|guess))\b", re.I)

_AGREEING = re.compile(r"^\W*(?:yes|yeah|yep|sure|fine|agreed|okay|ok|good idea|sounds good|happy|of course)\b",
                       re.I)
_NEW_SUBJECT = re.compile(r"^\W*(?:also|by the way|another thing|on (?:another|a different) note|separately|"
                          r"(?:totally |completely )?unrelated|(?:totally |completely )?different topic|"
                          r"changing the subject|oh,? and|while I'?m at it|one more thing)\b", re.I)
# A yes or a no early in the reply answers whatever was asked ("Two of the four, yes, …").
_YES_NO = re.compile(r"^\W*(?:[\w'’-]+\W+){0,6}?(?:yes|no|yeah|yep|nope|not yet)\b", re.I)
_AMOUNT = re.compile(r"\b(?:how (?:many|much|long|far|often)|what(?:'s| is| was) the (?:number|figure|total|rate|count|"
                     r"score)|what percentage)\b", re.I)
# "The plan for today", not "busy agenda today": the day is what the work is for.
_NOBODY_WORDS = re.compile(r"\b(?:someone|somebody|anyone|anybody|everyone|everybody)\b", re.I)
_SAME_DAY = re.compile(r"\bfor (?:today|tonight|this (?:morning|afternoon|evening|shift))\b", re.I)

READOUT_MIN_TURNS = 3
READOUT_MIN_PAIR = 2
READOUT_PAIR_FIGURES = 3
BRIDGE_WORDS = 4
OWNER_WINDOW = 2
ASSENT_WORDS = 3
DATE_WINDOW = 2
ANSWER_WINDOW = 3
PROMPT_WORDS = 4
CHALLENGE_WINDOW = 3
LATER_SHARED = 2


def readouts(turns: Sequence[Turn], labels: Labels) -> tuple[tuple[Moment, ...], ...]:
    """Runs of reporting turns (see the module docstring)."""
    runs: list[tuple[Moment, ...]] = []
    current: list[int] = []
    follow_up = -1  # the reply to a follow-up question: discussion, not a report in the round
    for index in [*range(len(turns)), -1]:
        if index >= 0 and index != follow_up and _reports(turns[index], labels[index]):
            current.append(index)
            continue
        if index >= 0 and index != follow_up and current and _bridge(turns[index], labels[index]):
            if not _follows_up(turns, index, current[-1]):
                continue
            follow_up = index + 1
        _close(turns, current, runs)
        current = []
    return tuple(runs)


def _reports(turn: Turn, found: frozenset[UtteranceLabel]) -> bool:
    """A reporting turn that carries a figure: "Bay B is full" with no number is talk, not a readout."""
    return "status" in found and figures(turn.text) > 0


def _close(turns: Sequence[Turn], run: list[int], runs: list[tuple[Moment, ...]]) -> None:
    dense = all(figures(turns[i].text) >= READOUT_PAIR_FIGURES for i in run)
    if len(run) >= READOUT_MIN_TURNS or (len(run) >= READOUT_MIN_PAIR and dense):
        runs.append(tuple(moment("status_readout", turns[i]) for i in run))


def _follows_up(turns: Sequence[Turn], bridge: int, last: int) -> bool:
    """The short question asks the person who just reported for more, rather than handing over."""
    after = bridge + 1
    return "?" in turns[bridge].text and after < len(turns) and turns[after].speaker == turns[last].speaker


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
    same_day = _SAME_DAY.search(turns[0].text)
    horizon = same_day.group(0) if same_day else None
    for index, turn in enumerate(turns):
        if "action" not in labels[index]:
            continue
        said = commitment(turn, people)
        if said.owner is None:
            said = _taken_up(turns, labels, index, people, start=1) or _told(turns, index, said) or said
        if said.due is None:
            due = _due_around(turns, labels, index, said.owner, people) or horizon
            said = Commitment(said.owner, said.present, due)
        owner = f"owner: {said.owner}" if said.owner else "no owner"
        owner += "" if said.present else " (not in the meeting)"
        due = f"due: {said.due}" if said.due else "no due date"
        yield moment("action_item", turn, f"{owner}; {due}", owner=said.owner, due=said.due,
                     owner_absent=not said.present)


def _taken_up(turns: Sequence[Turn], labels: Labels, index: int, people: People,
              start: int = 0) -> Commitment | None:
    """The first commitment with an owner in the OWNER_WINDOW turns from index + start, assents aside."""
    # A decision often ratifies the turn before it ("That sounds sensible."): its topic counts too.
    topic = content_words(turns[index].text) | (content_words(turns[index - 1].text) if index else set())
    # After "Everyone happy with that?" and its yeses, the next person to commit takes it on.
    checked = is_consensus_check((sentences(turns[index].text) or [""])[-1])
    counted = 0
    for later in range(index + start, len(turns)):
        if later > index and not _assents(turns[later]):
            counted += 1
        if counted > OWNER_WINDOW:
            break
        if later > index and "decision" in labels[later]:
            break  # the next decision starts another topic
        short = len(words(turns[later].text)) <= 6  # "I'll take it." needs no topic words
        follows_check = checked and counted == 1
        if later > index and not short and not follows_check and not topic & content_words(turns[later].text):
            break  # the talk moved on
        if later == index or labels[later] & {"action", "answer"} or short:
            said = commitment(turns[later], people)
            if said.owner is not None:
                return said
    return None


def _told(turns: Sequence[Turn], index: int, said: Commitment) -> Commitment | None:
    """An order with no name ("Put the request time in the copy.") is for the person it replies to."""
    if index == 0 or said.owner is not None:
        return None
    previous = turns[index - 1]
    orders = [s for s in sentences(turns[index].text) if imperative(s) and not _NOBODY_WORDS.search(s)]
    if previous.speaker == turns[index].speaker or not orders:
        return None
    return Commitment(previous.speaker, True, said.due)


def _assents(turn: Turn) -> bool:
    """A yes that commits nobody: "Agreed.", "Fine by me.", "Yes, that's a good idea."."""
    said = len(words(turn.text))
    agreeing = said <= ASSENT_WORDS or (said <= 2 * ASSENT_WORDS and _AGREEING.match(turn.text))
    return bool(agreeing) and "?" not in turn.text and not commits(turn.text)


def _due_around(turns: Sequence[Turn], labels: Labels, index: int, owner: str | None,
                people: People) -> str | None:
    """A due date said in the lead-up to an action, or when its owner restates it (module docstring)."""
    for earlier in range(index - 1, max(index - 1 - DATE_WINDOW, -1), -1):
        if not _leads_to(turns[earlier], turns[earlier + 1], labels[earlier + 1]):
            break
        if due := due_date(turns[earlier].text):
            return due
    if owner is None:
        return None
    accepted = index + 1  # "Ines, will you pair them up?" "Yes, by Friday."
    replied = accepted < len(turns) and turns[accepted].speaker == owner and "?" in turns[index].text
    if replied and (due := due_date(turns[accepted].text)):
        return due
    topic = content_words(turns[index].text)
    for later in range(index + 1, len(turns)):
        if "action" in labels[later] and topic & content_words(turns[later].text):
            said = commitment(turns[later], people)
            if said.owner == owner and said.due:
                return said.due
    return None


def _leads_to(earlier: Turn, later: Turn, later_labels: frozenset[UtteranceLabel]) -> bool:
    """The later turn replies to the earlier one or stays on its topic."""
    replies = "answer" in later_labels and "?" in earlier.text and later.speaker != earlier.speaker
    return replies or bool(content_words(earlier.text) & content_words(later.text))


def unanswered(turns: Sequence[Turn], labels: Labels, people: People) -> Iterator[Moment]:
    """Questions nobody answered (see the module docstring)."""
    for index, turn in enumerate(turns[:-1]):  # the closing "Anything else?" is answered by silence
        if "question" not in labels[index]:
            continue
        addressed = set(people.mentioned(turn.text, besides=turn.speaker))
        if not _answered(turns, labels, index, addressed) and not _answered_later(turns, labels, index):
            yield moment("unresolved_question", turn)


def _answered(turns: Sequence[Turn], labels: Labels, index: int, addressed: set[str]) -> bool:
    """Another speaker answers within ANSWER_WINDOW turns, before anyone changes the subject."""
    question = turns[index]
    prompt = len(words(question.text)) <= PROMPT_WORDS  # "And persistent absence?"
    for i in range(index + 1, min(index + 1 + ANSWER_WINDOW, len(turns))):
        reply, found = turns[i], labels[i]
        if reply.speaker == question.speaker:
            continue
        if _NEW_SUBJECT.match(reply.text):
            return False  # what follows answers the new subject
        if (reply.speaker in addressed or _YES_NO.match(reply.text) or (found & {"answer", "status"} and prompt)
                or (found & {"answer", "action", "decision"} and _on_topic(question.text, reply.text))):
            return True
    return False


def _answered_later(turns: Sequence[Turn], labels: Labels, index: int) -> bool:
    """Someone comes back to the question later in the meeting: another speaker's answer, report or
    commitment that shares LATER_SHARED content words or more with it."""
    asked = content_words(turns[index].text)
    if len(asked) < LATER_SHARED:
        return False
    return any(turns[i].speaker != turns[index].speaker and labels[i] & {"answer", "status", "action", "decision"}
               and len(asked & content_words(turns[i].text)) >= LATER_SHARED
               for i in range(index + 1 + ANSWER_WINDOW, len(turns)))


def _on_topic(question: str, reply: str) -> bool:
    if _NEW_SUBJECT.match(reply):
        return False
    amount = _AMOUNT.search(question) and figures(sentences(reply)[0] if sentences(reply) else reply) > 0
    return bool(amount or _ANSWER_OPENER.match(reply) or content_words(question) & content_words(reply))


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
