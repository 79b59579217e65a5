"""Several workers share one PostgreSQL and one Chroma server, with nothing in their data dirs.

Two `Coach` instances stand for two API workers (each with its own, possibly empty, data dir):
what one ingests the other finds and does not re-embed; what one reviews the other delivers,
and concurrent deliveries still send each nudge once.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from coach.config import Settings
from coach.embeddings import HashEmbedder
from coach.review import Deliverer, HttpxWebhookTransport, ReviewQueue
from coach.service import Coach
from tests.postgres import PostgresServer
from tests.review import draft
from tests.test_server_mode import chroma_server

__all__ = ["chroma_server"]  # the fixture, re-used from the server-mode tests
HARBOUR = Path(__file__).resolve().parent / "fixtures" / "release-0.1" / "files" / "harbour"


@pytest.fixture
def workers(tmp_path: Path, postgres_server: PostgresServer, chroma_server: str) -> Iterator[tuple[Coach, Coach]]:
    url = postgres_server.create_database()
    pair = tuple(Coach(Settings(data_dir=tmp_path / name, embedder="hash", database_url=url,
                                chroma_url=chroma_server), embedder=HashEmbedder()) for name in ("a", "b"))
    yield pair  # type: ignore[misc]
    for coach in pair:
        coach.close()


def test_two_workers_share_records_manifest_and_vectors(workers: tuple[Coach, Coach], tmp_path: Path) -> None:
    a, b = workers
    files = Path(shutil.copytree(HARBOUR, tmp_path / "files" / "harbour"))
    first = a.ingest([files], "harbour")
    assert first.added == 4 and first.embedded > 0
    again = b.ingest([files], "harbour")  # the other worker: incremental, nothing re-embedded
    assert (again.unchanged, again.embedded) == (4, 0)
    assert [o.id for o in b.repository.okrs("harbour")[0].okrs.objectives] == ["O1", "O2"]
    assert any(r.kind == "okr" for r in b.search("berth turnaround", "harbour", 5))
    for worker in (a, b):  # nothing in either data dir: all shared state is on the servers
        assert not worker.settings.data_dir.exists() or list(worker.settings.data_dir.rglob("*")) == []


def test_review_on_one_worker_and_concurrent_delivery_send_once(workers: tuple[Coach, Coach]) -> None:
    a, b = workers
    nudges = ReviewQueue(a.appdb).submit("harbour", "checkins/w.txt", [draft(), draft("Try a second idea here.")])
    for nudge in nudges:
        ReviewQueue(b.appdb).approve(nudge.id, "coach-ana")

    a.appdb.set_webhook("harbour", "https://hooks.example.com/services/T0/B1")
    posted: list[bytes] = []
    lock = threading.Lock()

    def hook(request: httpx.Request) -> httpx.Response:
        with lock:
            posted.append(request.content)
        time.sleep(0.05)  # a slow webhook widens the window two workers could both post in
        return httpx.Response(200)

    def deliver(worker: Coach) -> None:
        transport = HttpxWebhookTransport(transport=httpx.MockTransport(hook))
        Deliverer(worker.appdb, transport, sleep=lambda _: None).deliver("harbour")
        transport.close()

    threads = [threading.Thread(target=deliver, args=(w,)) for w in (a, b, a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(f.nudge_id for f in b.appdb.feed("harbour")) == sorted(n.id for n in nudges)
    assert len(posted) == 2  # each nudge reached the webhook once, whichever worker sent it
    assert all(r.status == "sent" for n in nudges for r in a.appdb.deliveries(n.id).values())


def test_a_webhook_delivered_by_one_worker_is_not_sent_again_by_another(workers: tuple[Coach, Coach]) -> None:
    a, b = workers
    nudge, = ReviewQueue(a.appdb).submit("harbour", "checkins/w.txt", [draft()])
    ReviewQueue(b.appdb).approve(nudge.id, "coach-ana")
    a.appdb.set_webhook("harbour", "https://hooks.example.com/services/T0/B1")
    posted: list[bytes] = []

    def hook(request: httpx.Request) -> httpx.Response:
        posted.append(request.content)
        return httpx.Response(200)

    for worker in (a, b):
        transport = HttpxWebhookTransport(transport=httpx.MockTransport(hook))
        Deliverer(worker.appdb, transport, sleep=lambda _: None).deliver("harbour")
        transport.close()
    assert len(posted) == 1 and len(b.appdb.feed("harbour")) == 1
