"""The review queue: submission, the approve / edit / dismiss transitions and their audit trail."""

from __future__ import annotations

import pytest

from coach.appdb import AppDatabase, EventInput
from coach.db import Database
from coach.errors import ConfigError, NotFoundError, ValidationError
from coach.review import ReviewQueue
from tests.review import Clock, draft

TRANSCRIPT = "checkins/2026-03-02.vtt"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(database: Database, clock: Clock) -> ReviewQueue:
    return ReviewQueue(AppDatabase(database, clock=clock))


def _one(queue: ReviewQueue) -> str:
    return queue.submit("platform", TRANSCRIPT, [draft()])[0].id


def test_submit_queues_pending_nudges_with_stable_ids(queue: ReviewQueue) -> None:
    nudges = queue.submit("platform", TRANSCRIPT, [draft(), draft("Name an owner for the rollout task.",
                                                                  kind="missing_owner", line=9)])
    assert [n.status for n in nudges] == ["pending", "pending"]
    assert len({n.id for n in nudges}) == 2 and all(len(n.id) == 12 for n in nudges)
    assert queue.get(nudges[0].id).evidence[0].speaker == "Priya Raman"
    assert [e.action for e in queue.history(nudges[0].id)] == ["created"]


def test_resubmitting_a_transcript_does_not_duplicate(queue: ReviewQueue) -> None:
    first = queue.submit("platform", TRANSCRIPT, [draft(), draft()])
    queue.approve(first[0].id, actor="ana")
    again = queue.submit("platform", TRANSCRIPT, [draft()])
    assert len(first) == 1 and [n.id for n in again] == [first[0].id]
    assert again[0].status == "approved"
    assert len(queue.list("platform")) == 1
    assert [e.action for e in queue.history(first[0].id)] == ["created", "approved"]
    other = queue.submit("growth", TRANSCRIPT, [draft()])
    assert other[0].id != first[0].id


def test_approve_records_who_and_when(queue: ReviewQueue, clock: Clock) -> None:
    nudge_id = _one(queue)
    clock.advance(minutes=5)
    assert queue.approve(nudge_id, actor="ana").status == "approved"
    event = queue.history(nudge_id)[-1]
    assert (event.action, event.actor, event.team) == ("approved", "ana", "platform")
    assert event.at == "2026-03-02T09:05:00.000000+00:00"


def test_edit_keeps_before_and_after(queue: ReviewQueue) -> None:
    nudge_id = _one(queue)
    before = queue.get(nudge_id).text
    edited = queue.edit(nudge_id, "  Ask Sam for his view before the team decides.  ", actor="ana")
    assert (edited.status, edited.text) == ("edited", "Ask Sam for his view before the team decides.")
    event = queue.history(nudge_id)[-1]
    assert (event.action, event.actor, event.before_text, event.after_text) == (
        "edited", "ana", before, edited.text)


def test_edit_rejects_blank_short_or_unchanged_text(queue: ReviewQueue) -> None:
    nudge_id = _one(queue)
    for text in ("", "   ", "Too short"):
        with pytest.raises(ValidationError, match="too short"):
            queue.edit(nudge_id, text, actor="ana")
    with pytest.raises(ValidationError, match="unchanged"):
        queue.edit(nudge_id, queue.get(nudge_id).text, actor="ana")
    assert queue.get(nudge_id).status == "pending"
    assert [e.action for e in queue.history(nudge_id)] == ["created"]


def test_dismiss_needs_a_reason_and_is_final(queue: ReviewQueue) -> None:
    nudge_id = _one(queue)
    with pytest.raises(ValidationError, match="needs a reason"):
        queue.dismiss(nudge_id, "  ", actor="ana")
    assert queue.dismiss(nudge_id, "wrong speaker", actor="ana").status == "dismissed"
    event = queue.history(nudge_id)[-1]
    assert (event.action, event.actor, event.reason) == ("dismissed", "ana", "wrong speaker")
    with pytest.raises(ValidationError, match="final"):
        queue.approve(nudge_id, actor="ana")
    with pytest.raises(ValidationError, match="final"):
        queue.edit(nudge_id, "Ask Sam for his view before deciding.", actor="ana")
    with pytest.raises(ValidationError, match="final"):
        queue.dismiss(nudge_id, "again", actor="ana")
    assert queue.get(nudge_id).status == "dismissed"


def test_allowed_transitions_before_delivery(queue: ReviewQueue) -> None:
    nudge_id = _one(queue)
    queue.approve(nudge_id, actor="ana")
    with pytest.raises(ValidationError, match="already approved"):
        queue.approve(nudge_id, actor="ana")
    queue.edit(nudge_id, "Ask Sam for his view before deciding.", actor="ana")
    queue.edit(nudge_id, "Ask Sam and Lee for their views before deciding.", actor="bo")
    assert queue.approve(nudge_id, actor="ana").status == "approved"
    assert queue.dismiss(nudge_id, "covered in the retro", actor="bo").status == "dismissed"
    assert [e.action for e in queue.history(nudge_id)] == [
        "created", "approved", "edited", "edited", "approved", "dismissed"]


def test_unknown_ids_say_how_to_find_real_ones(queue: ReviewQueue) -> None:
    for call in (lambda: queue.get("nope"), lambda: queue.approve("nope", "ana"),
                 lambda: queue.dismiss("nope", "x", "ana"), lambda: queue.history("nope")):
        with pytest.raises(NotFoundError, match="coach review list"):
            call()


def test_list_filters_by_team_and_status(queue: ReviewQueue) -> None:
    platform = _one(queue)
    queue.submit("growth", TRANSCRIPT, [draft()])
    queue.approve(platform, actor="ana")
    assert [n.id for n in queue.list("platform", "approved")] == [platform]
    assert queue.list("platform", "pending") == []
    assert {n.team for n in queue.list()} == {"platform", "growth"}
    assert [n.team for n in queue.list(status="pending")] == ["growth"]


def test_a_change_that_lost_a_race_is_refused(queue: ReviewQueue) -> None:
    nudge_id = _one(queue)
    stale = queue.get(nudge_id)
    queue.dismiss(nudge_id, "duplicate", actor="bo")
    assert not queue.db.change_nudge(nudge_id, stale.status, "approved", stale.text,
                                     EventInput("ana", "approved"))
    assert queue.get(nudge_id).status == "dismissed"


def test_invalid_team_name_is_rejected(queue: ReviewQueue) -> None:
    with pytest.raises(ConfigError, match="invalid team name"):
        queue.submit("Bad Team", TRANSCRIPT, [draft()])
