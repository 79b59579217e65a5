"""How coach's errors map to HTTP: one table, read by the JSON API and the web pages alike.

Most specific first: the first class an error is an instance of decides. The hint is what a
program's author should do; the web pages phrase their own hints for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.errors import (
    BackendError,
    BackendTimeout,
    CoachError,
    ConfigError,
    ConflictError,
    ForbiddenError,
    IngestionError,
    NotFoundError,
    RateLimitedError,
    UnauthorizedError,
    ValidationError,
)
from coach.llm.structured import EndpointError


@dataclass(frozen=True)
class HttpError:
    """An error's HTTP status, its stable code for programs, and what to do about it."""

    status: int
    code: str
    hint: str


_TIMEOUT = HttpError(504, "model_timeout",
                     "the model endpoint did not answer in time: try again, or raise COACH_LLM_TIMEOUT")
_TABLE: tuple[tuple[type[CoachError], HttpError], ...] = (
    (UnauthorizedError, HttpError(401, "unauthorized", "send 'Authorization: Bearer KEY'; an admin creates "
                                                       "keys with `coach keys create --team T --role R`")),
    (ForbiddenError, HttpError(403, "forbidden", "use a key with a role that may do this")),
    (NotFoundError, HttpError(404, "not_found", "check the id or name; only your own team's records are visible")),
    (ConflictError, HttpError(409, "conflict", "choose a new name; stored data is never overwritten")),
    (IngestionError, HttpError(422, "ingestion_error", "fix the file as the message says and upload it again")),
    (ValidationError, HttpError(422, "invalid_request", "fix the request as the message says")),
    (ConfigError, HttpError(400, "invalid_request", "fix the value the message names")),
    (RateLimitedError, HttpError(429, "rate_limited", "wait for the Retry-After seconds, then try again")),
    (BackendTimeout, _TIMEOUT),
    (BackendError, HttpError(502, "backend_error", "a model or store behind coach failed; try again later")),
)
UNEXPECTED = HttpError(500, "internal_error", "report this to the operator")


def classify(exc: BaseException) -> HttpError:
    """The HTTP answer for an error (a chat model's timeout is a 504 like any other timeout)."""
    if isinstance(exc, EndpointError) and exc.problem == "timeout":
        return _TIMEOUT
    return next((answer for cls, answer in _TABLE if isinstance(exc, cls)), UNEXPECTED)
