"""API keys in Settings (admin): create one (its secret is shown once) and revoke."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Form, Request
from starlette.responses import HTMLResponse

from coach.auth import KeyRing
from coach.identity import ROLES
from coach.web.context import CheckedDep, Visitor, allowed, page
from coach.web.routing import web_router

router = web_router()


@dataclass(frozen=True)
class NewKey:
    """A key just created: the only time its secret is on a page."""

    secret: str
    role: str
    user: str


def key_values(visitor: Visitor, new_key: NewKey | None = None) -> dict[str, Any]:
    """What the keys section shows: the team's keys (prefixes only) and a new key once."""
    allowed(visitor, "admin")
    keys = KeyRing(visitor.coach.database).list(visitor.principal.team)
    return {"keys": keys, "roles": ROLES, "new_key": new_key}


@router.post("/settings/keys")
def create_key(request: Request, visitor: CheckedDep, user: Annotated[str, Form(max_length=120)] = "",
               role: Annotated[str, Form(max_length=16)] = "member") -> HTMLResponse:
    """Create a key for a person of this team; the page shows the secret this once."""
    allowed(visitor, "admin")
    secret, info = KeyRing(visitor.coach.database).create(visitor.principal, role, user or None)
    return page(request, visitor, "_keys.html", "settings",
                **key_values(visitor, NewKey(secret, info.role, info.user)))


@router.post("/settings/keys/{key_id}/revoke")
def revoke_key(request: Request, visitor: CheckedDep, key_id: str) -> HTMLResponse:
    """Revoke one of this team's keys; it stops working at once (a signed-in browser too)."""
    allowed(visitor, "admin")
    KeyRing(visitor.coach.database).revoke(visitor.principal, key_id)
    return page(request, visitor, "_keys.html", "settings", **key_values(visitor))
