"""The review queue: submission, the approve / edit / dismiss transitions and their audit trail."""

from __future__ import annotations

import pytest

from coach.appdb import AppDatabase, EventInput
from coach.db import Database
from coach.errors import ConfigError, NotFoundError, ValidationError
from coach.meetings.models import NudgeDraft
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


def _meeting_drafts() -> list[NudgeDraft]:
    return [draft("Try a round-robin so every voice is heard.", kind="talk_balance", line=12),
            draft("Consider keeping the specific thanks given here.", kind="positive", line=3),
            draft("Do name an owner for the rota change.", kind="missing_owner", line=20),
            draft("Consider a private word about weekend work.", kind="wellbeing", line=30),
            draft("Do name an owner for the supplier call.", kind="missing_owner", line=8),
            draft("Do close the open question about cover.", kind="unresolved_question", line=15)]


def test_the_queue_orders_a_meeting_by_severity_then_time_the_same_on_every_run(
        database: Database, clock: Clock) -> None:
    expected = [("wellbeing", 30), ("missing_owner", 8), ("missing_owner", 20), ("unresolved_question", 15),
                ("talk_balance", 12), ("positive", 3)]
    orders = []
    for copy, shuffle in enumerate(([0, 1, 2, 3, 4, 5], [5, 3, 1, 0, 4, 2], [2, 4, 0, 5, 1, 3])):
        queue = ReviewQueue(AppDatabase(database, clock=clock))
        drafts = _meeting_drafts()
        # The same meeting from another copy of the file: ids differ, the order must not.
        transcript = f"/tmp/copy-{copy}/checkins/2026-03-02.vtt"
        submitted = queue.submit("platform", transcript, [drafts[i] for i in shuffle])
        listed = [n for n in queue.list("platform") if n.transcript == transcript]
        assert [(n.kind, n.evidence[0].line) for n in submitted] == expected
        orders.append([(n.kind, n.evidence[0].line) for n in listed])
    assert orders == [expected] * 3


def test_an_older_meeting_is_reviewed_before_a_newer_one(queue: ReviewQueue, clock: Clock) -> None:
    queue.submit("platform", "checkins/b-newer.vtt", [draft("Try a round-robin for the updates.", line=2)])
    clock.advance(minutes=-30)
    queue.submit("platform", "checkins/a-older.vtt", [draft("Do name an owner for the rota.", kind="missing_owner")])
    assert [n.transcript for n in queue.list("platform")] == ["checkins/a-older.vtt", "checkins/b-newer.vtt"]
