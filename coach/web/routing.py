"""The route class every web page and action uses: coach errors become pages, not JSON."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request
from fastapi.routing import APIRoute
from starlette.responses import RedirectResponse, Response

from coach.errors import CoachError
from coach.web.context import SignInRequired, apply_headers, is_htmx
from coach.web.errors import error_response


class WebRoute(APIRoute):
    """Shows coach errors as the page's message and hint, and sends a missing session to sign-in."""

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


def web_router() -> APIRouter:
    """A router whose routes are WebRoutes, kept out of the API's OpenAPI schema."""
    return APIRouter(route_class=WebRoute, include_in_schema=False)
