"""Typed results of meeting analysis, shared by analysis, the review queue and delivery."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.citations import Citation

NudgeKind = Literal["talk_balance", "silent_participant", "status_readout", "missing_owner",
                    "missing_due_date", "off_goal", "interruptions", "unresolved_question",
                    "metric_gaming", "uncovered_key_result", "wellbeing", "positive"]
# The order a reviewer meets a meeting's nudges in, most pressing first: a note about a person's
# strain, then what could mislead the team or leave work undone, then how the meeting ran, then
# what to keep doing. Ties go by where the first evidence line sits in the meeting.
_MOST_PRESSING_FIRST: tuple[NudgeKind, ...] = (
    "wellbeing", "metric_gaming", "missing_owner", "unresolved_question", "missing_due_date",
    "uncovered_key_result", "interruptions", "talk_balance", "silent_participant", "status_readout",
    "off_goal", "positive")
SEVERITY: dict[NudgeKind, int] = {kind: rank for rank, kind in enumerate(_MOST_PRESSING_FIRST)}
# Who a nudge is for: the team (delivered once approved), or the team's manager alone (a private
# note in the review queue that delivery never sends to the team feed or webhook).
Audience = Literal["team", "manager"]
NudgeStatus = Literal["pending", "approved", "edited", "dismissed"]
Stance = Literal["try", "do", "consider"]


class Evidence(BaseModel):
    """A quoted transcript line."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(description="1-based line number in the transcript file")
    timestamp: str = Field(description="hh:mm:ss, or '' when the format has no times")
    speaker: str
    text: str


class LinkedPractice(BaseModel):
    """A practice that could help, with where it came from."""

    practice_id: str
    name: str
    citations: list[Citation] = Field(min_length=1)


class NudgeDraft(BaseModel):
    """A nudge as analysis drafts it, before it enters the review queue."""

    kind: NudgeKind
    stance: Stance
    text: str = Field(min_length=10)
    evidence: list[Evidence] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    practice_query: str | None = Field(default=None, description="what to search to link a practice")
    practice: LinkedPractice | None = None
    audience: Audience = "team"


class Nudge(NudgeDraft):
    """A nudge in the review queue."""

    id: str
    team: str
    transcript: str
    status: NudgeStatus = "pending"
    created_at: str
