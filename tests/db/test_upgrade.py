"""A data dir made by the first release (commit 4162978) upgrades without losing anything.

The fixture's `app.db` and `coach.db` were written by that release's own code; see
`fixtures/release-0.1/make_fixture.py` for how. The test upgrades a copy onto SQLite (the
same data dir) and onto PostgreSQL (the data dir moving to a server).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from coach.appdb import AppDatabase
from coach.config import Settings
from coach.db import open_database
from coach.db.migrate import current, head
from coach.embeddings import HashEmbedder
from coach.errors import ValidationError
from coach.review import Deliverer, HttpxWebhookTransport, ReviewQueue
from coach.service import Coach
from coach.vocabulary import Vocabulary

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "release-0.1"
FILES_AT = Path("/tmp/coach-release-0.1")  # where the release ingested them (paths are absolute)


def _old(name: str, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(FIXTURE / name) as db:
        return db.execute(query).fetchall()


@pytest.fixture
def upgraded(tmp_path: Path, database_url: str) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("app.db", "coach.db"):
        shutil.copyfile(FIXTURE / name, data / name)
    return Settings(data_dir=data, database_url=database_url, embedder="hash")


def test_app_data_survives_the_upgrade(upgraded: Settings) -> None:
    database = open_database(upgraded)
    db = AppDatabase(database)
    assert current(database) == head()
    assert db.teams() == ["harbour", "quay"]
    harbour, quay = db.get_team("harbour"), db.get_team("quay")
    assert harbour.vocabulary == Vocabulary(objective="aim", key_result="gauge")
    assert (harbour.webhook_url, harbour.retention_days) == ("http://127.0.0.1:9/services/T0/SECRET", 120)
    assert (quay.vocabulary.objective, quay.retention_days) == ("goal", 30)
    old_nudges = _old("app.db", "SELECT id, status, text, created_at FROM nudges ORDER BY created_at, id")
    assert [(n.id, n.status, n.text, n.created_at) for n in db.list_nudges()] == old_nudges
    for (nudge_id, *_rest) in old_nudges:
        old_events = _old("app.db", f"SELECT actor, action, before_text, after_text, reason, at FROM nudge_events "
                                    f"WHERE nudge_id = '{nudge_id}' ORDER BY id")
        assert [(e.actor, e.action, e.before_text, e.after_text, e.reason, e.at)
                for e in db.history(nudge_id)] == old_events
        old_ledger = _old("app.db", "SELECT nudge_id, channel, status, attempts, last_error, delivered_at "
                                    f"FROM deliveries WHERE nudge_id = '{nudge_id}'")
        assert sorted(tuple(vars(r).values()) for r in db.deliveries(nudge_id).values()) == sorted(old_ledger)
    assert [(f.nudge_id, f.text) for f in db.feed("harbour")] == _old(
        "app.db", "SELECT nudge_id, text FROM feed ORDER BY id")
    # The transcript record came along with its timestamp: retention still finds it.
    (old_path, old_at), = _old("app.db", "SELECT path, ingested_at FROM transcripts")
    cutoff = dt.datetime.fromisoformat(old_at)
    assert db.purge("harbour", cutoff).transcripts == []
    assert db.purge("harbour", cutoff + dt.timedelta(seconds=1)).transcripts == [old_path]
    database.close()


def test_delivered_nudges_stay_delivered_and_frozen(upgraded: Settings) -> None:
    database = open_database(upgraded)
    db = AppDatabase(database)
    sent = [r[0] for r in _old("app.db", "SELECT nudge_id FROM deliveries WHERE channel = 'feed' AND status = 'sent'")]
    with pytest.raises(ValidationError, match="already delivered"):
        ReviewQueue(db).edit(sent[0], "A different text that was never approved.", "coach-ana")
    down = HttpxWebhookTransport(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    report = Deliverer(db, down, retries=0, sleep=lambda _: None).deliver("harbour")
    down.close()
    assert (report.feed.sent, report.feed.skipped) == (0, 2)  # never posted twice
    assert len(db.feed("harbour")) == 2
    database.close()


def test_the_manifest_survives_and_reingest_stays_incremental(upgraded: Settings,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE / "files", FILES_AT, dirs_exist_ok=True)
    # The release's loader version: files are unchanged as far as that release is concerned.
    monkeypatch.setattr("coach.ingest.pipeline.LOADER_VERSION", b"coach-loaders-5")
    coach = Coach(upgraded, embedder=HashEmbedder())
    for team, path, sha256, kind, chunks in _old("coach.db", "SELECT team, path, sha256, kind, chunks FROM files"):
        record = coach.manifest.file(team, path)
        assert record is not None and (record.sha256, record.kind, record.chunks) == (sha256, kind, chunks)
        assert sorted(coach.manifest.chunk_ids(team, path)) == sorted(
            r[0] for r in _old("coach.db", f"SELECT id FROM chunks WHERE team = '{team}' AND path = '{path}'"))
    hashes = [r[0] for r in _old("coach.db", "SELECT content_hash FROM embeddings")]
    assert len(coach.manifest.cached_vectors("hash", hashes)) == len(hashes) > 0
    for team, generation in _old("coach.db", "SELECT team, generation FROM generations"):
        assert coach.manifest.generation(team) == generation
    report = coach.ingest([FILES_AT / "harbour"], "harbour")
    assert (report.unchanged, report.added, report.updated, report.embedded) == (4, 0, 0, 0)
    coach.close()


def test_the_upgrade_runs_once_and_keeps_the_old_file(upgraded: Settings) -> None:
    open_database(upgraded).close()
    assert not (upgraded.data_dir / "app.db").exists()
    assert (upgraded.data_dir / "app.db.release-0.1").is_file()
    database = open_database(upgraded)
    assert len(AppDatabase(database).list_nudges()) == 5
    database.close()
