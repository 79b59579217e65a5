"""A local OpenAI-compatible chat server for tests: real HTTP, scripted answers.

`dialect` makes it behave like a kind of server: `openai` accepts every structured-output
mode; `llama-cpp-python` answers HTTP 500 to `json_schema` (as llama-cpp-python 0.3 does) and
accepts `json_object` with a `schema`; `json-mode` accepts only plain `json_object`;
`tools-only` rejects every `response_format` and accepts tool calls. Rejections do not use up
the script, so a test scripts only the answers the negotiated mode receives.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.test_api import _free_port

Action = Callable[[dict[str, Any]], Any]
Dialect = Literal["openai", "llama-cpp-python", "json-mode", "tools-only"]
LLAMA_CPP_PYTHON_500 = ("1 validation error for CreateChatCompletionRequest\nresponse_format.type\n  "
                        "Input should be 'text' or 'json_object' [type=literal_error, input_value="
                        "'json_schema', input_type=str]")


def completion(content: str | None, refusal: str | None = None,
               body: dict[str, Any] | None = None) -> dict[str, Any]:
    """A chat.completion body; a tool call carrying `content` when the request forced a tool."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message = {"role": "assistant", "content": None, "refusal": refusal}
    elif body and body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}]}
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test-model",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def answer(obj: Any) -> Action:
    """Reply with this object as the JSON answer (content, or tool-call arguments)."""
    return lambda body: completion(json.dumps(obj), body=body)


def raw(text: str) -> Action:
    """Reply with this exact content (e.g. broken JSON)."""
    return lambda body: completion(text, body=body)


def refuse(reason: str) -> Action:
    """Reply with a refusal."""
    return lambda body: completion(None, refusal=reason)


@dataclass
class Failure:
    """Reply with an HTTP error in OpenAI's error shape."""

    status: int
    message: str


def rejection(dialect: Dialect, body: dict[str, Any]) -> Failure | None:
    """How a server of this dialect refuses a structured-output mode it does not support."""
    response_format = body.get("response_format") or {}
    kind = response_format.get("type")
    if dialect == "llama-cpp-python" and kind == "json_schema":
        return Failure(500, LLAMA_CPP_PYTHON_500)
    if dialect == "json-mode" and (kind == "json_schema" or "schema" in response_format):
        return Failure(400, "response_format: only {'type': 'json_object'} is supported")
    if dialect == "tools-only" and response_format:
        return Failure(400, "response_format is not supported by this server")
    return None


@dataclass
class SlowAnswer:
    """Reply after a delay (for timeouts)."""

    seconds: float
    obj: Any = None


@dataclass
class FakeOpenAI:
    """Scripted answers, in order; every request body is kept for inspection."""

    script: list[Action | SlowAnswer | Failure] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    dialect: Dialect = "openai"
    # The body of GET /v1/models (None: 404, as on a server without the route).
    models: dict[str, Any] | None = None

    @property
    def modes(self) -> list[str]:
        """The structured-output mode of each request, in order."""
        return [mode_of(body) for body in self.requests]

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> JSONResponse:
            body = await request.json()
            self.requests.append(body)
            refused = rejection(self.dialect, body)
            if refused is None and not self.script:
                refused = Failure(500, "no scripted answer left")
            action = refused or self.script.pop(0)
            if isinstance(action, Failure):
                return JSONResponse({"error": {"message": action.message, "type": "server_error"}},
                                    status_code=action.status)
            if isinstance(action, SlowAnswer):
                await asyncio.sleep(action.seconds)
                return JSONResponse(completion(json.dumps(action.obj), body=body))
            return JSONResponse(action(body))

        @app.get("/v1/models")
        async def models() -> JSONResponse:
            if self.models is None:
                return JSONResponse({"error": {"message": "not found"}}, status_code=404)
            return JSONResponse(self.models)

        return app

    def prompt_text(self, index: int = -1) -> str:
        """Everything the model was sent in one request."""
        return "\n".join(str(m.get("content")) for m in self.requests[index]["messages"])


def mode_of(body: dict[str, Any]) -> str:
    """Which structured-output mode a request body used."""
    if body.get("tools"):
        return "tools"
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_object" and "schema" in response_format:
        return "json_object_schema"
    return str(response_format.get("type", "text"))


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
