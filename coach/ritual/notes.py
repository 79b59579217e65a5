"""What a response says the team learned before (a leaf module: the skill envelope uses it)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.citations import Citation


class LearningNote(BaseModel):
    """A learning from the team's experiment ledger that bears on this suggestion, cited."""

    kr_id: str
    learned_on: str
    learning: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
