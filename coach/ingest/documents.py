"""What loaders produce and the chunker consumes: documents made of sections of blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

Scalar = str | int | float | bool
Metadata = dict[str, Scalar]

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_text(text: str) -> str:
    """Strip zero-width characters and normalise line endings."""
    return text.translate(ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Block:
    """An atomic piece of text the chunker never splits unless it alone is too long:
    a paragraph, a list, or one speaker turn."""

    text: str
    meta: Metadata = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """Blocks under one heading path, e.g. ("How to do it",)."""

    heading_path: tuple[str, ...]
    blocks: tuple[Block, ...]
    meta: Metadata = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """One loaded file, before chunking."""

    path: str
    title: str
    kind: str
    sections: tuple[Section, ...]
    metadata: Metadata = field(default_factory=dict)
    # False for record-like files (metrics, KR patterns, questions, objectives): each section
    # is one record with its own metadata, so sections never share a chunk.
    merge_sections: bool = True

    @property
    def is_empty(self) -> bool:
        """True when no section holds any text."""
        return not any(b.text.strip() for s in self.sections for b in s.blocks)


def paragraphs(text: str) -> tuple[Block, ...]:
    """Split text at blank lines into paragraph blocks."""
    parts = (p.strip() for p in clean_text(text).split("\n\n"))
    return tuple(Block(p) for p in parts if p)
