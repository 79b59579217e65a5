"""The ingest manifest and embedding cache on the app database (SQLite and PostgreSQL)."""

from __future__ import annotations

from coach.db import Database
from coach.ingest.manifest import FileRecord, Manifest


def test_files_and_chunks_are_replaced_and_forgotten(database: Database) -> None:
    manifest = Manifest(database)
    manifest.record_file(FileRecord("platform", "/d/okrs.yaml", "a" * 64, "okr", 2), [("c1", "h1"), ("c2", "h2")])
    manifest.record_file(FileRecord("platform", "/d/sub/m.csv", "b" * 64, "metric", 1), [("c3", "h3")])
    manifest.record_file(FileRecord("growth", "/d/okrs.yaml", "c" * 64, "okr", 1), [("c4", "h4")])
    assert manifest.file("platform", "/d/okrs.yaml") == FileRecord("platform", "/d/okrs.yaml", "a" * 64, "okr", 2)
    assert sorted(manifest.files_under("platform", "/d")) == ["/d/okrs.yaml", "/d/sub/m.csv"]
    assert manifest.files_under("platform", "/d/sub/") == ["/d/sub/m.csv"]
    manifest.record_file(FileRecord("platform", "/d/okrs.yaml", "d" * 64, "okr", 1), [("c5", "h5")])
    assert manifest.chunk_ids("platform", "/d/okrs.yaml") == ["c5"]
    manifest.forget_file("platform", "/d/okrs.yaml")
    assert manifest.file("platform", "/d/okrs.yaml") is None and manifest.chunk_ids("platform", "/d/okrs.yaml") == []
    assert manifest.teams() == ["growth", "platform"]


def test_vectors_are_cached_by_model_and_hash(database: Database) -> None:
    manifest = Manifest(database)
    manifest.cache_vectors("minilm", {"h1": [0.5, -1.0], "h2": [2.0, 0.25]})
    manifest.cache_vectors("minilm", {"h1": [9.0, 9.0]})  # an existing vector is kept
    manifest.cache_vectors("minilm", {})
    assert manifest.cached_vectors("minilm", ["h1", "h2", "h3"]) == {"h1": [0.5, -1.0], "h2": [2.0, 0.25]}
    assert manifest.cached_vectors("other", ["h1"]) == {}
    many = {f"x{i}": [float(i)] for i in range(1200)}  # more than one IN (...) batch
    manifest.cache_vectors("minilm", many)
    assert len(manifest.cached_vectors("minilm", list(many))) == 1200


def test_generations_count_changes_per_scope(database: Database) -> None:
    manifest = Manifest(database)
    assert manifest.generation("platform") == 0
    manifest.bump("platform")
    manifest.bump("platform")
    manifest.bump("library")
    assert (manifest.generation("platform"), manifest.generation("library")) == (2, 1)
