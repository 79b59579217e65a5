"""Where the words add precision to the classifier's labels (see README, "Check-in nudges").

The classifier reads meaning; a few plain word patterns are surer than it on a handful of points,
so they adjust its labels before the dynamics are computed:

- a sentence ending in "?" that is not a tag ("…, right?") asks a question, unless it is a
  consensus check closing a stated choice ("Everyone okay with that?", "Any objections?"),
  which makes the turn a decision instead;
- a turn that commits someone in so many words ("I'll…", "<Name> will…", "someone should…")
  hands out work (`action`), whatever else it does;
- `metric_gaming` needs the turn to talk about what is counted or measured (count, measure,
  report, figure, rate, percent, target, definition, exclude…): a proposal that changes nothing
  about a number is not gaming one;
- `wellbeing` needs words of load or of being the only one (weekend, evenings, days off, alone,
  the only one, nobody else, exhausted…).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.meetings.labels import UtteranceLabel
from coach.meetings.owners import commits
from coach.meetings.phrases import is_question, sentences
from coach.transcripts import Turn

_CONSENSUS = re.compile(r"\b(?:every(?:one|body) (?:okay|ok|happy|agree|fine|good|alright)|any objections|"
                        r"(?:okay|ok|alright|fine) with (?:every(?:one|body)|you all|that)|does everyone agree|"
                        r"all agreed|agreed\?|are we agreed|objections\?)", re.I)
_COUNTED = re.compile(r"\b(?:count\w*|measur\w*|report\w*|number\w*|figure\w*|rate|score\w*|percent\w*|"
                      r"target\w*|definition|defin\w*|exclud\w*|exempt\w*|leave \w+ out|clock|label\w*|log\w*|"
                      r"metric\w*|statistic\w*|tick|survey\w*|only (?:count|audit|send|include))\b", re.I)
_LOAD = re.compile(r"\b(?:weekend\w*|saturday\w*|sunday\w*|evening\w*|nights?|days? off|holiday\w*|alone|"
                   r"only (?:one|person|i)|nobody else|no one else|on my own|exhaust\w*|wiped|tired|burn\w*|"
                   r"running on empty|too much|every single|since \w+ left|"
                   r"only \w+ who)\b", re.I)

Labels = frozenset[UtteranceLabel]


def refine(turns: Sequence[Turn], labels: Sequence[Labels]) -> list[Labels]:
    """The labels adjusted as the module docstring says."""
    return [_refine(turn, set(found)) for turn, found in zip(turns, labels, strict=True)]


def _refine(turn: Turn, found: set[UtteranceLabel]) -> Labels:
    asks = [s for s in sentences(turn.text) if is_question(s)]
    if asks and all(_CONSENSUS.search(s) for s in asks):
        found.discard("question")
        found.add("decision")
    elif asks:
        found.add("question")
    if commits(turn.text):
        found.add("action")
    if "metric_gaming" in found and not _COUNTED.search(turn.text):
        found.discard("metric_gaming")
    if "wellbeing" in found and not _LOAD.search(turn.text):
        found.discard("wellbeing")
    return frozenset(found)
