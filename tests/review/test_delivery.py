"""Delivery against a real webhook receiver on 127.0.0.1, and httpx.MockTransport for timeouts."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from coach.appdb import AppDatabase
from coach.db import Database
from coach.errors import ValidationError
from coach.review import Deliverer, HttpxWebhookTransport, ReviewQueue
from coach.vocabulary import Vocabulary
from tests.conftest import Receiver
from tests.review import Clock, draft

TRANSCRIPT = "checkins/2026-03-02.vtt"


@pytest.fixture
def db(database: Database) -> AppDatabase:
    return AppDatabase(database, clock=Clock())


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def transport() -> Iterator[HttpxWebhookTransport]:
    real = HttpxWebhookTransport()
    yield real
    real.close()


@pytest.fixture
def deliverer(db: AppDatabase, transport: HttpxWebhookTransport, sleeps: list[float]) -> Deliverer:
    return Deliverer(db, transport, sleep=sleeps.append)


def _queue(db: AppDatabase, receiver: Receiver, team: str = "platform") -> tuple[ReviewQueue, list[str]]:
    """Four nudges for `team` with the receiver as its webhook."""
    db.set_webhook(team, receiver.url)
    queue = ReviewQueue(db)
    texts = ["Try a round-robin so every voice is heard.", "Name an owner for the rollout task.",
             "Agree a due date for the migration.", "Ask what blocks the key result on latency."]
    return queue, [queue.submit(team, TRANSCRIPT, [draft(t, line=i)])[0].id for i, t in enumerate(texts, 1)]


def test_only_approved_and_edited_nudges_are_delivered(db: AppDatabase, receiver: Receiver,
                                                       deliverer: Deliverer) -> None:
    queue, (approved, edited, dismissed, _pending) = _queue(db, receiver)
    _, growth = _queue(db, receiver, team="growth")  # all pending
    queue.approve(approved, "ana")
    queue.edit(edited, "Name one owner for the rollout task today.", "ana")
    queue.dismiss(dismissed, "not relevant", "ana")
    late = growth[0]
    queue.approve(late, "ana")
    queue.dismiss(late, "changed my mind", "bo")  # approved, then dismissed before delivery

    first = deliverer.deliver("platform")
    everyone = deliverer.deliver(None)

    assert (first.feed.sent, first.webhook.sent, first.webhook.failed) == (2, 2, 0)
    assert (everyone.feed.sent, everyone.webhook.sent) == (0, 0)
    assert sorted(t.split("\n")[0] for t in receiver.texts) == [
        "Name one owner for the rollout task today.", "Try a round-robin so every voice is heard."]
    assert sorted(item.nudge_id for item in db.feed("platform")) == sorted([approved, edited])
    assert db.feed("growth") == []
    assert receiver.requests == 2


def test_retry_on_500_then_success_sends_once(db: AppDatabase, receiver: Receiver, deliverer: Deliverer,
                                              sleeps: list[float]) -> None:
    queue, ids = _queue(db, receiver)
    queue.approve(ids[0], "ana")
    receiver.fail_next = 2
    report = deliverer.deliver("platform")
    assert (report.webhook.sent, report.webhook.failed) == (1, 0)
    assert receiver.requests == 3 and len(receiver.bodies) == 1
    assert sleeps == [0.5, 1.0]
    assert db.deliveries(ids[0])["webhook"].attempts == 3


def test_persistent_failure_is_retried_by_the_next_run(db: AppDatabase, receiver: Receiver,
                                                       deliverer: Deliverer) -> None:
    queue, ids = _queue(db, receiver)
    queue.approve(ids[0], "ana")
    queue.approve(ids[1], "ana")
    receiver.fail_next = 4  # the first attempt and all three retries
    failed = deliverer.deliver()
    assert (failed.feed.sent, failed.webhook.sent, failed.webhook.failed) == (2, 0, 2)
    assert receiver.requests == 4  # the second nudge does not wait on a webhook that just failed
    assert "SECRET" not in " ".join(failed.errors) and "HTTP 500" in failed.errors[0]
    assert [db.deliveries(i)["webhook"].status for i in ids[:2]] == ["failed", "failed"]

    again = deliverer.deliver()
    assert (again.feed.skipped, again.webhook.sent, again.webhook.failed) == (2, 2, 0)
    assert len(receiver.bodies) == 2 and len(db.feed("platform")) == 2
    actions = [e.action for e in db.history(ids[0])]
    assert actions == ["created", "approved", "delivered", "delivery_failed", "delivered"]


def test_delivering_twice_sends_nothing_new(db: AppDatabase, receiver: Receiver, deliverer: Deliverer,
                                            database: Database) -> None:
    queue, ids = _queue(db, receiver)
    queue.approve(ids[0], "ana")
    deliverer.deliver("platform")
    second = deliverer.deliver("platform")
    assert (second.feed.sent, second.webhook.sent) == (0, 0)
    assert (second.feed.skipped, second.webhook.skipped) == (1, 1)
    # Another process reads the same ledger.
    other_db, other_transport = AppDatabase(Database(database.url)), HttpxWebhookTransport()
    assert Deliverer(other_db, other_transport).deliver().webhook.sent == 0
    other_db.close()
    other_transport.close()
    assert len(receiver.bodies) == 1 and len(db.feed("platform")) == 1


def test_a_webhook_added_later_does_not_replay_history(db: AppDatabase, receiver: Receiver,
                                                       deliverer: Deliverer) -> None:
    queue, ids = _queue(db, receiver)
    db.set_webhook("platform", None)
    queue.approve(ids[0], "ana")
    assert deliverer.deliver().feed.sent == 1
    db.set_webhook("platform", receiver.url)
    queue.approve(ids[1], "ana")
    report = deliverer.deliver()
    assert (report.feed.sent, report.webhook.sent, report.webhook.skipped) == (1, 1, 1)
    assert len(receiver.bodies) == 1


def test_payload_uses_the_team_vocabulary_and_quotes_evidence(db: AppDatabase, receiver: Receiver,
                                                              deliverer: Deliverer) -> None:
    queue, ids = _queue(db, receiver)
    db.set_vocabulary("platform", Vocabulary(objective="goal", key_result="measure"))
    queue.approve(ids[3], "ana")
    deliverer.deliver("platform")
    text = receiver.texts[0]
    assert text.startswith("Ask what blocks the measure on latency.\n> ")
    assert "key result" not in text
    assert "Priya Raman, 00:01:05" in text and "Let's start with the reliability review." in text
    assert db.feed("platform")[0].text == text


def test_a_delivered_nudge_cannot_be_changed(db: AppDatabase, receiver: Receiver,
                                             deliverer: Deliverer) -> None:
    queue, ids = _queue(db, receiver)
    queue.approve(ids[0], "ana")
    deliverer.deliver()
    with pytest.raises(ValidationError, match="already delivered"):
        queue.dismiss(ids[0], "too late", "ana")
    with pytest.raises(ValidationError, match="already delivered"):
        queue.edit(ids[0], "A different text for the team.", "ana")
    assert queue.get(ids[0]).status == "approved"


def test_timeouts_are_retried(db: AppDatabase, sleeps: list[float]) -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) < 3:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200)

    db.set_webhook("platform", "https://hooks.example.com/services/T0/SECRET")
    queue = ReviewQueue(db)
    queue.approve(queue.submit("platform", TRANSCRIPT, [draft()])[0].id, "ana")
    transport = HttpxWebhookTransport(transport=httpx.MockTransport(handler))
    report = Deliverer(db, transport, retries=2, backoff=0.1, sleep=sleeps.append).deliver()
    assert (report.webhook.sent, report.webhook.failed) == (1, 0)
    assert len(calls) == 3 and sleeps == [0.1, 0.2]
    assert json.loads(calls[-1].content)["text"].startswith("Try a round-robin")
