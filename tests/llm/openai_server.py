"""A local OpenAI-compatible chat server for tests: real HTTP, scripted answers."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.test_api import _free_port

Action = Callable[[dict[str, Any]], Any]


def completion(content: str | None, refusal: str | None = None) -> dict[str, Any]:
    """A chat.completion body."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message = {"role": "assistant", "content": None, "refusal": refusal}
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test-model",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def answer(obj: Any) -> Action:
    """Reply with this object as the JSON content."""
    return lambda body: completion(json.dumps(obj))


def raw(text: str) -> Action:
    """Reply with this exact content (e.g. broken JSON)."""
    return lambda body: completion(text)


def refuse(reason: str) -> Action:
    """Reply with a refusal."""
    return lambda body: completion(None, refusal=reason)


@dataclass
class SlowAnswer:
    """Reply after a delay (for timeouts)."""

    seconds: float
    obj: Any = None


@dataclass
class FakeOpenAI:
    """Scripted answers, in order; every request body is kept for inspection."""

    script: list[Action | SlowAnswer] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> JSONResponse:
            body = await request.json()
            self.requests.append(body)
            if not self.script:
                return JSONResponse({"error": {"message": "no scripted answer left"}}, status_code=500)
            action = self.script.pop(0)
            if isinstance(action, SlowAnswer):
                await asyncio.sleep(action.seconds)
                return JSONResponse(completion(json.dumps(action.obj)))
            return JSONResponse(action(body))

        return app

    def prompt_text(self, index: int = -1) -> str:
        """Everything the model was sent in one request."""
        return "\n".join(str(m.get("content")) for m in self.requests[index]["messages"])


@contextmanager
def running(fake: FakeOpenAI) -> Iterator[FakeOpenAI]:
    """Serve the fake on 127.0.0.1 with a real uvicorn server."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    fake.base_url = f"http://127.0.0.1:{port}/v1"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
