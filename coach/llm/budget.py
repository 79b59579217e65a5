"""Fitting a prompt into the endpoint's context window: pure arithmetic on text.

A small local model serves a few thousand tokens of context; the skills gather more material
than that (the practices prompt was ~10.6k tokens). The material (`context`: one block per
retrieved source, `[chunk_id] header: text`) is trimmed to fit: each excerpt shortened at a
word, and the least relevant sources (retrieval order) left out. Nothing else is touched,
and the validators still check the answer against everything that was retrieved.

Tokens are estimated from characters, conservatively: English prose runs ~4 characters per
token in BPE vocabularies, but source ids and headers run fewer; a trimmed career prompt
measured 2.8 characters per SmolLM2 token.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

CHARS_PER_TOKEN = 2.5
MATERIAL = "context"  # the prompt variable every skill fills with its retrieved sources
# Reserved on top of the estimate: the chat template's role markers and the estimate's error.
MARGIN_TOKENS = 96
MARGIN_SHARE = 0.1
MAX_OUTPUT = 1024  # enough for every skill's items; more only lets a small model ramble
_EXCERPTS = (600, 400, 260, 160, 100)  # characters per source, longest first
_MIN_SOURCES = 6  # shorter excerpts before fewer sources: breadth matters for citing
_BLOCK_START = re.compile(r"\n+(?=\[)")
_ELLIPSIS = "…"


@dataclass(frozen=True)
class Fitted:
    """The values to send, and what was cut to make them fit (for the log)."""

    values: dict[str, str]
    sources_kept: int
    sources_given: int
    trimmed: bool


def estimate_tokens(text: str) -> int:
    """A conservative token count for `text`."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def output_cap(window: int | None, configured: int | None) -> int | None:
    """Output tokens to ask for: the setting, else a quarter of a known window (at most
    MAX_OUTPUT), else None (the server's own cap)."""
    if configured:
        return configured
    if window:
        return max(64, min(MAX_OUTPUT, window // 4))
    return None


def prompt_budget(window: int, output: int | None) -> int:
    """Tokens the prompt may use in a `window`-token context that must leave room for `output`."""
    reserve = (output or min(MAX_OUTPUT, window // 4)) + MARGIN_TOKENS + int(window * MARGIN_SHARE)
    return max(0, window - reserve)


def fit(values: dict[str, str], overhead_tokens: int, budget_tokens: int) -> Fitted:
    """The values with their material trimmed so that `overhead_tokens` (everything else in
    the prompt: templates, other values, schema text) plus the material fit `budget_tokens`.

    Values without material, or material that already fits, are returned unchanged."""
    material = values.get(MATERIAL, "")
    blocks = [b for b in _BLOCK_START.split(material.strip()) if b.strip()] if material else []
    room = max(0, budget_tokens - overhead_tokens) * CHARS_PER_TOKEN
    if not blocks or len(material) <= room:
        return Fitted(values, len(blocks), len(blocks), trimmed=False)
    separator = "\n\n"
    wanted = min(len(blocks), _MIN_SOURCES)
    kept: list[str] = []
    for limit in _EXCERPTS:
        kept = _fill([excerpt(b, limit) for b in blocks], room, len(separator))
        if len(kept) >= wanted:
            break
    return Fitted({**values, MATERIAL: separator.join(kept)}, len(kept), len(blocks), trimmed=True)


def _fill(blocks: list[str], room: float, separator: int) -> list[str]:
    """The leading blocks that fit in `room` characters (retrieval order is relevance order)."""
    kept: list[str] = []
    used = 0
    for block in blocks:
        cost = len(block) + (separator if kept else 0)
        if used + cost > room:
            break
        kept.append(block)
        used += cost
    return kept


def excerpt(block: str, limit: int) -> str:
    """The block cut to about `limit` characters at a word boundary, marked with an ellipsis."""
    flat = " ".join(block.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + _ELLIPSIS
