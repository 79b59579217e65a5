"""What every web route needs: the signed-in Principal, CSRF checks, and page rendering.

Identity is resolved here, once per request, from the key in the session cookie; the routes
take the Principal and never a team or user named by the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, Response

from coach.errors import CoachError
from coach.identity import Capability, Principal
from coach.service import Coach
from coach.vocabulary import Vocabulary
from coach.web.session import CSRF_FIELD, CSRF_HEADER, SessionCodec, WebSession, csrf_matches
from coach.web.team import WorkspaceRecords
from coach.web.words import Terms, sentence

KeyResolver = Callable[[str], Principal | None]
View = Literal["workspace", "manager", "coach", "settings"]

# The views in nav order, with the name shown and the capability each needs.
VIEWS: tuple[tuple[View, str, Capability], ...] = (
    ("workspace", "Workspace", "read"),
    ("manager", "Manager", "career"),
    ("coach", "Coach", "review"),
    ("settings", "Settings", "admin"),
)

# No inline script, no other origin; inline SVG presentation attributes are not styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
                    "Cache-Control": "no-store"}

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["sentence"] = sentence


class SignInRequired(Exception):
    """No valid session: the browser goes to the sign-in page."""


class CsrfFailed(CoachError):
    """A state-changing request came without the session's CSRF token."""


@dataclass
class WebApp:
    """The web app's shared parts, kept on `app.state.web`."""

    coach_of: Callable[[Request], Coach]
    records_of: Callable[[Request], WorkspaceRecords]
    resolve_key: KeyResolver
    codec: SessionCodec


@dataclass(frozen=True)
class Visitor:
    """A signed-in person: who they are (resolved from the key) and their session."""

    principal: Principal
    session: WebSession
    coach: Coach

    @property
    def vocabulary(self) -> Vocabulary:
        """The team's words."""
        return self.coach.vocabulary(self.principal.team)


def web_app(request: Request) -> WebApp:
    """The web app's parts."""
    found: WebApp = request.app.state.web
    return found


def visitor(request: Request) -> Visitor:
    """The signed-in person, or SignInRequired (a redirect to the sign-in page)."""
    web = web_app(request)
    session = web.codec.read(request)
    if session is None or not session.key:
        raise SignInRequired()
    principal = web.resolve_key(session.key)
    if principal is None:  # revoked or unknown since sign-in
        raise SignInRequired()
    return Visitor(principal, session, web.coach_of(request))


async def checked_visitor(request: Request) -> Visitor:
    """The signed-in person, for a state-changing request: the CSRF token must match."""
    found = visitor(request)
    await require_csrf(request, found.session)
    return found


async def require_csrf(request: Request, session: WebSession) -> None:
    """Refuse the request unless it carries the session's CSRF token."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not csrf_matches(session.csrf, sent):
        raise CsrfFailed("this form has expired or did not come from this site: reload the page "
                         "and try again")


def allowed(visitor: Visitor, capability: Capability) -> Visitor:
    """The visitor, or ForbiddenError naming the role needed (the server refuses what it hides)."""
    visitor.principal.require(capability)
    return visitor


VisitorDep = Annotated[Visitor, Depends(visitor)]
CheckedDep = Annotated[Visitor, Depends(checked_visitor)]


def nav(principal: Principal) -> list[tuple[View, str]]:
    """The views this role may use, in order."""
    return [(view, label) for view, label, capability in VIEWS if principal.can(capability)]


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A template rendered with the security headers every page carries."""
    response = TEMPLATES.TemplateResponse(request, template, values, status_code=status)
    apply_headers(response)
    return response


def apply_headers(response: Response) -> Response:
    """Add the CSP and friends to a response."""
    response.headers.update(SECURITY_HEADERS)
    return response


def page(request: Request, visitor: Visitor, template: str, current: View | None, *, status: int = 200,
         **values: Any) -> HTMLResponse:
    """A page (or fragment) with what every template needs: who is signed in, the nav, the words."""
    return render(request, template, status, principal=visitor.principal, session=visitor.session,
                  nav=nav(visitor.principal), current=current, terms=Terms.of(visitor.vocabulary), **values)


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (it wants a fragment, not a page)."""
    return request.headers.get("hx-request") == "true"
