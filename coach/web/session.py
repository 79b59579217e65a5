"""The web session: a signed, HttpOnly, SameSite=Strict cookie holding the API key and a CSRF token.

The cookie is signed (itsdangerous), not encrypted: it holds the key the person typed, which is
already theirs, and JavaScript cannot read it (HttpOnly). Each session gets its own random CSRF
token; every state-changing request must send it back (form field or `X-CSRF-Token` header) and
the server compares it in constant time.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from coach.config import Settings

COOKIE = "coach_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_AGE = 12 * 60 * 60  # a working day; signing in again is cheap
_SECRET_FILE = "session-secret"


@dataclass(frozen=True)
class WebSession:
    """What the cookie carries once signed in."""

    key: str
    csrf: str


def session_secret(settings: Settings) -> str:
    """`COACH_SESSION_SECRET`, or a random secret generated once into the data dir (mode 0600)."""
    if settings.session_secret:
        return settings.session_secret
    path = settings.data_dir / _SECRET_FILE
    if not path.exists():
        _write_private(path, secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: when two workers start together, the first one's secret wins and both read it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


class SessionCodec:
    """Reads and writes the session cookie."""

    def __init__(self, secret: str, *, secure: bool = False) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="coach-web-session")
        self._secure = secure

    def read(self, request: Request) -> WebSession | None:
        """The session in the request's cookie, or None when absent, tampered with or expired."""
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer.loads(raw, max_age=MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("key"), str) or not isinstance(data.get("csrf"), str):
            return None
        return WebSession(key=data["key"], csrf=data["csrf"])

    @staticmethod
    def new(key: str) -> WebSession:
        """A session for this key (empty before sign-in) with a fresh CSRF token."""
        return WebSession(key=key, csrf=secrets.token_urlsafe(32))

    def save(self, response: Response, session: WebSession) -> None:
        """Put the session in the response's cookie."""
        response.set_cookie(COOKIE, self._serializer.dumps({"key": session.key, "csrf": session.csrf}),
                            max_age=MAX_AGE, httponly=True, samesite="strict", secure=self._secure, path="/")

    def clear(self, response: Response) -> None:
        """Sign out: the cookie is expired in the browser."""
        response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=self._secure, path="/")


def csrf_matches(expected: str, sent: str | None) -> bool:
    """Whether the token sent with a request is the session's (constant-time comparison)."""
    return bool(sent) and hmac.compare_digest(expected.encode(), (sent or "").encode())
