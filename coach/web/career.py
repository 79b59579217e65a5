"""A manager's private notes as the Manager view offers them, and a series as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.identity import Principal
from coach.service import Coach

HORIZONS = {"past": "Past", "present": "Present", "1y": "In a year", "5y": "In five years",
            "10y+": "Ten years and more"}


@dataclass(frozen=True)
class PrivateNote:
    """One private note file the signed-in user owns."""

    source: str
    title: str
    person: str | None
    text: str


def owned_notes(coach: Coach, principal: Principal) -> list[PrivateNote]:
    """The private notes whose owner is this user (nobody else's), newest title last."""
    principal.require("private_notes")
    chunks: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
    for chunk in coach.store.all_chunks(principal.team):
        meta = chunk.metadata
        if meta.get("visibility") == "private" and meta.get("owner") == principal.user:
            chunks.setdefault(str(meta.get("source")), []).append((int(meta.get("position", 0)), chunk.text, meta))
    notes = []
    for source, parts in sorted(chunks.items()):
        parts.sort(key=lambda part: part[0])
        meta = parts[0][2]
        person = str(meta["person"]) if meta.get("person") else None
        notes.append(PrivateNote(source, str(meta.get("title") or source), person,
                                 "\n\n".join(text for _, text, _ in parts)))
    return notes


def series_markdown(heading: str, items: Sequence[Any]) -> str:
    """The series as Markdown: one numbered question per line, with its horizon and follow-up."""
    lines = [f"# {heading}", ""]
    for number, item in enumerate(items, start=1):
        lines.append(f"{number}. **{item.prompt}** ({HORIZONS.get(item.horizon, item.horizon)}, {item.stage})")
        if item.follow_up:
            lines.append(f"   - Follow-up: {item.follow_up}")
    return "\n".join(lines) + "\n"
