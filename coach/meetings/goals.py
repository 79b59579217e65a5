"""Meeting time against the team's goals: off-goal stretches and key results nobody covered.

- off-goal turn: labelled `off_goal` by the classifier and, when the team has OKRs, not among the
  meeting's turns closest to a goal (its similarity to its closest goal is under the meeting's
  ON_GOAL_QUANTILE). A turn as close to the goals as the meeting's most on-goal quarter is never
  called off-goal. A side conversation's replies ("A metre! Is he stuck?") rarely sound off-goal on
  their own, so when the team has OKRs a turn with off-goal turns within OFF_GOAL_GAP turns on
  both sides is off-goal too, unless it is among the meeting's most on-goal quarter (without
  OKRs nothing says the turns between are off-goal, so they are not).
- off-goal stretch: consecutive off-goal turns (a short reply of at most BRIDGE_WORDS words in
  between does not end it) lasting OFF_GOAL_MIN_TURNS turns or OFF_GOAL_MIN_SECONDS seconds.
- key result not covered: its owner attended and never spoke (or was absent), and no turn is about
  it: no turn reaches KR_DISCUSSED cosine similarity with its text, and no turn names its metric.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from coach.meetings.labels import UtteranceLabel
from coach.meetings.moments import Moment, moment
from coach.meetings.phrases import content_words, words
from coach.transcripts import Turn

OFF_GOAL_MIN_TURNS = 3
OFF_GOAL_MIN_SECONDS = 60.0
BRIDGE_WORDS = 4
OFF_GOAL_GAP = 2
KR_DISCUSSED = 0.45
ON_GOAL_QUANTILE = 0.75


@dataclass(frozen=True)
class KeyResultRef:
    """A key result as meeting analysis needs it: its words, its metric and its owner."""

    text: str
    owner: str | None = None
    metric: str | None = None


def off_goal_turns(turns: Sequence[Turn], labels: Sequence[frozenset[UtteranceLabel]],
                   similarity: Sequence[float] | None) -> list[bool]:
    """Per turn: off-goal by its label, unless it is as close to a goal as the typical turn."""
    typical = statistics.quantiles(similarity, n=4)[2] if similarity and len(similarity) > 1 else None
    near_goal = [typical is not None and similarity is not None and similarity[i] >= typical
                 for i in range(len(turns))]
    labelled = [("off_goal" in labels[i]) and not near_goal[i] for i in range(len(turns))]
    return [labelled[i] or (typical is not None and not near_goal[i] and any(labelled[max(i - OFF_GOAL_GAP, 0):i])
                            and any(labelled[i + 1:i + 1 + OFF_GOAL_GAP]))
            for i in range(len(turns))]


def off_goal_stretches(turns: Sequence[Turn], off: Sequence[bool],
                       seconds: Sequence[float]) -> tuple[tuple[Moment, ...], ...]:
    """Stretches of off-goal talk long enough to matter (see the module docstring)."""
    runs: list[tuple[Moment, ...]] = []
    current: list[int] = []
    for index in [*range(len(turns)), -1]:
        if index >= 0 and off[index]:
            current.append(index)
            continue
        if index >= 0 and current and len(words(turns[index].text)) <= BRIDGE_WORDS:
            continue
        if len(current) >= OFF_GOAL_MIN_TURNS or sum(seconds[i] for i in current) >= OFF_GOAL_MIN_SECONDS:
            runs.append(tuple(moment("off_goal", turns[i]) for i in current))
        current = []
    return tuple(runs)


def uncovered(key_results: Sequence[KeyResultRef], turns: Sequence[Turn], similarity: Sequence[Sequence[float]],
              spoke: set[str]) -> tuple[KeyResultRef, ...]:
    """Key results whose owner never spoke and that no turn discussed.

    `similarity[i][k]` is the cosine similarity of turn i to key result k.
    """
    found = []
    for k, kr in enumerate(key_results):
        if kr.owner and kr.owner in spoke:
            continue
        closest = max((row[k] for row in similarity), default=0.0)
        metric = content_words(kr.metric or "")
        named = bool(metric) and any(metric <= content_words(t.text) for t in turns)
        if closest < KR_DISCUSSED and not named:
            found.append(kr)
    return tuple(found)
