"""Incremental, idempotent indexing: files → documents → chunks → embeddings → store.

A file whose bytes are unchanged is skipped without loading. A changed file's chunks are
replaced (stale ids deleted). A file missing from a re-ingested directory is removed. A file
that fails to load is reported and keeps whatever it had stored before. Identical chunk text
is embedded once, across files and across runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from coach.embeddings import Embedder
from coach.errors import IngestionError
from coach.ingest.chunking import LIBRARY, Chunk, Chunker
from coach.ingest.documents import Document
from coach.ingest.loaders import iter_files, load_file
from coach.ingest.manifest import FileRecord, Manifest
from coach.ingest.opl import near_duplicates
from coach.ingest.purposes import purpose_chunks
from coach.store.chroma import ChromaStore

FileStatus = Literal["added", "updated", "unchanged", "removed", "error"]
# Part of every file's digest: bump it when loaders or chunking change what a file becomes,
# so unchanged files are re-indexed once.
LOADER_VERSION = b"coach-loaders-6"  # 6: practices also yield purpose statements
EMBED_SLICE = 256  # texts per embedding call; each slice is written while the next embeds


@dataclass
class IngestReport:
    """What one ingest run did. `chunks` counts chunks written in this run."""

    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    embedded: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    near_duplicates: list[dict[str, str]] = field(default_factory=list)
    statuses: dict[str, FileStatus] = field(default_factory=dict)

    def count(self, path: str, status: FileStatus) -> None:
        """Record one file's outcome."""
        self.statuses[path] = status
        if status != "removed":
            self.files += 1
        if status != "error":
            setattr(self, status, getattr(self, status) + 1)

    def as_json(self) -> dict[str, object]:
        """The public contract of `coach ingest --json`."""
        return {"files": self.files, "added": self.added, "updated": self.updated,
                "unchanged": self.unchanged, "removed": self.removed, "chunks": self.chunks,
                "embedded": self.embedded, "errors": self.errors,
                "near_duplicates": self.near_duplicates}


@dataclass
class _Pending:
    path: str
    status: FileStatus
    sha256: str
    kind: str
    chunks: list[Chunk]
    document: Document


ProgressHook = Callable[[str, int, int], None]  # (phase, done, total)


