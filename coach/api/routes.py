"""Skill, team, nudge and review routes: validate → call the service → return a public model."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, Field

from coach.config import check_team
from coach.service import Coach
from coach.skills.registry import SKILLS, get_skill
from coach.vocabulary import Vocabulary

router = APIRouter()


def _coach(request: Request) -> Coach:
    coach: Coach = request.app.state.coach
    return coach


CoachDep = Annotated[Coach, Depends(_coach)]


@router.get("/skills")
def list_skills() -> dict[str, Any]:
    """Registered skills and their request schemas."""
    return {"skills": {name: skill.request_model.model_json_schema() for name, skill in SKILLS.items()}}


@router.post("/skills/{name}")
def run_skill(coach: CoachDep, name: str, payload: Annotated[dict[str, Any], Body()],
              team: str | None = None, viewer: str | None = None) -> dict[str, Any]:
    """Run a skill; the body is the skill's request model."""
    get_skill(name)  # 404 with the known names first
    response = coach.suggest(name, payload, team, viewer=viewer)
    return response.model_dump(mode="json")


class TeamTerms(BaseModel):
    """A team's words; omitted ones keep their current value."""

    objective: str | None = Field(default=None, min_length=2, max_length=40)
    key_result: str | None = Field(default=None, min_length=2, max_length=40)
    initiative: str | None = Field(default=None, min_length=2, max_length=40)


@router.get("/teams/{team}")
def team_settings(coach: CoachDep, team: str) -> dict[str, Any]:
    """The team's vocabulary, whether a webhook is set (never the URL: it holds a secret), retention."""
    settings = coach.appdb.get_team(check_team(team))
    return {"team": team, "terms": settings.vocabulary.model_dump(),
            "webhook": settings.webhook_url is not None, "retention_days": settings.retention_days}


@router.put("/teams/{team}/terms")
def set_terms(coach: CoachDep, team: str, terms: TeamTerms) -> dict[str, Any]:
    """Rename objective / key result / initiative for one team."""
    current = coach.vocabulary(check_team(team))
    updated = Vocabulary(**{**current.model_dump(), **terms.model_dump(exclude_none=True)})
    coach.appdb.set_vocabulary(team, updated)
    return {"team": team, "terms": updated.model_dump()}
