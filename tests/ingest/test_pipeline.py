"""Incremental indexing: idempotency, updates, removal, errors that keep what is stored."""

from __future__ import annotations

from pathlib import Path

from coach.embeddings import HashEmbedder
from coach.service import Coach
from tests.samples import METRICS_CSV, write


def _library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write(root / "a.md", "# Pre-mortem\nImagine the goal failed and list why.\n")
    write(root / "b.md", "# Retro\nLook back at the cycle together.\n")
    write(root / "m.csv", METRICS_CSV)
    return root


def _embedder(coach: Coach) -> HashEmbedder:
    assert isinstance(coach.embedder, HashEmbedder)
    return coach.embedder


def test_second_ingest_embeds_nothing(coach: Coach, tmp_path: Path) -> None:
    root = _library(tmp_path)
    first = coach.ingest([root])
    assert (first.files, first.added, first.chunks) == (3, 3, first.embedded)
    calls = _embedder(coach).calls
    second = coach.ingest([root])
    assert (second.unchanged, second.added, second.chunks, second.embedded) == (3, 0, 0, 0)
    assert _embedder(coach).calls == calls
    assert coach.store.count("library") == first.chunks


def test_changed_file_replaces_its_chunks(coach: Coach, tmp_path: Path) -> None:
    root = _library(tmp_path)
    coach.ingest([root])
    write(root / "a.md", "# Pre-mortem\nA different text about failure.\n\n# Extra\nMore.\n")
    report = coach.ingest([root])
    assert (report.updated, report.unchanged) == (1, 2)
    texts = [c.text for c in coach.store.all_chunks("library")]
    assert not any("Imagine the goal failed" in t for t in texts)
    assert any("A different text about failure" in t for t in texts)
    recorded = sum(len(coach.manifest.chunk_ids("library", str((root / name).resolve())))
                   for name in ("a.md", "b.md", "m.csv"))
    assert coach.store.count("library") == recorded  # no stale chunk left behind


def test_file_removed_from_directory_loses_its_chunks(coach: Coach, tmp_path: Path) -> None:
    root = _library(tmp_path)
    coach.ingest([root])
    (root / "b.md").unlink()
    report = coach.ingest([root])
    assert report.removed == 1 and report.files == 2
    assert not any("Look back" in c.text for c in coach.store.all_chunks("library"))


def test_identical_text_is_embedded_once(coach: Coach, tmp_path: Path) -> None:
    write(tmp_path / "x" / "one.md", "---\ntitle: Shared\n---\nSame words in two files.\n")
    write(tmp_path / "x" / "two.md", "---\ntitle: Shared\n---\nSame words in two files.\n")
    report = coach.ingest([tmp_path / "x"])
    assert report.chunks == 2 and report.embedded == 1


def test_bad_file_is_reported_and_keeps_its_old_chunks(coach: Coach, tmp_path: Path) -> None:
    root = _library(tmp_path)
    coach.ingest([root])
    before = sorted(c.text for c in coach.store.all_chunks("library"))
    write(root / "m.csv", "metric,value,unit,as_of\nx,not-a-number,%,2026-01-01\n")
    write(root / "new.md", "# New\nA new card.\n")
    (root / "junk.bin").write_bytes(b"\x00\x01")
    report = coach.ingest([root, tmp_path / "missing-dir"])
    problems = {Path(e["path"]).name: e["error"] for e in report.errors}
    assert "row 2" in problems["m.csv"] and "unsupported file type" in problems["junk.bin"]
    assert "no such file" in problems["missing-dir"]
    assert report.added == 1 and report.removed == 0
    after = sorted(c.text for c in coach.store.all_chunks("library"))
    assert set(before) < set(after)  # old metrics chunks still there, plus the new card


def test_team_scope_is_separate(coach: Coach, tmp_path: Path) -> None:
    root = _library(tmp_path)
    coach.ingest([root], team="platform")
    assert coach.store.count("platform") > 0 and coach.store.count("library") == 0
    report = coach.ingest([root])
    assert report.added == 3  # the same files are new to the library scope
