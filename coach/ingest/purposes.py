"""What a practice is for, in its own words: the statements a situation is matched against.

A practice's chunks are mostly instructions ("How to do it"), and a team's context ("nobody
knows why the falls happen at night") resembles what a practice is *for* far more than how it
is run. So each practice document also yields purpose statements: the sentences of its summary
or subtitle, its "when to use" list, and its "What" and "Why" sections, one statement each.
They are embedded at ingest like chunks and kept in a collection of their own (see
`coach.store.chroma`), never returned by an ordinary search.

Only the practice's own text is used: nothing here is written for a particular situation.
"""

from __future__ import annotations

import re

from coach.ingest.chunking import Chunk, chunk_id, text_hash
from coach.ingest.documents import Document, Metadata, Section

PURPOSE = "purpose"  # the kind of a purpose statement
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[*-])\s*")
_MARKUP = re.compile(r"\*\*|__|`|\[([^\]]+)\]\([^)]*\)")
_FIRST = 1_000_000  # purpose positions follow any chunk position a document can have
MIN_WORDS = 4  # shorter pieces ("Why do it", "Benefits:") say nothing about a situation


def is_purpose_section(section: Section) -> bool:
    """The untitled opening (summary or subtitle, when to use) and What / Why sections."""
    if not section.heading_path:
        return True
    return section.heading_path[0].lower().startswith(("what", "why", "when"))


def statements(document: Document) -> list[str]:
    """The purpose statements of a practice document, in order, without repeats."""
    found: list[str] = []
    for section in filter(is_purpose_section, document.sections):
        for block in section.blocks:
            found.extend(_split(block.text))
    return list(dict.fromkeys(s for s in found if len(s.split()) >= MIN_WORDS))


def _split(text: str) -> list[str]:
    """Sentences of a block; a "When to use: a; b; c" line gives one statement per item."""
    pieces: list[str] = []
    for line in text.replace("\r", "\n").split("\n"):
        line = _MARKUP.sub(lambda m: m.group(1) or "", _LIST_ITEM.sub("", line)).strip()
        if line.lower().startswith("when to use:"):
            pieces.extend(item.strip() for item in line.split(":", 1)[1].split(";"))
        elif line:
            pieces.extend(part.strip() for part in _SENTENCE.split(line))
    return [p for p in pieces if p]


def purpose_chunks(document: Document, team: str) -> list[Chunk]:
    """One chunk of kind `purpose` per statement of a practice document (none for other kinds,
    and none for a private one: purpose statements are read for everyone in the scope)."""
    if document.kind != "practice" or document.metadata.get("private"):
        return []
    keep: Metadata = {key: document.metadata[key] for key in ("practice_id", "origin")
                      if key in document.metadata}
    chunks = []
    for number, text in enumerate(statements(document)):
        digest = text_hash(text)
        position = _FIRST + number
        chunks.append(Chunk(id=chunk_id(team, document.path, position, digest), text=text,
                            source=document.path, title=document.title, kind=PURPOSE, team=team,
                            position=position, heading_path="", content_hash=digest, metadata=keep))
    return chunks
