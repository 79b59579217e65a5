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


class TranscriptUpload(BaseModel):
    """A check-in transcript sent to the API."""

    filename: str = Field(pattern=r"^[\w.-]+\.(vtt|srt|txt|json)$", max_length=120)
    text: str = Field(min_length=1, max_length=2_000_000)
    attendees: list[str] = Field(default_factory=list)


class ReviewAction(BaseModel):
    """Who acts, and the new text or the reason where the action needs one."""

    actor: str = Field(min_length=1, max_length=120)
    text: str | None = Field(default=None, max_length=2000)
    reason: str | None = Field(default=None, max_length=2000)


@router.post("/teams/{team}/nudges")
def upload_transcript(coach: CoachDep, team: str, upload: TranscriptUpload) -> dict[str, Any]:
    """Store the transcript in the team's data, analyse it, queue its nudges as pending."""
    from coach.meetings.service import review_meeting

    folder = coach.settings.data_dir / "transcripts" / check_team(team)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / upload.filename
    path.write_text(upload.text, encoding="utf-8")
    return review_meeting(coach, path, team, attendees=upload.attendees).as_json()


@router.get("/review")
def review_list(coach: CoachDep, team: str | None = None, status: str | None = None) -> dict[str, Any]:
    """Nudges in the review queue."""
    from coach.review.queue import ReviewQueue

    if status not in (None, "pending", "approved", "edited", "dismissed"):
        from coach.errors import ValidationError

        raise ValidationError(f"unknown status {status!r}; use pending, approved, edited or dismissed")
    found = ReviewQueue(coach.appdb).list(check_team(team) if team else None, status)  # type: ignore[arg-type]
    return {"nudges": [n.model_dump(mode="json") for n in found]}


@router.post("/review/{nudge_id}/{action}")
def review_change(coach: CoachDep, nudge_id: str, action: str, body: ReviewAction) -> dict[str, Any]:
    """approve, edit (needs text) or dismiss (needs reason) one nudge."""
    from coach.errors import NotFoundError
    from coach.review.queue import ReviewQueue

    queue = ReviewQueue(coach.appdb)
    if action == "approve":
        nudge = queue.approve(nudge_id, actor=body.actor)
    elif action == "edit":
        nudge = queue.edit(nudge_id, text=_required(body.text, "text"), actor=body.actor)
    elif action == "dismiss":
        nudge = queue.dismiss(nudge_id, reason=_required(body.reason, "reason"), actor=body.actor)
    else:
        raise NotFoundError(f"no review action {action!r}; use approve, edit or dismiss")
    return nudge.model_dump(mode="json")


def _required(value: str | None, name: str) -> str:
    from coach.errors import ValidationError

    if not value or not value.strip():
        raise ValidationError(f"this action needs a non-empty {name!r}")
    return value


@router.post("/review/deliver")
def review_deliver(coach: CoachDep, team: str | None = None) -> dict[str, Any]:
    """Send approved and edited nudges (each at most once) to the feed and the webhook."""
    import dataclasses

    return dataclasses.asdict(coach.deliver(team))


@router.get("/teams/{team}/feed")
def team_feed(coach: CoachDep, team: str) -> dict[str, Any]:
    """Delivered nudges, as the team sees them."""
    import dataclasses

    return {"items": [dataclasses.asdict(item) for item in coach.appdb.feed(check_team(team))]}
