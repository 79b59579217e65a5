"""What a meeting turn does: the labels of the utterance classifier and of its dataset.

The label guide with examples is `evals/datasets/utterances/README.md`; a turn may have several
labels (a facilitator's "Tomasz trains Aiko next Tuesday." is a decision and an action) or none.
"""

from __future__ import annotations

from typing import Literal, get_args

UtteranceLabel = Literal["status", "decision", "action", "question", "answer", "proposal", "disagreement",
                         "appreciation", "off_goal", "metric_gaming", "integrity_concern", "wellbeing"]
LABELS: tuple[UtteranceLabel, ...] = get_args(UtteranceLabel)
