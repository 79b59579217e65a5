"""Markdown with optional YAML front matter, split into sections at headings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from coach.errors import IngestionError
from coach.ingest.documents import Document, Metadata, Section, clean_text, paragraphs

# libyaml's loader when PyYAML was built with it: several times faster on large front matter.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """yaml.safe_load, through libyaml when available."""
    return yaml.load(text, Loader=_LOADER)


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")


def split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter mapping, body). A file without front matter has {}."""
    text = clean_text(text)
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end == -1:
        raise IngestionError(str(path), "front matter starts with '---' but never closes")
    try:
        meta = load_yaml(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise IngestionError(str(path), f"invalid YAML front matter: {_yaml_problem(exc)}") from exc
    if not isinstance(meta, dict):
        raise IngestionError(str(path), "front matter must be a YAML mapping of key: value")
    body_start = text.find("\n", end + 4)
    return meta, text[body_start + 1:] if body_start != -1 else ""


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{problem} at line {mark.line + 1}" if mark else str(problem)


def markdown_sections(body: str, title: str = "") -> tuple[Section, ...]:
    """Split a Markdown body at headings; keeps fenced code blocks whole."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    buffer: list[str] = []
    in_fence = False

    def flush() -> None:
        blocks = paragraphs("\n".join(buffer))
        if blocks:
            sections.append(Section(tuple(h for _, h in path), blocks))
        buffer.clear()

    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            buffer.append(line)
            continue
        flush()
        level, text = len(heading.group(1)), heading.group(2).strip()
        path[:] = [(lvl, h) for lvl, h in path if lvl < level] + [(level, text)]
    flush()
    if title:
        sections = [_drop_title(s, title) for s in sections]
    return tuple(sections)


def _drop_title(section: Section, title: str) -> Section:
    """A top heading equal to the title adds nothing to the heading path."""
    if section.heading_path[:1] == (title,):
        return Section(section.heading_path[1:], section.blocks)
    return section


def scalar_metadata(meta: dict[str, Any], keys: tuple[str, ...]) -> Metadata:
    """Keep the named keys as Chroma-safe scalars; lists become comma-joined strings."""
    kept: Metadata = {}
    for key in keys:
        value = meta.get(key)
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            kept[key] = ", ".join(str(v) for v in value if v is not None)
        elif isinstance(value, bool | int | float | str):
            kept[key] = value
        else:
            kept[key] = str(value)
    return kept


_GENERIC_KEYS = ("author", "authors", "date", "tags", "owner", "person", "private", "team",
                 "summary", "description", "topics", "url")


def load_markdown(path: Path, text: str) -> Document:
    """Load a generic Markdown file; front matter becomes metadata."""
    meta, body = split_front_matter(path, text)
    title = str(meta.get("title") or meta.get("name") or _first_heading(body) or path.stem)
    kind = str(meta.get("kind") or ("note" if meta.get("private") else "article"))
    metadata = scalar_metadata(meta, _GENERIC_KEYS)
    if meta.get("private"):
        metadata["private"] = True
    return Document(str(path), title, kind, markdown_sections(body, title), metadata)


def _first_heading(body: str) -> str | None:
    for line in body.split("\n"):
        if found := _HEADING.match(line):
            return found.group(2).strip()
    return None
