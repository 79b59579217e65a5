"""Pick a loader by file type and turn one file into a Document, or a clear per-file error."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from pathlib import Path

from coach.errors import IngestionError
from coach.ingest import formats, opl, structured
from coach.ingest.documents import Document
from coach.ingest.markdown import load_markdown, split_front_matter

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".vtt", ".srt", ".yaml", ".yml", ".json",
                 ".csv", ".html", ".htm"}
BINARY_SUFFIXES = {".pdf", ".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | BINARY_SUFFIXES
IGNORE_FILE = ".coachignore"


def load_file(path: Path) -> Document:
    """Load one file. Raises IngestionError naming the file and the problem."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestionError(
            str(path), f"unsupported file type {suffix or '(no extension)'!r}; supported: "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestionError(str(path), f"cannot read the file ({exc.strerror})") from exc
    document = _load_binary(path, data) if suffix in BINARY_SUFFIXES else _load_text(path, data)
    if document.is_empty:
        raise IngestionError(str(path), "the file has no text to index")
    return document


def _load_binary(path: Path, data: bytes) -> Document:
    if path.suffix.lower() == ".pdf":
        return formats.load_pdf(path, data)
    return formats.load_docx(path, data)


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 text, refusing binary content."""
    if b"\x00" in data[:8192]:
        raise IngestionError(str(path), "looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestionError(
            str(path), f"not valid UTF-8 text (byte {exc.start}); save it as UTF-8 and re-ingest"
        ) from exc


def _load_text(path: Path, data: bytes) -> Document:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return formats.load_html(path, data)
    text = decode_text(path, data)
    if suffix in (".md", ".markdown"):
        return _load_markdown_kind(path, text)
    if suffix in (".vtt", ".srt"):
        return formats.load_transcript(path, text)
    if suffix == ".csv":
        return structured.load_metrics_csv(path, text)
    if suffix == ".json" and text.lstrip().startswith("["):
        return formats.load_transcript(path, text)
    if suffix in (".yaml", ".yml", ".json"):
        return structured.load_structured(path, text)
    return _load_plain(path, text)


def _load_markdown_kind(path: Path, text: str) -> Document:
    meta, body = split_front_matter(path, text)
    if opl.is_opl_page(meta):
        return opl.load_opl_page(path, meta, body)
    if "kr_states" in meta and "first_step" in meta:
        return structured.load_practice_card(path, meta, body)
    return structured.load_guide_or_markdown(path, meta, body) or load_markdown(path, text)


def _load_plain(path: Path, text: str) -> Document:
    """Plain text, or a transcript when it opens with a header line or a speaker turn."""
    head = [line for line in text.split("\n")[:6] if line.strip()]
    if head and (head[0].lower().startswith("# attendees") or _looks_like_turns(head)):
        return formats.load_transcript(path, text)
    return formats.load_text(path, text)


_TURN = re.compile(r"^\s*\[\d{1,2}:\d{2}(?::\d{2})?\]\s*[^:]{1,60}:\s")


def _looks_like_turns(lines: list[str]) -> bool:
    return sum(bool(_TURN.match(line)) for line in lines) >= max(1, len(lines) // 2)


def iter_files(root: Path) -> Iterator[Path]:
    """Files below root in a stable order, skipping hidden files and `.coachignore` globs."""
    if root.is_file():
        yield root
        return
    ignored = _ignore_patterns(root)
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if any(_ignored(relative.as_posix(), pattern) for pattern in ignored):
            continue
        yield path


def _ignored(relative: str, pattern: str) -> bool:
    """gitignore-like: a glob on the path or the name, or a directory prefix."""
    pattern = pattern.rstrip("/")
    name = relative.rsplit("/", 1)[-1]
    return (fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern)
            or relative.startswith(pattern + "/"))


def _ignore_patterns(root: Path) -> list[str]:
    patterns: list[str] = []
    for ignore in root.rglob(IGNORE_FILE):
        base = ignore.parent.relative_to(root)
        for line in ignore.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                patterns.append(line if str(base) == "." else f"{base.as_posix()}/{line}")
    return patterns
