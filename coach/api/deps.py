"""FastAPI dependencies: the app's Coach, and the caller resolved ONCE per request from its key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from coach.api.limits import RateLimiter
from coach.auth import key_fingerprint, resolve_key
from coach.errors import UnauthorizedError
from coach.identity import Principal
from coach.service import Coach
from coach.team_access import TeamAccess

# auto_error=False: a missing key gets coach's own 401 shape, not FastAPI's 403.
_bearer = HTTPBearer(auto_error=False, description="An API key from `coach keys create`")


def get_coach(request: Request) -> Coach:
    """The app's Coach."""
    coach: Coach = request.app.state.coach
    return coach


CoachDep = Annotated[Coach, Depends(get_coach)]


def get_principal(
    request: Request, coach: CoachDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """`Authorization: Bearer KEY` → the key's Principal, after the key's rate limit.
    FastAPI caches it per request, so a key is resolved once however many routes use it."""
    if credentials is None or not credentials.credentials:
        raise UnauthorizedError("this route needs an API key: send 'Authorization: Bearer KEY'")
    principal = resolve_key(coach.database, credentials.credentials)
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.take(key_fingerprint(credentials.credentials))
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_access(coach: CoachDep, principal: PrincipalDep) -> TeamAccess:
    """The services, as this caller may use them."""
    return TeamAccess(coach, principal)


AccessDep = Annotated[TeamAccess, Depends(get_access)]


def web_key_resolver(app: FastAPI) -> Callable[[str], Principal | None]:
    """For the web app's sign-in: a key string → its Principal, or None for an unknown or
    revoked key (the same `resolve_key` the API uses, on the app's database)."""

    def resolve(key: str) -> Principal | None:
        coach: Coach = app.state.coach
        try:
            return resolve_key(coach.database, key)
        except UnauthorizedError:
            return None

    return resolve
