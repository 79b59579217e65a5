"""Typed results of meeting analysis, shared by analysis, the review queue and delivery."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.citations import Citation

NudgeKind = Literal["talk_balance", "silent_participant", "status_readout", "missing_owner",
                    "missing_due_date", "off_goal", "interruptions", "unresolved_question",
                    "metric_gaming", "uncovered_key_result", "wellbeing", "positive"]
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
