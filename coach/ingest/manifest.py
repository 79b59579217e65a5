"""The ingest manifest and embedding cache, in the app database (`coach.db`).

Why not LangChain's indexing API with a SQL record manager: coach reports per *file*
(added / updated / unchanged / removed), keeps a file's old chunks when its new version
fails to load, embeds identical chunk text once across files and runs (a cache keyed by
model and content hash), and scopes everything by team. The record manager tracks
documents, not files, and has no embedding cache, so a small manifest is simpler.
Everything lives in the shared database, so several processes on one PostgreSQL see the
same manifest and cache.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, func, select

from coach.db import Database
from coach.db.models import EmbeddingRow, IngestChunkRow, IngestFileRow, ScopeGenerationRow

_BATCH = 500  # content hashes per IN (...) lookup


@dataclass(frozen=True)
class FileRecord:
    """What the manifest remembers of one ingested file."""

    team: str
    path: str
    sha256: str
    kind: str
    chunks: int


class Manifest:
    """Files, chunk ids, cached embeddings and a change counter per scope."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def close(self) -> None:
        """Close the database's pooled connections."""
        self.database.close()

    def file(self, team: str, path: str) -> FileRecord | None:
        """The record of one file, if ingested."""
        query = select(IngestFileRow.team, IngestFileRow.path, IngestFileRow.sha256, IngestFileRow.kind,
                       IngestFileRow.chunks).where(IngestFileRow.team == team, IngestFileRow.path == path)
        with self.database.begin() as conn:
            row = conn.execute(query).first()
        return FileRecord(*row) if row else None

    def files_under(self, team: str, root: str) -> list[str]:
        """Paths of ingested files below a directory."""
        prefix = root.rstrip("/") + "/"
        query = select(IngestFileRow.path).where(
            IngestFileRow.team == team, func.substr(IngestFileRow.path, 1, len(prefix)) == prefix)
        with self.database.begin() as conn:
            return list(conn.scalars(query))

    def chunk_ids(self, team: str, path: str) -> list[str]:
        """Ids of a file's stored chunks."""
        query = select(IngestChunkRow.id).where(IngestChunkRow.team == team, IngestChunkRow.path == path)
        with self.database.begin() as conn:
            return list(conn.scalars(query))

    def record_file(self, record: FileRecord, chunks: Iterable[tuple[str, str]]) -> None:
        """Replace a file's record and chunk list (id, content hash) in one transaction."""
        rows = [{"id": cid, "team": record.team, "path": record.path, "content_hash": h} for cid, h in chunks]
        add_chunks = self.database.upsert(IngestChunkRow)
        add_chunks = add_chunks.on_conflict_do_update(
            index_elements=[IngestChunkRow.id],
            set_={IngestChunkRow.team: add_chunks.excluded.team, IngestChunkRow.path: add_chunks.excluded.path,
                  IngestChunkRow.content_hash: add_chunks.excluded.content_hash})
        values = {"sha256": record.sha256, "kind": record.kind, "chunks": record.chunks,
                  "ingested_at": time.time()}
        add_file = self.database.upsert(IngestFileRow).values(team=record.team, path=record.path, **values)
        add_file = add_file.on_conflict_do_update(index_elements=[IngestFileRow.team, IngestFileRow.path],
                                                  set_=values)
        with self.database.begin() as conn:
            conn.execute(delete(IngestChunkRow).where(IngestChunkRow.team == record.team,
                                                      IngestChunkRow.path == record.path))
            if rows:
                conn.execute(add_chunks, rows)
            conn.execute(add_file)

    def forget_file(self, team: str, path: str) -> None:
        """Drop a removed file and its chunk list."""
        with self.database.begin() as conn:
            conn.execute(delete(IngestChunkRow).where(IngestChunkRow.team == team, IngestChunkRow.path == path))
            conn.execute(delete(IngestFileRow).where(IngestFileRow.team == team, IngestFileRow.path == path))

    def cached_vectors(self, model: str, hashes: Sequence[str]) -> dict[str, list[float]]:
        """Vectors already computed for these content hashes."""
        found: dict[str, list[float]] = {}
        with self.database.begin() as conn:
            for start in range(0, len(hashes), _BATCH):
                query = select(EmbeddingRow.content_hash, EmbeddingRow.vector).where(
                    EmbeddingRow.model == model, EmbeddingRow.content_hash.in_(hashes[start:start + _BATCH]))
                found.update((h, np.frombuffer(v, dtype=np.float32).tolist()) for h, v in conn.execute(query))
        return found

    def cache_vectors(self, model: str, vectors: Mapping[str, Sequence[float]]) -> None:
        """Remember vectors by content hash (a vector already cached is kept)."""
        if not vectors:
            return
        rows = [{"model": model, "content_hash": h, "vector": np.asarray(v, dtype=np.float32).tobytes()}
                for h, v in vectors.items()]
        statement = self.database.upsert(EmbeddingRow).on_conflict_do_nothing(
            index_elements=[EmbeddingRow.model, EmbeddingRow.content_hash])
        with self.database.begin() as conn:
            conn.execute(statement, rows)

    def generation(self, team: str) -> int:
        """A counter bumped whenever a scope changes (invalidates lexical indexes)."""
        with self.database.begin() as conn:
            value = conn.scalar(select(ScopeGenerationRow.generation).where(ScopeGenerationRow.team == team))
        return int(value) if value is not None else 0

    def bump(self, team: str) -> None:
        """Mark a scope as changed."""
        statement = self.database.upsert(ScopeGenerationRow).values(team=team, generation=1)
        statement = statement.on_conflict_do_update(
            index_elements=[ScopeGenerationRow.team],
            set_={ScopeGenerationRow.generation: ScopeGenerationRow.generation + 1})
        with self.database.begin() as conn:
            conn.execute(statement)

    def teams(self) -> list[str]:
        """Scopes that hold at least one file."""
        query = select(IngestFileRow.team).distinct().order_by(IngestFileRow.team)
        with self.database.begin() as conn:
            return list(conn.scalars(query))
