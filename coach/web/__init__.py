"""The web app: server-rendered pages (Jinja2) with vendored htmx, mounted at `/` by `mount_web`."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.staticfiles import StaticFiles

from coach.config import Settings
from coach.service import Coach
from coach.web import routes_auth, routes_coach, routes_keys, routes_manager, routes_settings, routes_workspace
from coach.web.context import KeyResolver, WebApp
from coach.web.records import IndexedRecords
from coach.web.routing import web_router
from coach.web.session import SessionCodec, session_secret

STATIC = Path(__file__).parent / "static"


def _coach(request: Request) -> Coach:
    coach: Coach = request.app.state.coach
    return coach


def pages() -> APIRouter:
    """Every page and form action of the web app."""
    router = web_router()
    for module in (routes_auth, routes_workspace, routes_manager, routes_coach, routes_settings, routes_keys):
        router.include_router(module.router)
    return router


def mount_web(app: FastAPI, settings: Settings, resolve_key: KeyResolver) -> None:
    """Serve the web app at `/` on the API's app (the JSON API keeps `/api`)."""
    app.state.web = WebApp(coach_of=_coach, records_of=lambda request: IndexedRecords(_coach(request)),
                           resolve_key=resolve_key, codec=SessionCodec(session_secret(settings)))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages())
