"""`Coach`: the one object the CLI, the API and Python callers use; it wires the parts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from coach.config import Settings, check_team
from coach.embeddings import Embedder, make_embedder
from coach.ingest.chunking import LIBRARY, Chunker
from coach.ingest.manifest import Manifest
from coach.ingest.pipeline import Indexer, IngestReport, ProgressHook
from coach.retrieval.search import Mode, Searcher, SearchResult
from coach.store.chroma import ChromaStore


class Coach:
    """Ingest and search, scoped by team, on the configured store and embedder."""

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder

    @cached_property
    def embedder(self) -> Embedder:
        """The configured embedder (the model itself loads on first use)."""
        return self._embedder or make_embedder(self.settings)

    @cached_property
    def manifest(self) -> Manifest:
        """The ingest manifest and embedding cache."""
        return Manifest(self.settings.db_path)

    @cached_property
    def store(self) -> ChromaStore:
        """The vector store (embedded or server)."""
        return ChromaStore(self.settings)

    @cached_property
    def searcher(self) -> Searcher:
        """Hybrid search over the store."""
        return Searcher(self.store, self.embedder, self.manifest)

    def ingest(self, paths: Sequence[Path], team: str | None = None,
               progress: ProgressHook | None = None) -> IngestReport:
        """Ingest files or directories into the library, or into a team's own scope."""
        scope = check_team(team) if team else LIBRARY
        chunker = Chunker(self.settings.chunk_size, self.settings.chunk_overlap)
        indexer = Indexer(self.store, self.embedder, self.manifest, chunker)
        return indexer.ingest(paths, scope, progress)

    def search(self, query: str, team: str | None = None, k: int = 10, *,
               kinds: Sequence[str] = (), viewer: str | None = None,
               mode: Mode = "hybrid") -> list[SearchResult]:
        """The k best chunks for a query; a team sees the library plus its own data only."""
        scope = check_team(team) if team else None
        return self.searcher.search(query, scope, k, kinds=kinds, viewer=viewer, mode=mode)

    def close(self) -> None:
        """Release the database connection."""
        if "manifest" in self.__dict__:
            self.manifest.close()
