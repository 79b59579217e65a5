"""The coach's view: upload a check-in, review the drafted nudges, deliver the approved ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Form, Request, UploadFile
from starlette.responses import HTMLResponse

from coach.errors import ValidationError
from coach.team_access import TeamAccess
from coach.web.chart import talk_share
from coach.web.context import CheckedDep, Visitor, VisitorDep, allowed, page
from coach.web.routing import web_router

router = web_router()
MAX_TRANSCRIPT_BYTES = 2_000_000


def _review_values(visitor: Visitor) -> dict[str, Any]:
    access = TeamAccess(visitor.coach, visitor.principal)
    feed = access.feed()
    delivered = {item.nudge_id for item in feed}
    nudges = [n for n in access.nudges() if n.status != "dismissed" and n.id not in delivered]
    return {"nudges": nudges, "feed": list(reversed(feed))}


@router.get("/coach")
def coach_view(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """Upload form, the nudges waiting for review, and the team feed."""
    allowed(visitor, "review")
    return page(request, visitor, "coach.html", "coach", title="Coach", **_review_values(visitor))


@router.post("/coach/upload")
async def upload(request: Request, visitor: CheckedDep, transcript: UploadFile) -> HTMLResponse:
    """Analyse an uploaded transcript: summary, talk share, and its nudges queued for review."""
    allowed(visitor, "review")
    name = Path(transcript.filename or "").name
    raw = await transcript.read(MAX_TRANSCRIPT_BYTES + 1)
    if not name or not raw:
        raise ValidationError("no transcript was chosen: pick a .vtt, .srt, .txt or .json file, then Upload")
    if len(raw) > MAX_TRANSCRIPT_BYTES:
        raise ValidationError("the transcript is larger than 2 MB: split it into one file per meeting")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError("the transcript is not UTF-8 text: save it as UTF-8 and upload it again") from exc
    report = TeamAccess(visitor.coach, visitor.principal).upload_transcript(name, text)
    return page(request, visitor, "_upload_result.html", "coach", name=name, summary=report.summary,
                chart=talk_share(report.dynamics.speakers),
                silent=report.dynamics.silent, warnings=report.warnings, **_review_values(visitor))


@router.post("/coach/nudges/{nudge_id}")
def review_nudge(request: Request, visitor: CheckedDep, nudge_id: str,
                 change: Annotated[Literal["approve", "edit", "dismiss"], Form()],
                 text: Annotated[str, Form(max_length=2000)] = "") -> HTMLResponse:
    """Approve, edit or dismiss one nudge, as the signed-in coach."""
    access = TeamAccess(visitor.coach, visitor.principal)
    # Approve after changing the wording saves the new wording: an edit counts as approved.
    reworded = change == "approve" and text.strip() and text.strip() != access.nudge(nudge_id).text
    if change == "edit" or reworded:
        nudge = access.review(nudge_id, "edit", text)
    elif change == "dismiss":
        nudge = access.review(nudge_id, "dismiss", f"dismissed in review by {visitor.principal.user}")
    else:
        nudge = access.review(nudge_id, "approve")
    return page(request, visitor, "_nudge.html", "coach", nudge=nudge)


@router.post("/coach/deliver")
def deliver(request: Request, visitor: CheckedDep) -> HTMLResponse:
    """Send the approved and edited nudges to the team feed and webhook."""
    report = TeamAccess(visitor.coach, visitor.principal).deliver()
    notice = f"Delivered {report.feed.sent} to the feed"
    notice += f" and {report.webhook.sent} to the webhook." if report.webhook.sent else "."
    if report.errors:
        notice += " Not delivered: " + "; ".join(report.errors)
    return page(request, visitor, "_review.html", "coach", notice=notice, **_review_values(visitor))
