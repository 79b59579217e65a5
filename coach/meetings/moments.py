"""One finding anchored to a transcript turn, shared by every part of meeting analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.transcripts import Turn, format_timestamp

MomentKind = Literal["interruption", "status_readout", "decision", "action_item", "unresolved_question",
                     "off_goal", "question_to_quiet_member", "appreciation", "disagreement_resolved",
                     "metric_gaming", "integrity_defended", "wellbeing"]


@dataclass(frozen=True)
class Moment:
    """One finding; `text` is that turn's text verbatim, `detail` says what was found in words.

    Decisions and actions also carry their owner and due date (None when missing), and whether
    the owner was absent from the meeting.
    """

    kind: MomentKind
    at: str
    line: int
    speaker: str
    text: str
    detail: str = ""
    owner: str | None = None
    due: str | None = None
    owner_absent: bool = False


def moment(kind: MomentKind, turn: Turn, detail: str = "", *, owner: str | None = None, due: str | None = None,
           owner_absent: bool = False) -> Moment:
    """A moment for a turn."""
    return Moment(kind, format_timestamp(turn.start), turn.line, turn.speaker, turn.text, detail, owner, due,
                  owner_absent)
