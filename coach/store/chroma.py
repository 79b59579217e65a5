"""The vector store adapter: Chroma embedded (PersistentClient) or a Chroma server (HttpClient).

Scopes are collections: `coach-library` for the shared library and `coach-team-<team>` for
each team, so a team's search can only ever see its own collection plus the library.
Private notes live apart, in `coach-private-<scope>`, read only when an owner asks and then
with a positive `owner` filter; ordinary searches never touch them and need no filter.
Practices' purpose statements (`coach.ingest.purposes`) live apart too, in
`coach-purpose-<scope>`, read whole by the practice ranking and never by a search.
Vectors are always computed by coach and passed explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlparse

import numpy as np

from coach.config import Settings
from coach.errors import BackendError, ConfigError
from coach.ingest.chunking import LIBRARY, Chunk
from coach.ingest.documents import Metadata
from coach.ingest.purposes import PURPOSE

Where = dict[str, Any]
# Repeatable answers: with Chroma's default search breadth (ef_search 100) the same query on
# the same index returned a different 22nd-30th neighbour from one process to the next, enough
# to change which practices were suggested. A broader, single-threaded search returns the same
# neighbours every time. On 1,565 practice chunks, 100 filtered queries took p50 16.3 ms at the
# default and 14.8 ms at 400 (2 busy cores): no measurable cost at this size.
EF_SEARCH = 400
Part = Literal["shared", "private", "purpose"]
PARTS: tuple[Part, ...] = ("shared", "private", "purpose")


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as the store returns it, with a dense similarity when it came from a query."""

    id: str
    text: str
    metadata: Metadata
    similarity: float = 0.0


@dataclass(frozen=True)
class StoredVectors:
    """Chunks with their vectors (unit length, one row each), as read whole from a collection."""

    chunks: list[StoredChunk]
    matrix: np.ndarray


def collection_name(team: str, part: Part = "shared") -> str:
    """The collection holding one scope's shared, private or purpose chunks."""
    if part != "shared":
        return f"coach-{part}-{team}"
    return "coach-library" if team == LIBRARY else f"coach-team-{team}"


def is_private(chunk: Chunk) -> bool:
    """Private chunks (1:1 and career notes) are kept in the private collection."""
    return bool(chunk.metadata.get("private"))


def part_of(chunk: Chunk) -> Part:
    """Which of a scope's collections keeps a chunk."""
    if chunk.kind == PURPOSE:
        return "purpose"
    return "private" if is_private(chunk) else "shared"


