"""HTTP limits: request body size (413 before the body is read whole) and a per-key rate limit.

The rate limit is an in-process token bucket, so it holds per worker: with N workers a key
may send up to N times the configured rate.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coach.api.errors import error_response
from coach.errors import RateLimitedError


class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413: at once when Content-Length says so,
    else as soon as the streamed bytes pass the limit (the rest is never read)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        state = _Stream()
        try:
            await self.app(scope, self._counting(state, scope, receive, send), state.guard(send))
        except Exception:
            # Once the 413 is sent, the app only sees a disconnect; whatever it raises about
            # that is moot. Anything else is the app's own error and goes on up.
            if not state.refused:
                raise

    def _counting(self, state: _Stream, scope: Scope, receive: Receive, send: Send) -> Receive:
        """receive that answers 413 and reports a disconnect once the body passes the limit."""

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request" and not state.refused:
                state.read += len(message.get("body", b""))
                if state.read > self.max_bytes:
                    state.refused = True
                    await self._refuse(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        return limited_receive

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit_mb = self.max_bytes / (1024 * 1024)
        response = error_response(
            413, "payload_too_large", f"the request body is larger than the limit of {self.max_bytes} "
            f"bytes ({limit_mb:.1f} MB)", "send a smaller file, or ask the operator to raise "
            "COACH_MAX_BODY_BYTES", headers={"Connection": "close"})
        await response(scope, receive, send)


@dataclass
class _Stream:
    """How much of one request body has arrived, and whether it was refused."""

    read: int = 0
    refused: bool = False

    def guard(self, send: Send) -> Send:
        """send that drops the app's own answer once the 413 went out."""

        async def guarded(message: Message) -> None:
            if not self.refused:
                await send(message)

        return guarded


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per caller: `per_minute` requests a minute on average, bursts up to `burst`."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, caller: str) -> None:
        """Spend one token for this caller, or raise RateLimitedError saying when to retry."""
        if self.rate <= 0:
            return  # rate limiting is off
        now = self._clock()
        with self._lock:
            bucket = self._buckets.setdefault(caller, _Bucket(float(self.burst), now))
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return
            wait = math.ceil((1 - bucket.tokens) / self.rate)
        raise RateLimitedError(f"too many requests for this key: the limit is {self.rate * 60:g} a "
                               f"minute (bursts of {self.burst}); retry in {wait} s", retry_after=wait)
