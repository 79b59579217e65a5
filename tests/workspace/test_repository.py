"""TeamRepository on SQLite and PostgreSQL: imports are idempotent, changes replace, removals go."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.db import Database
from coach.errors import NotFoundError
from coach.okr import KeyResult, Objective, OkrSet
from coach.vocabulary import Vocabulary
from coach.workspace import Cycle, Member, MetricSnapshot, TeamConfig, TeamRepository

FILE = "/teams/harbour/okrs.yaml"


def _okrs(*objectives: Objective, cycle: str = "2026-Q4") -> OkrSet:
    return OkrSet(cycle=cycle, objectives=list(objectives))


TURNAROUND = Objective(id="O1", title="Turn ships around faster", owner="Imogen Vale",
                       initiatives=["Pre-book crane crews"],
                       key_results=[KeyResult(id="KR1.1", text="Cut turnaround from 30 to 22 hours",
                                              metric="turnaround", unit="hours", direction="decrease",
                                              baseline=30, target=22,
                                              due=dt.date(2026, 12, 31), owner="Rafael Ortiz", confidence=0.55),
                                    KeyResult(id="KR1.2", text="Run the rota pilot")])
NIGHTS = Objective(id="O2", title="Make night shifts sustainable",
                   key_results=[KeyResult(text="Raise night-shift retention from 70% to 85%")])


@pytest.fixture
def repo(database: Database) -> TeamRepository:
    return TeamRepository(database)


def test_okrs_import_once_update_on_change_and_drop_what_the_file_dropped(repo: TeamRepository) -> None:
    assert repo.import_okrs("harbour", FILE, _okrs(TURNAROUND, NIGHTS)) == "added"
    assert repo.import_okrs("harbour", FILE, _okrs(TURNAROUND, NIGHTS)) == "unchanged"
    stored = repo.okrs("harbour")
    assert len(stored) == 1 and stored[0].file == FILE
    assert stored[0].okrs == _okrs(TURNAROUND, NIGHTS).model_copy(update={"team": "harbour"})
    fewer = TURNAROUND.model_copy(update={"key_results": TURNAROUND.key_results[:1]})
    assert repo.import_okrs("harbour", FILE, _okrs(fewer)) == "updated"
    objectives = repo.okrs("harbour")[0].okrs.objectives
    assert [o.id for o in objectives] == ["O1"] and [k.id for k in objectives[0].key_results] == ["KR1.1"]
    assert repo.okrs("other") == []


def test_okr_sets_are_kept_per_file_newest_cycle_first(repo: TeamRepository) -> None:
    repo.import_okrs("harbour", "/old.yaml", _okrs(NIGHTS, cycle="2026-Q3"))
    repo.import_okrs("harbour", FILE, _okrs(TURNAROUND, cycle="2026-Q4"))
    repo.import_okrs("harbour", "/undated.yaml", OkrSet(objectives=[NIGHTS]))  # no cycle: listed last
    assert [s.okrs.cycle for s in repo.okrs("harbour")] == ["2026-Q4", "2026-Q3", None]
    repo.forget_file("harbour", "/undated.yaml")
    repo.forget_file("harbour", FILE)
    assert [s.file for s in repo.okrs("harbour")] == ["/old.yaml"]


def _snapshot(metric: str, value: float, day: int, line: int, notes: str | None = None) -> MetricSnapshot:
    return MetricSnapshot(metric, value, "hours", dt.date(2026, 10, day), "terminal log", notes, line=line)


def test_metrics_latest_history_and_reimport(repo: TeamRepository) -> None:
    rows = [_snapshot("berth turnaround", 31, 1, 2), _snapshot("berth turnaround", 29.5, 31, 3, "after rebooking"),
            _snapshot("crane idle time", 4, 15, 4)]
    assert repo.import_metrics("harbour", "/m.csv", rows) == "added"
    assert repo.import_metrics("harbour", "/m.csv", rows) == "unchanged"
    latest = repo.latest_metrics("harbour")
    assert [(s.metric, s.value, s.as_of.day, s.notes, s.file) for s in latest] == [
        ("berth turnaround", 29.5, 31, "after rebooking", "/m.csv"), ("crane idle time", 4.0, 15, None, "/m.csv")]
    assert [s.value for s in repo.metric_history("harbour", "Berth Turnaround ")] == [31.0, 29.5]
    assert repo.import_metrics("harbour", "/m.csv", rows[:1]) == "updated"
    assert [s.metric for s in repo.latest_metrics("harbour")] == ["berth turnaround"]
    repo.forget_file("harbour", "/m.csv")
    assert repo.latest_metrics("harbour") == [] and not repo.has_file("harbour", "/m.csv")


Q4 = Cycle("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
CONFIG = TeamConfig(display_name="Harbour Operations", cycle=Q4,
                    members=(Member("Imogen Vale", "Operations lead"), Member("Rafael Ortiz", "Berth planner")),
                    vocabulary=Vocabulary(objective="aim"), retention_days=120)


def test_team_config_sets_the_team_and_its_members(repo: TeamRepository) -> None:
    assert repo.team("harbour") is None
    with pytest.raises(NotFoundError, match="coach team create harbour"):
        repo.require_team("harbour")
    assert repo.apply_team_config("harbour", CONFIG) == "updated"
    assert repo.apply_team_config("harbour", CONFIG) == "unchanged"
    team = repo.require_team("harbour")
    assert (team.display_name, team.vocabulary.objective, team.retention_days) == ("Harbour Operations", "aim", 120)
    assert team.cycle is not None and team.cycle.as_text() == "2026-Q4 (2026-10-01 to 2026-12-31)"
    assert [m.display_name for m in repo.members("harbour")] == ["Imogen Vale", "Rafael Ortiz"]
    renamed = TeamConfig(None, None, (Member("Keiko Tanaka", "Safety officer"),), Vocabulary(objective="goal"), 30)
    assert repo.apply_team_config("harbour", renamed, settings=False) == "updated"
    team = repo.require_team("harbour")
    assert (team.vocabulary.objective, team.retention_days) == ("aim", 120)  # settings left alone
    assert [m.display_name for m in repo.members("harbour")] == ["Keiko Tanaka"]


def test_create_team(repo: TeamRepository) -> None:
    assert repo.create_team("harbour") is True
    assert repo.create_team("harbour") is False
    assert repo.teams() == ["harbour"] and repo.vocabulary("harbour") == Vocabulary()


def test_meetings_are_the_transcripts_the_review_flow_recorded(database: Database) -> None:
    from coach.appdb import AppDatabase

    AppDatabase(database).record_transcript("harbour", "/teams/harbour/checkins/2026-11-03-weekly.txt")
    meetings = TeamRepository(database).meetings("harbour")
    assert [(m.team, m.name) for m in meetings] == [("harbour", "2026-11-03-weekly.txt")]
