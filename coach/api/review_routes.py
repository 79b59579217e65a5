"""Check-in transcripts and the nudge review queue (coach role): upload, list, change, deliver.
Managers may list the queue's notes addressed to them (wellbeing signals), nothing else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from coach.api.deps import AccessDep
from coach.api.errors import responses
from coach.api.routes import AUTHED, WITH_BODY
from coach.appdb import NudgeEvent
from coach.meetings.dynamics import MeetingDynamics
from coach.meetings.models import Nudge, NudgeStatus
from coach.meetings.summary import SummarySentence
from coach.review.delivery import ChannelCounts

router = APIRouter()


class TranscriptUpload(BaseModel):
    """A check-in transcript sent to the API; it is parsed before anything is stored."""

    filename: str = Field(pattern=r"^[\w-][\w.-]*\.(vtt|srt|txt|json)$", max_length=120)
    text: str = Field(min_length=1)
    attendees: list[str] = Field(default_factory=list, max_length=200)


class MeetingView(BaseModel):
    """The meeting's summary, dynamics and the nudges now pending review."""

    transcript: str
    summary: list[SummarySentence]
    dynamics: MeetingDynamics
    nudges: list[Nudge]
    warnings: list[str]


class NudgeList(BaseModel):
    """Nudges in the team's review queue, oldest first."""

    nudges: list[Nudge]


class NudgeHistory(BaseModel):
    """A nudge's audit trail, oldest first; `actor` is always the key's user."""

    events: list[NudgeEvent]


class Edit(BaseModel):
    """The new wording of a nudge."""

    text: str = Field(min_length=1, max_length=2000)


class Dismissal(BaseModel):
    """Why the nudge should not reach the team."""

    reason: str = Field(min_length=1, max_length=2000)


class DeliveryView(BaseModel):
    """What one delivery did, per channel; `errors` name the nudge and the problem."""

    feed: ChannelCounts
    webhook: ChannelCounts
    errors: list[str]


@router.post("/transcripts", response_model=MeetingView,
             responses=responses(*WITH_BODY, 409, 502, 504))
def upload_transcript(access: AccessDep, upload: TranscriptUpload) -> Any:
    """Parse a check-in transcript, store it in the team's data, queue its nudges as pending.
    A malformed transcript is refused (422) before anything is stored; a name already used
    for other text is refused (409)."""
    report = access.upload_transcript(upload.filename, upload.text, upload.attendees)
    return MeetingView(transcript=report.transcript, summary=list(report.summary),
                       dynamics=report.dynamics, nudges=report.nudges, warnings=report.warnings)


@router.get("/review", response_model=NudgeList, responses=responses(*AUTHED, 422))
def review_list(access: AccessDep, status: Annotated[NudgeStatus | None, Query()] = None) -> NudgeList:
    """The team's nudges, optionally of one status; a manager key lists only the notes addressed
    to the team's manager, a member key is refused."""
    return NudgeList(nudges=access.nudges(status))


_CHANGE = responses(*WITH_BODY, 404)


@router.get("/review/{nudge_id}", response_model=Nudge, responses=responses(*AUTHED, 404))
def review_get(access: AccessDep, nudge_id: str) -> Nudge:
    """One nudge of the team."""
    return access.nudge(nudge_id)


@router.get("/review/{nudge_id}/history", response_model=NudgeHistory, responses=responses(*AUTHED, 404))
def review_history(access: AccessDep, nudge_id: str) -> NudgeHistory:
    """Who changed the nudge, when, and the text before and after."""
    return NudgeHistory(events=access.history(nudge_id))


@router.post("/review/{nudge_id}/approve", response_model=Nudge, responses=responses(*AUTHED, 404, 422))
def review_approve(access: AccessDep, nudge_id: str) -> Nudge:
    """Approve the nudge as it reads now; the key's user is recorded as the reviewer."""
    return access.review(nudge_id, "approve")


@router.post("/review/{nudge_id}/edit", response_model=Nudge, responses=_CHANGE)
def review_edit(access: AccessDep, nudge_id: str, edit: Edit) -> Nudge:
    """Rewrite the nudge (counts as approved for delivery)."""
    return access.review(nudge_id, "edit", edit.text)


@router.post("/review/{nudge_id}/dismiss", response_model=Nudge, responses=_CHANGE)
def review_dismiss(access: AccessDep, nudge_id: str, dismissal: Dismissal) -> Nudge:
    """Drop the nudge for good; the reason is kept in the audit trail."""
    return access.review(nudge_id, "dismiss", dismissal.reason)


@router.post("/review/deliver", response_model=DeliveryView, responses=responses(*AUTHED, 502))
def deliver(access: AccessDep) -> DeliveryView:
    """Send the team's approved and edited nudges (each at most once) to its feed and webhook."""
    report = access.deliver()
    return DeliveryView(feed=report.feed, webhook=report.webhook, errors=report.errors)
