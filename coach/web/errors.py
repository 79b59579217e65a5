"""Errors as the page shows them: the message and the hint, never a traceback or raw JSON.

Inside an htmx request the error replaces the form's status slot (the form stays, with what
was typed); a full-page request gets an error page. Both carry the HTTP status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import HTMLResponse

from coach.errors import CoachError, IngestionError
from coach.http_errors import classify
from coach.web.context import CsrfFailed, is_htmx, render

_TRIGGER = re.compile(r"^[a-z][a-z0-9-]{0,60}$")


@dataclass(frozen=True)
class WebError:
    """What the page shows: a short code, the message and, where there is one, the hint."""

    status: int
    code: str
    message: str
    hint: str | None


def describe(exc: CoachError) -> WebError:
    """The message and the hint the API gives. Coach's messages read 'problem: what to do'; a
    one-word head ("objective: String should have…") names a field, so it stays one message.
    Without a hint of its own, the error takes the API's hint for its kind."""
    answer = classify(exc)
    status, code, fallback = (403, "csrf", "reload the page and try again") if isinstance(exc, CsrfFailed) \
        else (answer.status, answer.code, answer.hint)
    if isinstance(exc, IngestionError):  # the server's file path is no use to the person
        message, hint = exc.problem, ""
    else:
        head, _, tail = str(exc).partition(": ")
        message, hint = (head, tail) if " " in head.strip() and tail else (str(exc), "")
    if code == "unauthorized":  # the API's hint is about HTTP headers; a person signs in again
        fallback = "sign in again with your API key"
    return WebError(status, code, _sentence(message), _sentence(hint or fallback) or None)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else ""


def error_response(request: Request, exc: CoachError) -> HTMLResponse:
    """The error in the form's status slot (htmx) or as a page."""
    error = describe(exc)
    if is_htmx(request):
        response = render(request, "error_fragment.html", error.status, error=error)
        trigger = request.headers.get("hx-trigger", "")
        if _TRIGGER.match(trigger):
            response.headers["HX-Retarget"] = f"#{trigger}-status"
            response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "error.html", error.status, error=error, title="Something went wrong")
