"""The ingest manifest and embedding cache, in SQLite in the data dir.

Why not LangChain's indexing API with a SQL record manager: coach reports per *file*
(added / updated / unchanged / removed), keeps a file's old chunks when its new version
fails to load, embeds identical chunk text once across files and runs (a cache keyed by
model and content hash), and scopes everything by team. The record manager tracks
documents, not files, and has no embedding cache, so a small manifest is simpler.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.locking import locked

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    team TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT NOT NULL,
    chunks INTEGER NOT NULL, ingested_at REAL NOT NULL, PRIMARY KEY (team, path));
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, team TEXT NOT NULL, path TEXT NOT NULL, content_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_file ON chunks (team, path);
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, content_hash TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, content_hash));
CREATE TABLE IF NOT EXISTS generations (team TEXT PRIMARY KEY, generation INTEGER NOT NULL);
"""




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

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)

    @locked
    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    @locked
    def file(self, team: str, path: str) -> FileRecord | None:
        """The record of one file, if ingested."""
        row = self.db.execute("SELECT team, path, sha256, kind, chunks FROM files "
                              "WHERE team = ? AND path = ?", (team, path)).fetchone()
        return FileRecord(*row) if row else None

    @locked
    def files_under(self, team: str, root: str) -> list[str]:
        """Paths of ingested files below a directory."""
        prefix = root.rstrip("/") + "/"
        rows = self.db.execute("SELECT path FROM files WHERE team = ? AND substr(path, 1, ?) = ?",
                               (team, len(prefix), prefix))
        return [r[0] for r in rows]

    @locked
    def chunk_ids(self, team: str, path: str) -> list[str]:
        """Ids of a file's stored chunks."""
        rows = self.db.execute("SELECT id FROM chunks WHERE team = ? AND path = ?", (team, path))
        return [r[0] for r in rows]

    @locked
    def record_file(self, record: FileRecord, chunks: Iterable[tuple[str, str]]) -> None:
        """Replace a file's record and chunk list (id, content hash) in one transaction."""
        with self.db:
            self.db.execute("DELETE FROM chunks WHERE team = ? AND path = ?", (record.team, record.path))
            self.db.executemany("INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?)",
                                ((cid, record.team, record.path, h) for cid, h in chunks))
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                            (record.team, record.path, record.sha256, record.kind,
                             record.chunks, time.time()))

    @locked
    def forget_file(self, team: str, path: str) -> None:
        """Drop a removed file and its chunk list."""
        with self.db:
            self.db.execute("DELETE FROM chunks WHERE team = ? AND path = ?", (team, path))
            self.db.execute("DELETE FROM files WHERE team = ? AND path = ?", (team, path))

    @locked
    def cached_vectors(self, model: str, hashes: Sequence[str]) -> dict[str, list[float]]:
        """Vectors already computed for these content hashes."""
        found: dict[str, list[float]] = {}
        for start in range(0, len(hashes), 500):
            part = list(hashes[start:start + 500])
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT content_hash, vector FROM embeddings WHERE model = ? "
                                   f"AND content_hash IN ({marks})", (model, *part))
            found.update((h, np.frombuffer(v, dtype=np.float32).tolist()) for h, v in rows)
        return found

    @locked
    def cache_vectors(self, model: str, vectors: Mapping[str, Sequence[float]]) -> None:
        """Remember vectors by content hash."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                ((model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()))

    @locked
    def generation(self, team: str) -> int:
        """A counter bumped whenever a scope changes (invalidates lexical indexes)."""
        row = self.db.execute("SELECT generation FROM generations WHERE team = ?", (team,)).fetchone()
        return int(row[0]) if row else 0

    @locked
    def bump(self, team: str) -> None:
        """Mark a scope as changed."""
        with self.db:
            self.db.execute("INSERT INTO generations VALUES (?, 1) ON CONFLICT(team) "
                            "DO UPDATE SET generation = generation + 1", (team,))

    @locked
    def teams(self) -> list[str]:
        """Scopes that hold at least one file."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT team FROM files ORDER BY team")]
