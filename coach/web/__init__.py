"""The web app: server-rendered pages (Jinja2) with vendored htmx, mounted at `/` by `mount_web`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.responses import RedirectResponse, Response

from coach.config import Settings
from coach.errors import CoachError
from coach.service import Coach
from coach.web import routes_auth, routes_workspace
from coach.web.context import KeyResolver, SignInRequired, WebApp, apply_headers, is_htmx
from coach.web.errors import error_response
from coach.web.records import IndexedRecords
from coach.web.session import SessionCodec, session_secret

STATIC = Path(__file__).parent / "static"


class WebRoute(APIRoute):
    """Turns coach errors into pages (message and hint) and a missing session into the sign-in page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The endpoint, with errors shown the way the web app shows them."""
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequired:
                return _to_signin(request)
            except CoachError as exc:
                return error_response(request, exc)

        return handle


def _to_signin(request: Request) -> Response:
    if is_htmx(request):  # htmx follows HX-Redirect with a full page load
        return apply_headers(Response(status_code=204, headers={"HX-Redirect": "/signin"}))
    return apply_headers(RedirectResponse("/signin", status_code=303))


def _coach(request: Request) -> Coach:
    coach: Coach = request.app.state.coach
    return coach


def web_router() -> APIRouter:
    """Every page and form action of the web app."""
    router = APIRouter(route_class=WebRoute, include_in_schema=False)
    for module in (routes_auth, routes_workspace):
        router.include_router(module.router)
    return router


def mount_web(app: FastAPI, settings: Settings, resolve_key: KeyResolver) -> None:
    """Serve the web app at `/` on the API's app (the JSON API keeps `/api`)."""
    app.state.web = WebApp(coach_of=_coach, records_of=lambda request: IndexedRecords(_coach(request)),
                           resolve_key=resolve_key, codec=SessionCodec(session_secret(settings)))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(web_router())
