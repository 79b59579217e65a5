"""Hybrid search: dense (Chroma) + lexical (BM25), fused, filtered and diversified.

A search for team T reads the library collection and T's collection, never another team's.
Private chunks (1:1 and career notes) sit in a separate collection per scope and are
returned only to their owner (`viewer`), through positive filters (`owner == viewer`, and
`visibility == "shared"` or `"private"` checked again on every hit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from coach.embeddings import Embedder
from coach.ingest.chunking import LIBRARY
from coach.ingest.documents import Metadata
from coach.ingest.manifest import Manifest
from coach.retrieval.purposes import PurposeBook, PurposeFit, clauses, purpose_fits
from coach.retrieval.ranking import BM25, diversify, reciprocal_rank_fusion
from coach.store.chroma import ChromaStore, StoredChunk, StoredVectors

Mode = Literal["hybrid", "dense", "lexical"]


@dataclass(frozen=True)
class SearchResult:
    """One retrieved chunk."""

    chunk_id: str
    source: str
    title: str
    kind: str
    text: str
    score: float
    metadata: Metadata = field(default_factory=dict)

    @classmethod
    def from_stored(cls, chunk: StoredChunk, score: float = 0.0) -> SearchResult:
        """A stored chunk as a result, its fields read from the chunk's metadata."""
        meta = chunk.metadata
        return cls(chunk.id, str(meta.get("source", "")), str(meta.get("title", "")),
                   str(meta.get("kind", "")), chunk.text, score, meta)

    def as_json(self) -> dict[str, object]:
        """The public shape of `coach search --json` results."""
        return {"chunk_id": self.chunk_id, "source": self.source, "title": self.title,
                "kind": self.kind, "text": self.text, "score": round(self.score, 6)}


@dataclass(frozen=True)
class SearchFilter:
    """Who is asking and which chunks they want."""

    kinds: tuple[str, ...] = ()
    viewer: str | None = None

    def kind_where(self) -> dict[str, Any] | None:
        """The kind filter as a Chroma `where` clause (None: no filter, the fast path)."""
        if not self.kinds:
            return None
        return {"kind": self.kinds[0]} if len(self.kinds) == 1 else {"kind": {"$in": list(self.kinds)}}

    def private_where(self) -> dict[str, Any]:
        """For the private collection: only the viewer's own notes (a positive filter)."""
        owned: dict[str, Any] = {"owner": self.viewer or ""}
        kind = self.kind_where()
        return {"$and": [owned, kind]} if kind else owned

    def allows(self, metadata: Metadata) -> bool:
        """The same rules in Python, for the lexical side."""
        if self.kinds and metadata.get("kind") not in self.kinds:
            return False
        if metadata.get("visibility") == "shared":
            return True
        return bool(self.viewer) and metadata.get("visibility") == "private" \
            and metadata.get("owner") == self.viewer


class _LexicalIndex:
    def __init__(self, chunks: list[StoredChunk], stamp: tuple[int, ...]) -> None:
        self.stamp = stamp
        self.chunks = {c.id: c for c in chunks}
        self.bm25 = BM25([(c.id, _lexical_text(c)) for c in chunks])


def _lexical_text(chunk: StoredChunk) -> str:
    meta = chunk.metadata
    return f"{meta.get('title', '')} {meta.get('heading_path', '')} {chunk.text}"


class Searcher:
    """Runs searches within a scope; caches one lexical index per scope until it changes."""

    def __init__(self, store: ChromaStore, embedder: Embedder, manifest: Manifest) -> None:
        self.store, self.embedder, self.manifest = store, embedder, manifest
        self._lexical: dict[str, _LexicalIndex] = {}
        self._purposes: dict[str, tuple[tuple[int, ...], PurposeBook]] = {}

    def search(self, query: str, team: str | None = None, k: int = 10, *,
               kinds: Sequence[str] = (), viewer: str | None = None,
               mode: Mode = "hybrid", per_source: int = 2) -> list[SearchResult]:
        """The k best chunks for a query in the library (+ the team's own collection)."""
        scopes = [LIBRARY] if team in (None, LIBRARY) else [LIBRARY, team]
        rules = SearchFilter(tuple(kinds), viewer)
        pool = max(k * 3, 20)
        dense = self._dense(query, scopes, rules, pool) if mode != "lexical" else []
        lexical = self._lexical_hits(query, scopes, rules, pool) if mode != "dense" else []
        chunks = {c.id: c for c in [*dense, *lexical]}
        rankings = [[c.id for c in ranking] for ranking in (dense, lexical) if ranking]
        fused = reciprocal_rank_fusion(rankings)
        results = [SearchResult.from_stored(chunks[s.key], s.score) for s in fused]
        return diversify(results, lambda r: r.source, k, per_group=per_source)

    def _dense(self, query: str, scopes: list[str], rules: SearchFilter,
               pool: int) -> list[StoredChunk]:
        vector = self.embedder.embed_query(query)
        hits = [h for scope in scopes for h in self.store.query(scope, vector, pool, rules.kind_where())]
        if rules.viewer:
            hits += [h for scope in scopes for h in self.store.query(
                scope, vector, pool, rules.private_where(), private=True)]
        return sorted((h for h in hits if rules.allows(h.metadata)), key=lambda h: -h.similarity)[:pool]

    def _lexical_hits(self, query: str, scopes: list[str], rules: SearchFilter,
                      pool: int) -> list[StoredChunk]:
        index = self._index(scopes)
        hits = index.bm25.search(query, pool, lambda key: rules.allows(index.chunks[key].metadata))
        return [index.chunks[h.key] for h in hits]

    def purpose_fits(self, situation: str, team: str | None = None) -> list[PurposeFit]:
        """How well every practice in reach (the library's and the team's) fits a situation,
        by its purpose statements (`coach.retrieval.purposes`)."""
        book = self._purpose_book([LIBRARY] if team in (None, LIBRARY) else [LIBRARY, team])
        if not book.practices:
            return []
        parts = clauses(situation) or [situation]
        vectors = self.embedder.embed_documents([situation, *parts])
        return purpose_fits(book, vectors[0], parts, vectors[1:])

    def _purpose_book(self, scopes: list[str]) -> PurposeBook:
        key = "+".join(scopes)
        stamp = tuple(self.manifest.generation(s) for s in scopes)
        cached = self._purposes.get(key)
        if cached is None or cached[0] != stamp:
            books = [b for b in (self.store.purposes(scope) for scope in scopes) if b.chunks]
            matrix = np.concatenate([b.matrix for b in books]) if books else np.zeros((0, 0), dtype=np.float32)
            statements = StoredVectors([c for b in books for c in b.chunks], matrix)
            cached = self._purposes[key] = (stamp, PurposeBook.of(statements))
        return cached[1]

    def _index(self, scopes: list[str]) -> _LexicalIndex:
        key = "+".join(scopes)
        stamp = tuple(self.manifest.generation(s) for s in scopes)
        cached = self._lexical.get(key)
        if cached is None or cached.stamp != stamp:
            chunks = [c for scope in scopes for c in self.store.all_chunks(scope)]
            cached = self._lexical[key] = _LexicalIndex(chunks, stamp)
        return cached
