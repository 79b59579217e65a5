"""Where the words add precision to the classifier's labels (see README, "Check-in nudges").

The classifier reads meaning; a few plain word patterns are surer than it on a handful of points,
so they adjust its labels before the dynamics are computed:

- a sentence ending in "?" that is not a tag ("…, right?") asks a question, unless it is a
  consensus check closing a stated choice ("Everyone okay with that?", "Any objections?"),
  which makes the turn a decision instead;
- a turn that commits someone in so many words ("I'll…", "<Name> will…", "someone should…")
  hands out work (`action`), whatever else it does; a turn that gives nobody work in so many words
  (no commitment, future or obligation word, order, named owner or deadline; see
  `coach.meetings.work`) is not an action, however much it sits where actions sit;
- a turn that ends by asking a question (not a consensus check, and not asking who will take the
  work) opens a topic rather than settling one, so it is not a `decision`: "Okay, let's get back
  to it. Anything else on the appeal?";
- `metric_gaming` needs the turn to talk about what is counted or measured (count, measure,
  report, figure, rate, percent, target, definition, exclude…): a proposal that changes nothing
  about a number is not gaming one; and it needs that talk to propose something (we could, one
  option, some teams do, what if, let's, or an order: "Count staged loads…") in the same or a
  neighbouring sentence: a report of how a figure moved ("the quiz scores are up") proposes no
  change to what counts;
  the classifier's `metric_gaming` probability counts from GAMING_WITH_WORDS (not 0.5) when
  these words are there, since the words already add the precision (chosen on the tune check-ins);
- `wellbeing` needs the turn to state strain in so many words: off-hours work that recurs or is
  needed to keep up, being the only one who can do a critical task, or exhaustion
  (`coach.meetings.strain`); metaphor, social plans and a manager asking how people are do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.meetings.labels import UtteranceLabel
from coach.meetings.owners import commits
from coach.meetings.phrases import People, is_question, sentences
from coach.meetings.strain import strain
from coach.meetings.work import hands_out_work, imperative
from coach.transcripts import Turn

_CONSENSUS = re.compile(r"\b(?:every(?:one|body) (?:okay|ok|happy|agree|fine|good|alright)|any objections|"
                        r"(?:okay|ok|alright|fine) with (?:every(?:one|body)|you all|that)|does everyone agree|"
                        r"all agreed|agreed\?|are we agreed|objections\?)", re.I)
_COUNTED = re.compile(r"\b(?:count\w*|measur\w*|report\w*|number\w*|figure\w*|rate|score\w*|percent\w*|"
                      r"target\w*|definition|defin\w*|exclud\w*|exempt\w*|leave \w+ out|clock|label\w*|log\w*|"
                      r"metric\w*|statistic\w*|tick|survey\w*|only (?:count|audit|send|include)|calculat\w*|weigh\w*|"
                      r"average\w*|total\w*|tally|resolved|closed)\b", re.I)
_PROPOSING = re.compile(r"\b(?:could|can(?!['’]t)|option|suggest\w*|propos\w*|trick|what if|how about|"
                        r"why (?:don't|not)|let's|should|would|instead|only|just|if we|easy win|easiest|simplest|"
                        r"some \w+ (?:use|do|ask|count|send|just|only)|"
                        # an order that opens with a counting verb ("Count staged loads as dispatched.")
                        r"^\W*(?:count|exclude|drop|leave|mark|tag|treat|record|log|report|stop|start))\b", re.I)

_TAKER = re.compile(r"\b(?:who|anyone|anybody|someone|somebody|(?:can|could|will|would) you|you(?:'ll|’ll| will))\b",
                    re.I)

Labels = frozenset[UtteranceLabel]
GAMING_WITH_WORDS = 0.3


def is_consensus_check(sentence: str) -> bool:
    """ "Everyone okay with that?", "Any objections?": a question that closes a stated choice."""
    return bool(_CONSENSUS.search(sentence))


def refine(turns: Sequence[Turn], labels: Sequence[Labels], people: People | None = None) -> list[Labels]:
    """The labels adjusted as the module docstring says; `people` are the meeting's attendees."""
    people = people or People([t.speaker for t in turns])
    return [_refine(turn, set(found), people) for turn, found in zip(turns, labels, strict=True)]


def _refine(turn: Turn, found: set[UtteranceLabel], people: People) -> Labels:
    said = sentences(turn.text) or [turn.text]
    asks = [s for s in said if is_question(s)]
    if asks and all(_CONSENSUS.search(s) for s in asks):
        found.discard("question")
        found.add("decision")
    elif asks:
        found.add("question")
        if said[-1] in asks and not _CONSENSUS.search(said[-1]) and not _TAKER.search(said[-1]):
            found.discard("decision")
    if commits(turn.text):
        found.add("action")
    elif "action" in found and not hands_out_work(turn.text, people):
        found.discard("action")
    if "metric_gaming" in found and not _proposes_counting(said):
        found.discard("metric_gaming")
    if "wellbeing" in found and strain(turn.text) is None:
        found.discard("wellbeing")
    return frozenset(found)


def _proposes_counting(said: Sequence[str]) -> bool:
    """A sentence about what is counted, proposing a change in it or the sentence beside it."""
    counted = [i for i, s in enumerate(said) if _COUNTED.search(s)]
    proposing = [i for i, s in enumerate(said) if _PROPOSING.search(s) or imperative(s)]
    return any(abs(i - j) <= 1 for i in counted for j in proposing)
