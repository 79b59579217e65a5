"""The app database: team settings and the retention purge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coach.appdb import AppDatabase, EventInput
from coach.db import Database
from coach.errors import ValidationError
from coach.meetings.models import Nudge
from coach.review import ReviewQueue
from coach.vocabulary import Vocabulary
from tests.review import Clock, draft


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(database: Database, clock: Clock) -> AppDatabase:
    return AppDatabase(database, clock=clock)


def test_team_settings_default_and_round_trip(db: AppDatabase, database: Database) -> None:
    default = db.get_team("platform")
    assert (default.vocabulary.is_default, default.webhook_url, default.retention_days) == (True, None, None)
    db.set_vocabulary("growth", Vocabulary(objective="goal", key_result="measure"))
    db.set_webhook("growth", "https://hooks.example.com/services/T0/B1")
    db.set_retention("growth", 90)
    db.close()
    reopened = AppDatabase(Database(database.url)).get_team("growth")
    assert reopened.vocabulary == Vocabulary(objective="goal", key_result="measure")
    assert (reopened.webhook_url, reopened.retention_days) == ("https://hooks.example.com/services/T0/B1", 90)


def test_settings_can_be_cleared_and_teams_listed(db: AppDatabase) -> None:
    db.set_webhook("growth", "http://127.0.0.1:9000/hook")
    db.set_webhook("growth", None)
    db.set_retention("growth", None)
    ReviewQueue(db).submit("platform", "checkins/a.vtt", [draft()])
    assert db.get_team("growth").webhook_url is None
    assert db.teams() == ["growth", "platform"]


@pytest.mark.parametrize("url", ["hooks.slack.com/services/x", "ftp://example.com/hook", "https://",
                                 "https:///path-only", "javascript:alert(1)"])
def test_invalid_webhook_url_is_rejected(db: AppDatabase, url: str) -> None:
    with pytest.raises(ValidationError, match="http:// or https:// address with a host"):
        db.set_webhook("platform", url)
    assert db.get_team("platform").webhook_url is None


def test_retention_must_be_positive(db: AppDatabase) -> None:
    with pytest.raises(ValidationError, match="at least 1 day"):
        db.set_retention("platform", 0)


def _submit(queue: ReviewQueue, team: str, transcript: str, text: str) -> Nudge:
    return queue.submit(team, transcript, [draft(text)])[0]


def _deliver(db: AppDatabase, nudge_id: str) -> None:
    assert db.post_to_feed(nudge_id, db.get_nudge(nudge_id).text, "test")  # type: ignore[union-attr]
    db.mark_resolved(nudge_id)


def test_purge_removes_only_resolved_old_data(db: AppDatabase, clock: Clock) -> None:
    queue = ReviewQueue(db)
    pending = _submit(queue, "platform", "checkins/old.vtt", "Old pending nudge stays put.")
    dismissed = _submit(queue, "platform", "checkins/old.vtt", "Old dismissed nudge goes away.")
    delivered = _submit(queue, "platform", "checkins/old.vtt", "Old delivered nudge goes away.")
    undelivered = _submit(queue, "platform", "checkins/old.vtt", "Approved, not delivered, stays.")
    growth = _submit(queue, "growth", "checkins/old.vtt", "Another team's dismissed nudge.")
    queue.dismiss(dismissed.id, "off topic", "ana")
    queue.approve(delivered.id, "ana")
    _deliver(db, delivered.id)
    queue.approve(undelivered.id, "ana")
    queue.dismiss(growth.id, "off topic", "ana")
    clock.advance(days=40)
    recent = _submit(queue, "platform", "checkins/new.vtt", "Recently dismissed nudge stays.")
    queue.dismiss(recent.id, "duplicate", "ana")

    report = db.purge("platform", older_than=clock.now - timedelta(days=30))

    assert report.nudges == 2 and report.transcripts == ["checkins/old.vtt"]
    remaining = {n.id for n in queue.list()}
    assert remaining == {pending.id, undelivered.id, growth.id, recent.id}
    assert db.feed("platform") == [] and db.deliveries(delivered.id) == {}
    trail = db.history(dismissed.id)
    assert [e.action for e in trail] == ["created", "dismissed", "purged"]
    assert all(e.before_text is None and e.after_text is None and e.reason is None for e in trail)
    assert [e.actor for e in trail[:2]] == ["coach", "ana"]
    assert db.history(recent.id)[-1].reason == "duplicate"
    assert db.purge("platform", older_than=clock.now - timedelta(days=30)).nudges == 0
    assert db.purge("growth", older_than=clock.now - timedelta(days=30)).transcripts == ["checkins/old.vtt"]


def test_feed_insert_refuses_unapproved_nudges(db: AppDatabase) -> None:
    nudge = _submit(ReviewQueue(db), "platform", "checkins/a.vtt", "Pending nudge is never posted.")
    assert not db.post_to_feed(nudge.id, nudge.text, "test")
    assert db.feed("platform") == [] and db.deliveries(nudge.id) == {}


def test_adding_an_existing_nudge_changes_nothing(db: AppDatabase) -> None:
    nudge = _submit(ReviewQueue(db), "platform", "checkins/a.vtt", "Stored once, never twice.")
    assert db.change_nudge(nudge.id, "pending", "approved", nudge.text, EventInput("ana", "approved"))
    assert not db.add_nudge(nudge, "coach")
    assert db.get_nudge(nudge.id).status == "approved"  # type: ignore[union-attr]
    assert [e.action for e in db.history(nudge.id)] == ["created", "approved"]


def test_a_delivered_nudge_cannot_change_status(db: AppDatabase) -> None:
    nudge = _submit(ReviewQueue(db), "platform", "checkins/a.vtt", "Delivered text is frozen.")
    assert db.change_nudge(nudge.id, "pending", "approved", nudge.text, EventInput("ana", "approved"))
    _deliver(db, nudge.id)
    assert not db.change_nudge(nudge.id, "approved", "dismissed", nudge.text,
                               EventInput("ana", "dismissed", reason="late"))
    assert db.get_nudge(nudge.id).status == "approved"  # type: ignore[union-attr]
