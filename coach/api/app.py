"""The HTTP app: `create_app(settings)`. The JSON API lives under `/api` and needs a key;
`/health` needs none; `/` is kept for the web app."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from coach import __version__
from coach.api import key_routes, review_routes, ritual, routes, team_routes
from coach.api.deps import web_key_resolver
from coach.api.errors import install_error_handlers
from coach.api.limits import BodyLimitMiddleware, RateLimiter
from coach.config import Settings
from coach.service import Coach
from coach.web import mount_web

log = logging.getLogger("coach.api")


class Health(BaseModel):
    """Liveness; deliberately without team names or counts."""

    status: str
    version: str


def health() -> Health:
    """Liveness. Needs no key and says nothing about the teams served."""
    return Health(status="ok", version=__version__)


def api_router() -> APIRouter:
    """Every JSON route, to be mounted under `/api`."""
    api = APIRouter()
    for module in (routes, team_routes, review_routes, key_routes, ritual):
        api.include_router(module.router)
    return api


def _warm_meetings() -> None:
    from coach.meetings.classifier import warm

    try:
        warm()
    except (OSError, RuntimeError, ValueError) as exc:  # the first analysis will load it, or say why
        log.warning("could not preload the meeting classifier: %s", exc)


def create_app(settings: Settings, coach: Coach | None = None) -> FastAPI:
    """Build the app around one Coach (created from settings unless given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.coach = coach or Coach(settings)
        # The meeting classifier runs MiniLM whatever the retrieval embedder; loading it cold
        # inside the first pre-mortem took tens of seconds on a busy machine.
        threading.Thread(target=_warm_meetings, name="coach-warm-meetings", daemon=True).start()
        yield
        app.state.coach.close()

    app = FastAPI(title="coach", version=__version__, lifespan=lifespan,
                  description="A grounded, cited AI teammate for goals and coaching. Every route under "
                              "/api needs 'Authorization: Bearer KEY' (`coach keys create`).")
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.get("/health", response_model=Health, tags=["health"])(health)
    app.include_router(api_router(), prefix="/api")
    mount_web(app, settings, resolve_key=web_key_resolver(app))  # the web app, at "/"
    return app
