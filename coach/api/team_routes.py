"""The key's team: settings (admin changes them), team files (admin uploads), the feed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from coach.api.deps import AccessDep
from coach.api.errors import responses
from coach.api.routes import AUTHED, WITH_BODY
from coach.appdb import FeedItem

router = APIRouter(prefix="/team")


class TeamView(BaseModel):
    """The team's words, whether a webhook is set (never its URL: it holds a secret), retention."""

    team: str
    terms: dict[str, str]
    webhook: bool
    retention_days: int | None


class TeamTerms(BaseModel):
    """A team's words; omitted ones keep their current value."""

    objective: str | None = Field(default=None, min_length=2, max_length=40)
    key_result: str | None = Field(default=None, min_length=2, max_length=40)
    initiative: str | None = Field(default=None, min_length=2, max_length=40)


class Webhook(BaseModel):
    """A Slack-compatible incoming webhook URL, or null to remove it."""

    url: str | None = Field(max_length=2000, pattern=r"^https?://[A-Za-z0-9._~%-]+(:[0-9]{1,5})?(/\S*)?$",
                            examples=["https://hooks.slack.com/services/T000/B000/XXXX"])


class Retention(BaseModel):
    """Days resolved data is kept, or null to keep it until removed by hand."""

    days: int | None = Field(ge=1, le=36500)


class TeamFile(BaseModel):
    """A team file sent to the API: OKRs (.yaml/.json), metric snapshots (.csv), notes (.md)."""

    filename: str = Field(pattern=r"^[\w-][\w.-]*\.(ya?ml|json|csv|md|txt)$", max_length=120)
    text: str = Field(min_length=1)


class IngestResult(BaseModel):
    """What ingesting the file did (the same shape as `coach ingest --json`)."""

    files: int
    added: int
    updated: int
    unchanged: int
    removed: int
    chunks: int
    embedded: int
    errors: list[dict[str, str]]
    near_duplicates: list[dict[str, Any]] = Field(default_factory=list)


class FeedView(BaseModel):
    """Delivered nudges, oldest first."""

    items: list[FeedItem]


def _view(access: AccessDep) -> TeamView:
    settings = access.settings()
    return TeamView(team=access.team, terms=settings.vocabulary.model_dump(),
                    webhook=settings.webhook_url is not None, retention_days=settings.retention_days)


@router.get("", response_model=TeamView, responses=responses(*AUTHED))
def team_settings(access: AccessDep) -> TeamView:
    """The key's team: its words, whether a webhook is set, its retention."""
    return _view(access)


@router.put("/terms", response_model=TeamView, responses=responses(*WITH_BODY))
def set_terms(access: AccessDep, terms: TeamTerms) -> TeamView:
    """Rename objective / key result / initiative (admin)."""
    access.set_terms(terms.model_dump(exclude_none=True))
    return _view(access)


@router.put("/webhook", response_model=TeamView, responses=responses(*WITH_BODY))
def set_webhook(access: AccessDep, webhook: Webhook) -> TeamView:
    """Set or remove the team's webhook (admin)."""
    access.set_webhook(webhook.url)
    return _view(access)


@router.put("/retention", response_model=TeamView, responses=responses(*WITH_BODY))
def set_retention(access: AccessDep, retention: Retention) -> TeamView:
    """Set or clear how long resolved data is kept (admin)."""
    access.set_retention(retention.days)
    return _view(access)


@router.post("/files", response_model=IngestResult, responses=responses(*WITH_BODY, 502, 504))
def upload_file(access: AccessDep, upload: TeamFile) -> IngestResult:
    """Store a team file and index it (admin); a file that cannot be ingested is refused (422)
    and the version stored before it is kept."""
    return IngestResult.model_validate(access.upload_file(upload.filename, upload.text).as_json())


@router.get("/feed", response_model=FeedView, responses=responses(*AUTHED))
def team_feed(access: AccessDep) -> FeedView:
    """Delivered nudges, as the team sees them."""
    return FeedView(items=access.feed())
