"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from starlette.responses import RedirectResponse, Response

from coach.web.context import SignInRequired, apply_headers, render, require_csrf, web_app
from coach.web.errors import WebError
from coach.web.routing import web_router

router = web_router()


@router.get("/")
def home(request: Request) -> Response:
    """Signed in: the workspace; otherwise the sign-in page."""
    session = web_app(request).codec.read(request)
    return _redirect("/workspace" if session and session.key else "/signin")


@router.get("/signin")
def signin_page(request: Request) -> Response:
    """The sign-in form; a fresh anonymous session carries its CSRF token."""
    return _signin(request, None, 200)


def _signin(request: Request, error: WebError | None, status: int) -> Response:
    web = web_app(request)
    session = web.codec.read(request)
    if error is None and session and session.key and web.resolve_key(session.key):
        return _redirect("/workspace")
    fresh = session is None or bool(session.key)
    session = web.codec.new("") if fresh or session is None else session
    response = render(request, "signin.html", status, title="Sign in", error=error, session=session)
    if fresh:
        web.codec.save(response, session)
    return response


@router.post("/signin")
async def signin(request: Request, key: Annotated[str, Form(max_length=512)] = "") -> Response:
    """Check the key, then keep it in a new session (a new CSRF token too)."""
    web = web_app(request)
    session = web.codec.read(request)
    if session is None:
        return _signin(request, WebError(400, "expired", "The sign-in form expired",
                                         "Try again: the page has been reloaded."), 400)
    await require_csrf(request, session)
    principal = web.resolve_key(key.strip()) if key.strip() else None
    if principal is None:
        error = WebError(401, "unauthorized", "That API key was not recognised",
                         "Check you copied the whole key, or ask a team admin for a new one.")
        return _signin(request, error, 401)
    response = _redirect("/workspace")
    web.codec.save(response, web.codec.new(key.strip()))
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    """Forget the key in this browser."""
    web = web_app(request)
    session = web.codec.read(request)
    if session is None:
        raise SignInRequired()
    await require_csrf(request, session)
    response = _redirect("/signin")
    web.codec.clear(response)
    return response


def _redirect(url: str) -> Response:
    return apply_headers(RedirectResponse(url, status_code=303))
