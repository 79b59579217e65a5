"""One error shape for every HTTP error: `{"error": {"code", "message", "hint"}}`, never a traceback.

Coach errors are translated here and only here; FastAPI's own 404/405 and request
validation errors are reshaped to match, and anything unexpected becomes a bare 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from coach.errors import CoachError, RateLimitedError, UnauthorizedError
from coach.http_errors import classify

log = logging.getLogger("coach.api")

_HTTP_CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "payload_too_large", 422: "invalid_request"}
_HTTP_HINTS = {404: "see /docs for the routes; the JSON API lives under /api",
               405: "see /docs for the methods this path accepts"}


class ErrorDetail(BaseModel):
    """What went wrong, a stable code for programs, and what to do about it."""

    code: str
    message: str
    hint: str


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


def error_response(status: int, code: str, message: str, hint: str,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    """A JSON error in the one shape."""
    body = ErrorResponse(error=ErrorDetail(code=code, message=message, hint=hint))
    return JSONResponse(body.model_dump(), status_code=status, headers=dict(headers or {}))


async def _coach_error(_: Request, exc: Exception) -> JSONResponse:
    answer = classify(exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimitedError) else None
    if isinstance(exc, UnauthorizedError):
        headers = {"WWW-Authenticate": "Bearer"}
    return error_response(answer.status, answer.code, str(exc), answer.hint, headers)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else "request refused"
    return error_response(status, _HTTP_CODES.get(status, "http_error"), message,
                          _HTTP_HINTS.get(status, "see /docs for this route"), exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [_problem(error) for error in exc.errors()[:5]]
    return error_response(422, "invalid_request", "; ".join(problems) or "invalid request",
                          "fix the fields named in the message; see /docs for the schema")


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    return f"{where or 'body'}: {error.get('msg', 'invalid')}"


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    # Logged with its traceback for the operator; the caller sees no internals.
    log.error("unexpected error while serving a request", exc_info=exc)
    return error_response(500, "internal_error", "the server failed to handle this request",
                          "try again; if it keeps failing, report it to the operator")


def install_error_handlers(app: FastAPI) -> None:
    """Give every error the one shape."""
    app.add_exception_handler(CoachError, _coach_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting these error statuses with the one shape."""
    described = {400: "Invalid value", 401: "No key, or an unknown or revoked key",
                 403: "The key's role may not do this", 404: "Not found in this team",
                 409: "Would overwrite stored data", 413: "Request body too large",
                 422: "Invalid request or file", 429: "Too many requests (see Retry-After)",
                 502: "A model or store behind coach failed", 504: "A model call timed out"}
    documented: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorResponse, "description": described[status]} for status in statuses}
    if 429 in documented:
        documented[429]["headers"] = {"Retry-After": {
            "description": "Seconds to wait before the next request", "schema": {"type": "integer"}}}
    return documented
