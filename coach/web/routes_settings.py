"""The admin's settings: vocabulary, webhook, retention (and keys, where key management is on)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Form, Request
from starlette.responses import HTMLResponse

from coach.errors import ValidationError
from coach.team_access import TeamAccess
from coach.web.context import CheckedDep, Visitor, VisitorDep, allowed, page
from coach.web.routes_keys import key_values
from coach.web.routing import web_router

router = web_router()


def _access(visitor: Visitor) -> TeamAccess:
    allowed(visitor, "admin")
    return TeamAccess(visitor.coach, visitor.principal)


@router.get("/settings")
def settings_view(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """The team's settings, for admins."""
    current = _access(visitor).settings()
    return page(request, visitor, "settings.html", "settings", title="Settings", vocabulary=current.vocabulary,
                webhook_set=current.webhook_url is not None, retention_days=current.retention_days,
                **key_values(visitor))


@router.post("/settings/vocabulary")
def vocabulary(request: Request, visitor: CheckedDep, objective: Annotated[str, Form(max_length=40)],
               key_result: Annotated[str, Form(max_length=40)],
               initiative: Annotated[str, Form(max_length=40)]) -> HTMLResponse:
    """Rename objective / key result / initiative for the whole team."""
    words = {"objective": objective.strip(), "key_result": key_result.strip(), "initiative": initiative.strip()}
    updated = _access(visitor).set_terms(words)
    message = (f"Saved: {updated.objective}, {updated.key_result}, {updated.initiative}. "
               "Reload a page to see the new words.")
    return page(request, visitor, "_saved.html", "settings", message=message)


@router.post("/settings/webhook")
def webhook(request: Request, visitor: CheckedDep, url: Annotated[str, Form(max_length=2000)] = "",
            action: Annotated[Literal["save", "remove"], Form()] = "save") -> HTMLResponse:
    """Set or remove the team's webhook."""
    access = _access(visitor)
    if action == "remove" or not url.strip():
        access.set_webhook(None)
        return page(request, visitor, "_saved.html", "settings", message="Webhook removed.")
    access.set_webhook(url.strip())
    return page(request, visitor, "_saved.html", "settings", message="Webhook saved.")


@router.post("/settings/retention")
def retention(request: Request, visitor: CheckedDep, days: Annotated[str, Form(max_length=6)] = "") -> HTMLResponse:
    """Set how long resolved data is kept (empty: until removed by hand)."""
    access = _access(visitor)
    text = days.strip()
    if text and not text.lstrip("-").isdigit():
        raise ValidationError(f"{text!r} is not a number of days: give a whole number such as 180, or leave "
                              "it empty to keep data until it is removed by hand")
    value = int(text) if text else None
    access.set_retention(value)
    message = f"Kept for {value} days." if value else "Kept until removed by hand."
    return page(request, visitor, "_saved.html", "settings", message=message)
