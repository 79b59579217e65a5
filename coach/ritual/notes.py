"""What a response says the team learned before (a leaf module: skills about key results use it)."""

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


class CitesLearnings(BaseModel):
    """Mixed into the response of a skill about key results (practices, experiments, risks): what
    the team learned about those key results in its experiment ledger, newest first, each cited.
    `Coach.suggest` fills it for a team's request; skills about other things (key results for an
    objective, career questions, lint) do not carry the field, so their JSON shape is unchanged."""

    learnings: list[LearningNote] = Field(default_factory=list)