class ChromaStore:
    """Upsert, delete and query chunks within one scope."""

    def __init__(self, settings: Settings) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if settings.chroma_url:
                host, port, ssl = _parse_url(settings.chroma_url)
                self.client = chromadb.HttpClient(host=host, port=port, ssl=ssl,
                                                  settings=chroma_settings)
                self.client.heartbeat()
            else:
                settings.chroma_path.mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(settings.chroma_path),
                                                        settings=chroma_settings)
        except (ValueError, ConnectionError, OSError, RuntimeError) as exc:
            where = settings.chroma_url or settings.chroma_path
            raise BackendError(f"cannot open the Chroma store at {where}: {exc}") from exc
        self._collections: dict[str, Any] = {}
        # One call per batch: a Chroma write is a transaction, so per-file calls cost seconds.
        self.batch_size = min(int(self.client.get_max_batch_size()), 5000)

    def _collection(self, team: str, part: Part = "shared") -> Any:
        name = collection_name(team, part)
        if name not in self._collections:
            from chromadb.api.collection_configuration import (
                CreateCollectionConfiguration,
                CreateHNSWConfiguration,
                UpdateCollectionConfiguration,
                UpdateHNSWConfiguration,
            )

            created = CreateHNSWConfiguration(space="cosine", ef_search=EF_SEARCH, num_threads=1)
            collection = self.client.get_or_create_collection(
                name, embedding_function=None, configuration=CreateCollectionConfiguration(hnsw=created))
            hnsw = (collection.configuration_json or {}).get("hnsw") or {}
            if int(hnsw.get("ef_search") or 0) < EF_SEARCH:  # a collection made before this setting
                collection.modify(configuration=UpdateCollectionConfiguration(
                    hnsw=UpdateHNSWConfiguration(ef_search=EF_SEARCH, num_threads=1)))
            self._collections[name] = collection
        return self._collections[name]

    def upsert(self, team: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Write chunks and their vectors (deterministic ids make this idempotent)."""
        for part in PARTS:
            chosen = [(c, v) for c, v in zip(chunks, vectors, strict=True) if part_of(c) == part]
            for start in range(0, len(chosen), self.batch_size):
                batch = chosen[start:start + self.batch_size]
                self._collection(team, part).upsert(
                    ids=[c.id for c, _ in batch], documents=[c.text for c, _ in batch],
                    metadatas=[c.store_metadata() for c, _ in batch],
                    embeddings=[list(v) for _, v in batch])

    def delete(self, team: str, ids: Sequence[str]) -> None:
        """Remove chunks by id (from every collection of the scope)."""
        for start in range(0, len(ids), self.batch_size):
            batch = list(ids[start:start + self.batch_size])
            for part in PARTS:
                self._collection(team, part).delete(ids=batch)

    def count(self, team: str) -> int:
        """Number of chunks in a scope, private ones and purpose statements included."""
        return sum(int(self._collection(team, p).count()) for p in PARTS)

    def purposes(self, team: str) -> StoredVectors:
        """Every purpose statement of a scope with its vector (read whole: a few thousand rows
        at most, and the practice ranking scores every one of them exactly)."""
        pairs = sorted(self._all(team, "purpose", vectors=True), key=lambda pair: pair[0].id)  # same order everywhere
        if not pairs:
            return StoredVectors([], np.zeros((0, 0), dtype=np.float32))
        matrix = np.asarray([vector for _, vector in pairs], dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return StoredVectors([chunk for chunk, _ in pairs], matrix / np.where(norms == 0, 1.0, norms))

    def query(self, team: str, vector: Sequence[float], n: int,
              where: Where | None = None, *, private: bool = False) -> list[StoredChunk]:
        """Nearest chunks by cosine similarity, within one scope's shared (or private) chunks."""
        result = self._collection(team, "private" if private else "shared").query(
            query_embeddings=[list(vector)], n_results=n, where=where or None,
            include=["documents", "metadatas", "distances"])
        return [StoredChunk(i, d or "", dict(m or {}), 1.0 - float(dist))
                for i, d, m, dist in zip(result["ids"][0], result["documents"][0],
                                         result["metadatas"][0], result["distances"][0],
                                         strict=True)]

    def chunks_of(self, team: str, source: str) -> list[StoredChunk]:
        """The shared chunks of one file in a scope, in document order."""
        result = self._collection(team).get(where={"source": source}, include=["documents", "metadatas"])
        chunks = [StoredChunk(i, d or "", dict(m or {}))
                  for i, d, m in zip(result["ids"], result["documents"], result["metadatas"], strict=True)]
        return sorted(chunks, key=lambda c: int(c.metadata.get("position", 0)))

    def find(self, team: str, where: dict[str, Any]) -> list[StoredChunk]:
        """The shared chunks of a scope whose metadata matches a Chroma `where` filter."""
        result = self._collection(team).get(where=where, include=["documents", "metadatas"])
        return [StoredChunk(i, d or "", dict(m or {}))
                for i, d, m in zip(result["ids"], result["documents"], result["metadatas"], strict=True)]

    def all_chunks(self, team: str) -> list[StoredChunk]:
        """Every chunk of a scope, private ones included (for the lexical index, which
        filters them per viewer)."""
        return [chunk for part in ("shared", "private") for chunk, _ in self._all(team, part)]

    def _all(self, team: str, part: Part, *, vectors: bool = False) -> list[tuple[StoredChunk, Any]]:
        """Every record of one collection, read in pages, with its vector when asked."""
        collection = self._collection(team, part)
        include = ["documents", "metadatas", *(["embeddings"] if vectors else [])]
        found: list[tuple[StoredChunk, Any]] = []
        offset, page = 0, 2000
        while True:
            result = collection.get(include=include, limit=page, offset=offset)
            rows = result["embeddings"] if vectors and result["embeddings"] is not None else [None] * len(result["ids"])
            found.extend((StoredChunk(i, d or "", dict(m or {})), v)
                         for i, d, m, v in zip(result["ids"], result["documents"], result["metadatas"], rows,
                                               strict=True))
            if len(result["ids"]) < page:
                return found
            offset += page


def _parse_url(url: str) -> tuple[str, int, bool]:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(
            f"COACH_CHROMA_URL={url!r} is not a server URL; use e.g. http://127.0.0.1:8000 "
            "(or leave it empty for the embedded store)")
    default_port = 443 if parsed.scheme == "https" else 8000
    return parsed.hostname, parsed.port or default_port, parsed.scheme == "https"
