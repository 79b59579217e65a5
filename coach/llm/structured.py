"""Structured-output modes of OpenAI-compatible servers, and which one each endpoint took.

Servers disagree on how to ask for JSON that fits a schema:

- `json_schema`: `response_format={"type": "json_schema", ...}` (OpenAI, vLLM, recent Ollama,
  llama.cpp's own `llama-server`);
- `json_object_schema`: `{"type": "json_object", "schema": {...}}` (llama-cpp-python, which
  answers HTTP 500 to `json_schema` but constrains decoding to this schema);
- `json_object`: plain JSON mode, the schema written into the prompt;
- `tools`: one forced function call whose parameters are the schema.

The backend tries them strongest first, remembers per (base URL, model) the first one the
server accepted, and `COACH_LLM_STRUCTURED` narrows the list. This module is pure: request
options per mode, answer extraction, the attempt log and the memory.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from coach.errors import BackendError

Mode = Literal["json_schema", "json_object_schema", "json_object", "tools"]
ModeSetting = Literal["auto", "json_schema", "json_object", "tools"]
MODE_SETTINGS: tuple[ModeSetting, ...] = ("auto", "json_schema", "json_object", "tools")

# Strongest first: a server-enforced schema beats a schema the model only reads about.
CANDIDATES: dict[ModeSetting, tuple[Mode, ...]] = {
    "auto": ("json_schema", "json_object_schema", "json_object", "tools"),
    "json_schema": ("json_schema",),
    "json_object": ("json_object_schema", "json_object"),
    "tools": ("tools",),
}

LABELS: dict[Mode, str] = {
    "json_schema": "json_schema",
    "json_object_schema": "json_object with schema",
    "json_object": "json_object with the schema in the prompt",
    "tools": "tool calling",
}

# The prompt variable that carries the schema in `json_object` mode (a value, so the braces
# of the schema are never read as template placeholders).
SCHEMA_VARIABLE = "coach_output_schema"
_MESSAGE_CHARS = 200

Problem = Literal["unreachable", "timeout", "key", "model", "rate", "modes", "refused", "context"]

# How servers say a prompt is longer than the model's context (OpenAI, vLLM, llama-cpp-python:
# "maximum context length is N tokens"; llama-cpp-python also "exceed context window of N";
# llama.cpp's llama-server: "exceeds the available context size").
_CONTEXT_ERROR = re.compile(r"context[ _](length|window|size)|too many tokens", re.IGNORECASE)
_WINDOW = re.compile(r"(?:maximum context length is|context window of|context size of)\D{0,12}(\d{3,8})",
                     re.IGNORECASE)


class EndpointError(BackendError):
    """The endpoint failed in a way that names what to fix (`setting`)."""

    def __init__(self, message: str, *, problem: Problem, setting: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.setting = setting


@dataclass(frozen=True)
class Attempt:
    """One mode tried, and what the server answered (status None: no HTTP answer)."""

    mode: Mode
    status: int | None
    message: str

    def describe(self) -> str:
        """`json_schema → HTTP 500 "Input should be …"` (the server's words, on one line)."""
        answer = f"HTTP {self.status}" if self.status is not None else "no answer"
        return f'{LABELS[self.mode]} → {answer} "{shorten(self.message)}"'


def shorten(message: str, limit: int = _MESSAGE_CHARS) -> str:
    """One line of at most `limit` characters."""
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def unsupported(name: str, base_url: str, setting: ModeSetting, attempts: list[Attempt]) -> EndpointError:
    """The error when the server rejected every mode tried: what, its answers, what to change."""
    tried = "; ".join(attempt.describe() for attempt in attempts)
    if setting == "auto":
        advice = ("set COACH_LLM_STRUCTURED to json_schema, json_object or tools if the server "
                  "documents one, or check the server's logs")
    else:
        advice = (f"COACH_LLM_STRUCTURED={setting} forces this; set COACH_LLM_STRUCTURED=auto to "
                  "try every mode")
    return EndpointError(f"{name} at {base_url} accepted no structured-output mode ({tried}); {advice}",
                         problem="modes", setting="COACH_LLM_STRUCTURED")


def context_exceeded(status: int, message: str) -> bool:
    """True when an HTTP error says the prompt does not fit the model's context: no other
    structured-output mode can fix that, only a shorter prompt."""
    return status in (400, 413, 422) and bool(_CONTEXT_ERROR.search(message))


def window_in(message: str) -> int | None:
    """The context window a context-length error names, if it names one."""
    found = _WINDOW.search(message)
    return int(found.group(1)) if found else None


def too_long(name: str, base_url: str, status: int, message: str, window: int | None,
             configured: int | None) -> EndpointError:
    """The error for a prompt the server found longer than its context: final for this request."""
    said = f'HTTP {status} "{shorten(message)}"'
    if configured:
        advice = (f"COACH_LLM_CONTEXT={configured} is larger than the server's window; set it to "
                  f"{window or 'the window the server was started with'}")
    else:
        advice = (f"set COACH_LLM_CONTEXT={window or '<the server context size>'} so coach trims its "
                  "material to fit" + (" (learnt for this endpoint until the process restarts)"
                                      if window else ""))
    return EndpointError(f"{name} at {base_url}: the prompt is longer than the model's context window "
                         f"({said}); {advice}", problem="context", setting="COACH_LLM_CONTEXT")


def output_schema(output_type: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of the answer type."""
    return output_type.model_json_schema()


def request_options(mode: Mode, output_type: type[BaseModel]) -> dict[str, Any]:
    """Keyword arguments for one chat completion that asks for `output_type` in `mode`."""
    schema = output_schema(output_type)
    name = output_type.__name__
    if mode == "json_schema":
        return {"response_format": {"type": "json_schema",
                                    "json_schema": {"name": name, "schema": schema}}}
    if mode == "json_object_schema":
        return {"response_format": {"type": "json_object", "schema": schema}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {"tools": [{"type": "function", "function": {
                "name": name, "description": f"Give the answer as a {name}.", "parameters": schema}}],
            "tool_choice": {"type": "function", "function": {"name": name}}}


def schema_instruction(mode: Mode, output_type: type[BaseModel]) -> str:
    """Text added to the system message: the schema itself where the server does not enforce it."""
    if mode != "json_object":
        return "Answer with one JSON object."
    return ("Answer with one JSON object, and nothing else, that fits this JSON Schema:\n"
            + json.dumps(output_schema(output_type), separators=(",", ":")))


def answer_json(content: Any, tool_arguments: list[Any]) -> Any:
    """The answer as parsed JSON: the first tool call's arguments, else the message text.

    Raises `ValueError` with the parser's reason when the text is not JSON."""
    if tool_arguments:
        first = tool_arguments[0]
        return json.loads(first, strict=False) if isinstance(first, str) else first
    if not isinstance(content, str) or not content.strip():
        raise ValueError("the answer was empty")
    # strict=False: small models under a grammar put raw newlines inside strings.
    return json.loads(_without_fence(content), strict=False)


def _without_fence(text: str) -> str:
    """Models in plain JSON mode sometimes wrap the object in a ```json fence."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[-1].rsplit("```", 1)[0]
    return stripped


class ModeMemory:
    """Which mode worked, and how large the context window is, per (base URL, model), for the
    life of the process.

    Not persisted on purpose: a server can be upgraded or swapped behind the same URL, and
    re-learning costs one rejected request (milliseconds) in a new process."""

    def __init__(self) -> None:
        self._modes: dict[tuple[str, str], Mode] = {}
        self._windows: dict[tuple[str, str], int | None] = {}
        self._lock = threading.Lock()

    def get(self, base_url: str, model: str) -> Mode | None:
        """The remembered mode, if any."""
        with self._lock:
            return self._modes.get((base_url, model))

    def remember(self, base_url: str, model: str, mode: Mode) -> None:
        """Record the mode the server accepted."""
        with self._lock:
            self._modes[(base_url, model)] = mode

    def window(self, base_url: str, model: str) -> tuple[bool, int | None]:
        """(known, window): whether the window was asked about or learnt, and its size (None:
        the server does not say)."""
        with self._lock:
            key = (base_url, model)
            return key in self._windows, self._windows.get(key)

    def remember_window(self, base_url: str, model: str, window: int | None) -> None:
        """Record the context window the server reported (None: it does not say)."""
        with self._lock:
            self._windows[(base_url, model)] = window

    def forget(self, base_url: str, model: str) -> None:
        """Drop what was learnt (e.g. `coach models check` measures afresh)."""
        with self._lock:
            self._modes.pop((base_url, model), None)
            self._windows.pop((base_url, model), None)

    def clear(self) -> None:
        """Forget every endpoint (tests reuse ports for servers of different kinds)."""
        with self._lock:
            self._modes.clear()
            self._windows.clear()


MODES = ModeMemory()