class Indexer:
    """Ingests files into one scope (the library or a team)."""

    def __init__(self, store: ChromaStore, embedder: Embedder, manifest: Manifest,
                 chunker: Chunker) -> None:
        self.store, self.embedder, self.manifest, self.chunker = store, embedder, manifest, chunker

    def ingest(self, paths: Sequence[Path], team: str = LIBRARY,
               progress: ProgressHook | None = None) -> IngestReport:
        """Ingest files and directories; see the module docstring for the rules."""
        report = IngestReport()
        pending, seen = self._scan(paths, team, report, progress)
        self._remove_missing(paths, team, seen, report)
        report.near_duplicates = _duplicate_pairs([p.document for p in pending])
        self._embed_and_upsert([c for p in pending for c in p.chunks], team, report, progress)
        self._record(pending, team)
        for item in pending:
            report.chunks += len(item.chunks)
            report.count(item.path, item.status)
        if pending or report.removed:
            self.manifest.bump(team)
        return report

    def _scan(self, paths: Sequence[Path], team: str, report: IngestReport,
              progress: ProgressHook | None) -> tuple[list[_Pending], set[str]]:
        files: list[Path] = []
        for root in paths:
            if not root.exists():
                report.errors.append({"path": str(root), "error": "no such file or directory"})
                report.files += 1
                continue
            files.extend(iter_files(root))
        pending: list[_Pending] = []
        seen: set[str] = set()
        for done, path in enumerate(files, start=1):
            key = str(path.resolve())
            seen.add(key)
            item = self._prepare(path, key, team, report)
            if item:
                pending.append(item)
            if progress:
                progress("read", done, len(files))
        return pending, seen

    def _prepare(self, path: Path, key: str, team: str, report: IngestReport) -> _Pending | None:
        try:
            digest = hashlib.sha256(LOADER_VERSION + path.read_bytes()).hexdigest()
        except OSError as exc:
            report.errors.append({"path": str(path), "error": f"cannot read the file ({exc.strerror})"})
            report.count(key, "error")
            return None
        known = self.manifest.file(team, key)
        if known and known.sha256 == digest:
            report.count(key, "unchanged")
            return None
        try:
            document = load_file(path)
        except IngestionError as exc:
            report.errors.append({"path": str(path), "error": exc.problem})
            report.count(key, "error")
            return None
        document = replace(document, path=key)  # keyed by resolved path, however typed
        chunks = self.chunker.chunk(document, team) + purpose_chunks(document, team)
        return _Pending(key, "updated" if known else "added", digest, document.kind, chunks,
                        document)

    def _remove_missing(self, paths: Sequence[Path], team: str, seen: set[str],
                        report: IngestReport) -> None:
        for root in paths:
            if not root.is_dir():
                continue
            for path in self.manifest.files_under(team, str(root.resolve())):
                if path not in seen:
                    self.store.delete(team, self.manifest.chunk_ids(team, path))
                    self.manifest.forget_file(team, path)
                    report.count(path, "removed")

    def _embed_and_upsert(self, chunks: list[Chunk], team: str, report: IngestReport,
                          progress: ProgressHook | None) -> None:
        """Embed what the cache lacks, longest texts first, in slices; each slice's chunks are
        written to the store by a background thread while the next slice is embedded."""
        by_hash: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_hash.setdefault(chunk.content_hash, []).append(chunk)
        vectors = self.manifest.cached_vectors(self.embedder.name, list(by_hash))
        missing = sorted((h for h in by_hash if h not in vectors), key=lambda h: -len(by_hash[h][0].text))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-upsert") as writer:
            writes = [self._write_async(writer, team, [c for h in vectors for c in by_hash[h]], vectors)]
            for start in range(0, len(missing), EMBED_SLICE):
                part = missing[start:start + EMBED_SLICE]
                fresh = self.embedder.embed_documents([by_hash[h][0].text for h in part])
                new = dict(zip(part, fresh, strict=True))
                self.manifest.cache_vectors(self.embedder.name, new)
                vectors.update(new)
                report.embedded += len(part)
                writes.append(self._write_async(writer, team, [c for h in part for c in by_hash[h]], vectors))
                if progress:
                    progress("embed", min(start + EMBED_SLICE, len(missing)), len(missing))
            for write in writes:
                write.result()  # re-raise a store failure here, before anything is recorded

    def _write_async(self, writer: ThreadPoolExecutor, team: str, chunks: list[Chunk],
                     vectors: dict[str, list[float]]) -> Future[None]:
        batch = [vectors[c.content_hash] for c in chunks]
        return writer.submit(self.store.upsert, team, chunks, batch)

    def _record(self, pending: list[_Pending], team: str) -> None:
        """Delete stale ids, then record files. The manifest is written last, so a failed
        write is simply redone by the next run."""
        new_ids = {c.id for item in pending for c in item.chunks}
        stale = sorted({i for item in pending for i in self.manifest.chunk_ids(team, item.path)} - new_ids)
        if stale:
            self.store.delete(team, stale)
        for item in pending:
            record = FileRecord(team, item.path, item.sha256, item.kind, len(item.chunks))
            self.manifest.record_file(record, ((c.id, c.content_hash) for c in item.chunks))

def _duplicate_pairs(documents: list[Document]) -> list[dict[str, str]]:
    practices = [d for d in documents if d.kind == "practice"]
    return [{"first": d.first, "second": d.second, "reason": d.reason}
            for d in near_duplicates(practices)]


def practice_near_duplicates(paths: Sequence[Path]) -> list[dict[str, str]]:
    """Near-duplicate practice pages among files below paths (files that fail to load are skipped)."""
    documents = []
    for root in paths:
        for path in iter_files(root):
            try:
                documents.append(load_file(path))
            except IngestionError:
                continue
    return _duplicate_pairs(documents)
