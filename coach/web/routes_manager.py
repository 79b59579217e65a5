"""The manager's view: a career-conversation series from a private note or a typed context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from starlette.responses import HTMLResponse, Response

from coach.errors import ValidationError
from coach.team_access import TeamAccess
from coach.web.career import HORIZONS, owned_notes, series_markdown
from coach.web.context import CheckedDep, VisitorDep, allowed, apply_headers, page
from coach.web.routing import web_router

router = web_router()


@router.get("/manager")
def manager(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """The form: one of the manager's own private notes, or a typed context; and the notes the
    review queue addresses to the team's manager (wellbeing signals from check-ins)."""
    allowed(visitor, "career")
    queued = TeamAccess(visitor.coach, visitor.principal).nudges()
    signals = [n for n in queued if n.audience == "manager" and n.status != "dismissed"]
    return page(request, visitor, "manager.html", "manager", title="Manager",
                notes=owned_notes(visitor.coach, visitor.principal), signals=signals)


@router.post("/manager/series")
def series(request: Request, visitor: CheckedDep, note: Annotated[str, Form(max_length=2000)] = "",
           about: Annotated[str, Form(max_length=8000)] = "") -> HTMLResponse:
    """An ordered series of open questions, tuned to the note or the context."""
    allowed(visitor, "career")
    request_body: dict[str, str] = {"about": about.strip()}
    heading = "Career conversation"
    if note:
        chosen = [n for n in owned_notes(visitor.coach, visitor.principal) if n.source == note]
        if not chosen:
            raise ValidationError("that note is not one of your private notes: choose one from the list")
        request_body = {"about": f"{chosen[0].text}\n\n{about}".strip()[:8000]}
        if chosen[0].person:
            request_body["person"] = chosen[0].person
            heading = f"Career conversation with {chosen[0].person}"
    if len(request_body["about"]) < 3:
        raise ValidationError("there is no context yet: choose a private note or describe the person's situation")
    response = TeamAccess(visitor.coach, visitor.principal).suggest("career", request_body)
    return page(request, visitor, "_series.html", "manager", heading=heading, items=response.items,
                horizons=HORIZONS, markdown=series_markdown(heading, response.items), warnings=response.warnings)


@router.post("/manager/download")
def download(visitor: CheckedDep, markdown: Annotated[str, Form(max_length=100_000)] = "") -> Response:
    """The series the page shows, as a Markdown file."""
    allowed(visitor, "career")
    if not markdown.strip():
        raise ValidationError("there is no series to download: prepare one first")
    return apply_headers(Response(markdown, media_type="text/markdown; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="career-conversation.md"'}))
