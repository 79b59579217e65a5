"""Asking an OpenAI-compatible server how large its model's context window is.

There is no standard field. `GET /v1/models` carries it on some servers: vLLM's
`max_model_len`, LM Studio's and OpenRouter's `context_length`, llama.cpp's llama-server's
`meta.n_ctx`. llama-cpp-python and OpenAI do not say; there `COACH_LLM_CONTEXT` tells coach,
or coach learns the window from the first context-length error (see `structured.window_in`).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger("coach.llm")
_FIELDS = ("max_model_len", "context_length", "context_window", "n_ctx")
_ASK_SECONDS = 5.0


def served_window(http: httpx.Client, base_url: str, model: str, api_key: str) -> int | None:
    """The model's context window as the server lists it, or None when it does not say (or
    does not answer: the chat request that follows reports that properly)."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = http.get(f"{base_url}/models", headers=headers, timeout=_ASK_SECONDS)
        listing = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError) as exc:
        log.debug("%s/models did not answer (%s); the context window stays unknown", base_url, exc)
        return None
    return window_of(listing, model)


def window_of(listing: Any, model: str) -> int | None:
    """The window of `model` in a `/v1/models` body (the only entry when ids do not match: a
    single-model server often lists its file name, not the alias the client uses)."""
    entries = listing.get("data") if isinstance(listing, dict) else None
    if not isinstance(entries, list):
        return None
    entries = [e for e in entries if isinstance(e, dict)]
    chosen = [e for e in entries if e.get("id") == model] or (entries if len(entries) == 1 else [])
    for entry in chosen:
        for source in (entry, entry.get("meta")):
            if not isinstance(source, dict):
                continue
            for name in _FIELDS:
                value = source.get(name)
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    return value
    return None
