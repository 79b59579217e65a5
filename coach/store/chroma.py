"""The vector store adapter: Chroma embedded (PersistentClient) or a Chroma server (HttpClient).

Scopes are collections: `coach-library` for the shared library and `coach-team-<team>` for
each team, so a team's search can only ever see its own collection plus the library.
Vectors are always computed by coach and passed explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from coach.config import Settings
from coach.errors import BackendError, ConfigError
from coach.ingest.chunking import LIBRARY, Chunk
from coach.ingest.documents import Metadata

Where = dict[str, Any]


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as the store returns it, with a dense similarity when it came from a query."""

    id: str
    text: str
    metadata: Metadata
    similarity: float = 0.0


def collection_name(team: str) -> str:
    """The collection holding one scope."""
    return "coach-library" if team == LIBRARY else f"coach-team-{team}"


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

    def _collection(self, team: str) -> Any:
        if team not in self._collections:
            self._collections[team] = self.client.get_or_create_collection(
                collection_name(team), embedding_function=None,
                metadata={"hnsw:space": "cosine"})
        return self._collections[team]

    def upsert(self, team: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Write chunks and their vectors (deterministic ids make this idempotent)."""
        for start in range(0, len(chunks), 1000):
            part = chunks[start:start + 1000]
            self._collection(team).upsert(
                ids=[c.id for c in part], documents=[c.text for c in part],
                metadatas=[c.store_metadata() for c in part],
                embeddings=[list(v) for v in vectors[start:start + 1000]])

    def delete(self, team: str, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        for start in range(0, len(ids), 1000):
            self._collection(team).delete(ids=list(ids[start:start + 1000]))

    def count(self, team: str) -> int:
        """Number of chunks in a scope."""
        return int(self._collection(team).count())

    def query(self, team: str, vector: Sequence[float], n: int,
              where: Where | None = None) -> list[StoredChunk]:
        """Nearest chunks by cosine similarity, within one scope."""
        collection = self._collection(team)
        total = collection.count()
        if total == 0:
            return []
        result = collection.query(query_embeddings=[list(vector)], n_results=min(n, total),
                                  where=where or None,
                                  include=["documents", "metadatas", "distances"])
        return [StoredChunk(i, d or "", dict(m or {}), 1.0 - float(dist))
                for i, d, m, dist in zip(result["ids"][0], result["documents"][0],
                                         result["metadatas"][0], result["distances"][0],
                                         strict=True)]

    def all_chunks(self, team: str) -> list[StoredChunk]:
        """Every chunk of a scope (for the lexical index)."""
        collection = self._collection(team)
        chunks: list[StoredChunk] = []
        offset, page = 0, 2000
        while True:
            result = collection.get(include=["documents", "metadatas"], limit=page, offset=offset)
            chunks.extend(StoredChunk(i, d or "", dict(m or {}))
                          for i, d, m in zip(result["ids"], result["documents"],
                                             result["metadatas"], strict=True))
            if len(result["ids"]) < page:
                return chunks
            offset += page


def _parse_url(url: str) -> tuple[str, int, bool]:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(
            f"COACH_CHROMA_URL={url!r} is not a server URL; use e.g. http://127.0.0.1:8000 "
            "(or leave it empty for the embedded store)")
    default_port = 443 if parsed.scheme == "https" else 8000
    return parsed.hostname, parsed.port or default_port, parsed.scheme == "https"
