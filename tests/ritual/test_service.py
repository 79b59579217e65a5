"""The ritual service on a real app database and Chroma (hash embedder): check-ins, agenda, ledger,
learnings cited by later suggestions and invisible to another team."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.errors import ForbiddenError, NotFoundError, ValidationError
from coach.identity import Principal
from coach.okr import KeyResult
from coach.ritual.ledger import ExperimentUpdate
from coach.ritual.records import MetricValue, TeamKeyResult
from coach.ritual.service import Ritual
from coach.ritual.sql import SqlRitualStore
from coach.service import Coach
from tests.conftest import CORPUS

TODAY = dt.date(2026, 11, 20)
WAIT = KeyResult(id="KR1", text="Cut average discharge wait from 6 to 3 hours by 2026-12-31",
                 metric="discharge wait", unit="hours", direction="decrease", baseline=6, target=3,
                 due=dt.date(2026, 12, 31), owner="Ama Owusu")
FALLS = KeyResult(id="KR2", text="Reduce patient falls from 9 to 4 per month by 2026-12-31", metric="patient falls",
                  unit="falls per month", direction="decrease", baseline=9, target=4,
                  due=dt.date(2026, 12, 31), owner="Yuki Sato")


class WardData:
    """TeamData for two wards, in memory (the app database adapter is tested with the repository)."""

    def __init__(self, meeting: Path | None = None) -> None:
        self.meeting = meeting

    def key_results(self, team: str) -> list[TeamKeyResult]:
        return [TeamKeyResult(WAIT, "Patients go home sooner", ("Nurse-led discharge on weekends",)),
                TeamKeyResult(FALLS, "Safer nights")] if team in ("ward7", "ward9") else []

    def cycle(self, team: str) -> tuple[dt.date | None, dt.date | None]:
        return dt.date(2026, 10, 1), dt.date(2026, 12, 31)

    def metric_history(self, team: str, metric: str) -> list[MetricValue]:
        if team == "ward7" and metric == "patient falls":
            return [MetricValue("patient falls", 9, "falls per month", dt.date(2026, 10, 31), "incident log")]
        return []

    def last_meeting(self, team: str) -> Path | None:
        return self.meeting


@pytest.fixture
def ritual(coach: Coach, tmp_path: Path) -> Ritual:
    assert coach.ingest([CORPUS / "practices"]).errors == []
    meeting = tmp_path / "2026-11-13-weekly.txt"
    meeting.write_text("# Attendees: Ama Owusu, Yuki Sato\n[00:00:05] Ama Owusu: Discharge wait is 5.4 hours.\n"
                       "[00:00:20] Ama Owusu: Porters are the hold-up for discharge wait.\n", encoding="utf-8")
    return Ritual(coach, WardData(meeting), SqlRitualStore(coach.database), today=lambda: TODAY)


AMA = Principal(team="ward7", user="ama", role="member")


def test_check_ins_compute_the_state(ritual: Ritual) -> None:
    for day, value in ((dt.date(2026, 10, 20), "5.9"), (dt.date(2026, 11, 3), "5.8 hours")):
        ritual.record_checkin(AMA, "KR1", value, confidence=0.5, on=day)
    stored, tracked = ritual.record_checkin(AMA, "KR1", 5.7, note="porters short", on=dt.date(2026, 11, 17))
    assert stored.recorded_by == "ama" and stored.team == "ward7" and stored.unit == "hours"
    assert tracked.status is not None and tracked.status.state == "off_track"
    assert '"porters short"' in tracked.status.explanation


def test_a_snapshot_counts_as_a_value(ritual: Ritual) -> None:
    falls = next(k for k in ritual.tracked("ward7") if k.facts.id == "KR2")
    assert [c.source for c in falls.history] == ["snapshot"] and falls.status is not None
    assert "snapshot 2026-10-31" in falls.status.explanation


def test_bad_check_ins_are_refused_with_the_fix(ritual: Ritual) -> None:
    with pytest.raises(NotFoundError, match="no key result 'KR9'; its key results: KR1, KR2"):
        ritual.record_checkin(AMA, "KR9", 5)
    with pytest.raises(ValidationError, match="in 'minutes' but KR1 is measured in hours"):
        ritual.record_checkin(AMA, "KR1", "300 minutes")
    with pytest.raises(ValidationError, match="in the future"):
        ritual.record_checkin(AMA, "KR1", 5, on=TODAY + dt.timedelta(days=1))
    assert ritual.store.checkins("ward7") == []  # nothing half-stored


def test_agenda_orders_asks_and_facilitates(ritual: Ritual) -> None:
    for day in (dt.date(2026, 10, 20), dt.date(2026, 11, 3), dt.date(2026, 11, 17)):
        ritual.record_checkin(AMA, "KR1", 5.9, on=day)
    agenda = ritual.prepare(AMA)
    assert [(i.kr_id, i.state) for i in agenda.items] == [("KR2", "off_track"), ("KR1", "stalled")]
    stalled = agenda.items[1]
    assert stalled.idea is not None and stalled.idea.text.startswith("We believe") and stalled.idea.citations
    assert "discharge wait" in stalled.idea.text
    assert "Yuki Sato's key result" in " ".join(agenda.facilitation)  # falls got no airtime last time
    assert agenda.round[0] == "Yuki Sato"


def test_agenda_idea_reads_the_check_in_notes(ritual: Ritual) -> None:
    notes = ("porters arrive late", "beds wait for the porter after lunch", "porters still the hold-up")
    for day, note in zip((dt.date(2026, 10, 20), dt.date(2026, 11, 3), dt.date(2026, 11, 17)), notes, strict=True):
        ritual.record_checkin(AMA, "KR1", 5.9, note=note, on=day)
    stalled = next(i for i in ritual.prepare(AMA).items if i.kr_id == "KR1")
    assert stalled.idea is not None and stalled.idea.kind == "experiment" and stalled.idea.practice_id
    # The notes are the idea's situation, and its evidence quotes them (this fixture's coach does not
    # track ward7's key results itself, so they arrive as the request's context; where it does, each
    # quoted check-in is cited as its own record: tests/skills/test_experiment_evidence.py).
    assert any(f'"{n}"' in stalled.idea.text for n in notes), stalled.idea.text


def test_ledger_learning_is_cited_later_and_stays_in_the_team(ritual: Ritual, coach: Coach) -> None:
    entry = ritual.add_experiment(AMA, "KR1", "We believe a porter on call from 10:00 will move discharge "
                                  "wait down because porters are the hold-up", "two weeks on one bay")
    ritual.update_experiment(AMA, entry.id, ExperimentUpdate("running"))
    done = ritual.update_experiment(AMA, entry.id, ExperimentUpdate(
        "done", "wait fell on the bay with the porter", "a named porter in the morning cuts discharge wait"))
    assert (done.status, done.ended_on, done.updated_by) == ("done", TODAY, "ama")
    agenda = ritual.prepare(AMA)
    assert [r.experiment_id for r in agenda.learnings] == [entry.id]
    assert ritual.prepare(AMA).learnings == []  # shown once
    later = coach.suggest("experiments", {"key_result": WAIT.text, "kr_id": "KR1"}, "ward7", today=TODAY)
    assert 'on 2026-11-20 the team learned: "a named porter in the morning cuts discharge wait"' \
        in later.items[0].hypothesis
    assert any(c.source == f"experiments/{entry.id}" for c in later.items[0].citations)
    other = coach.suggest("experiments", {"key_result": WAIT.text, "kr_id": "KR1"}, "ward9", today=TODAY)
    assert all("learned" not in i.hypothesis for i in other.items)
    assert not coach.search("named porter morning discharge wait", "ward9", 20, kinds=["learning"])


def test_another_team_cannot_touch_the_ledger(ritual: Ritual) -> None:
    entry = ritual.add_experiment(AMA, "KR1", "We believe a discharge lounge will move discharge wait down "
                                  "because beds free earlier")
    other = Principal(team="ward9", user="zed", role="admin")
    with pytest.raises(NotFoundError, match="team 'ward9' has no experiment"):
        ritual.update_experiment(other, entry.id, ExperimentUpdate("running"))
    assert ritual.experiments(other) == [] and len(ritual.experiments(AMA, "KR1")) == 1


def test_roles_and_ledger_rules(ritual: Ritual) -> None:
    with pytest.raises(ValidationError, match="add the experiment first"):
        ritual.add_experiment(AMA, "KR1", "We believe something will move discharge wait", status="done")
    with pytest.raises(ValidationError, match="too short"):
        ritual.add_experiment(AMA, "KR1", "faster")
    assert Principal(team="ward7", user="c", role="coach").can("suggest")  # every role may record
    with pytest.raises(ForbiddenError):
        Principal(team="ward7", user="c", role="coach").require("admin")
