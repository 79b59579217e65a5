"""The HTTP API: `create_app(settings)`; thin routes over `Coach`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from coach import __version__
from coach.config import Settings
from coach.errors import CoachError, ConfigError, ForbiddenError, NotFoundError, ValidationError
from coach.service import Coach
from coach.web import mount_web

_STATUS = {ConfigError: 400, ValidationError: 422, NotFoundError: 404, ForbiddenError: 403}


class SearchHit(BaseModel):
    """One search result."""

    chunk_id: str
    source: str
    title: str
    kind: str
    text: str
    score: float


class SearchResponse(BaseModel):
    """Results, best first."""

    results: list[SearchHit]


def create_app(settings: Settings, coach: Coach | None = None) -> FastAPI:
    """Build the app around one Coach (created from settings unless given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.coach = coach or Coach(settings)
        yield
        app.state.coach.close()

    app = FastAPI(title="coach", version=__version__, lifespan=lifespan)

    @app.exception_handler(CoachError)
    async def coach_error(_: Request, exc: CoachError) -> JSONResponse:
        status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 500)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    app.get("/health")(health)
    app.get("/search", response_model=SearchResponse)(search)
    from coach.api.routes import router

    app.include_router(router)
    mount_web(app, settings, resolve_key=lambda key: None)  # keys land with the identity work
    return app


def get_coach(request: Request) -> Coach:
    """The app's Coach."""
    coach: Coach = request.app.state.coach
    return coach


CoachDep = Annotated[Coach, Depends(get_coach)]


def health(coach: CoachDep) -> dict[str, object]:
    """Liveness plus what is indexed."""
    return {"status": "ok", "version": __version__, "teams": coach.manifest.teams()}


def search(
    coach: CoachDep,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    team: str | None = None,
    k: Annotated[int, Query(ge=1, le=100)] = 10,
    kind: Annotated[list[str] | None, Query()] = None,
) -> SearchResponse:
    """Hybrid search; a team sees the library plus its own data."""
    if not q.strip():
        raise HTTPException(422, "q must not be blank")
    results = coach.search(q, team, k, kinds=kind or ())
    return SearchResponse(results=[SearchHit(**r.as_json()) for r in results])  # type: ignore[arg-type]
