"""Check-ins and the ledger on the app database, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from coach.db import Database
from coach.ritual.sql import SqlRitualStore

DAY = dt.date(2026, 11, 20)


def test_checkins_are_kept_per_team_and_key_result(database: Database) -> None:
    store = SqlRitualStore(database)
    store.add_checkin("ward7", "KR1", 5.5, "hours", 0.6, "two porters off sick", DAY, "ama")
    store.add_checkin("ward7", "KR1", 5.0, "hours", None, None, DAY + dt.timedelta(days=7), "ben")
    store.add_checkin("ward7", "KR2", 12, "falls", 0.4, None, DAY, "ama")
    store.add_checkin("ward9", "KR1", 9, "hours", None, None, DAY, "zed")
    kept = store.checkins("ward7", "KR1")
    assert [(c.value, c.recorded_by, c.note) for c in kept] == [(5.5, "ama", "two porters off sick"),
                                                                (5.0, "ben", None)]
    assert len(store.checkins("ward7")) == 3 and [c.value for c in store.checkins("ward9")] == [9]


def test_the_ledger_keeps_every_step_and_never_leaks_across_teams(database: Database) -> None:
    store = SqlRitualStore(database)
    added = store.add_experiment("ward7", "KR1", "We believe a discharge checklist will move wait down "
                                 "because letters are late", "one bay for two weeks", "planned", DAY, "ama")
    assert store.experiment("ward9", added.id) is None  # another team's id is not found
    done = dataclasses.replace(added, status="done", result="wait fell in bay 2", learning="letters drive it",
                               started_on=DAY, ended_on=DAY + dt.timedelta(days=14), updated_by="ben")
    store.save_experiment(done)
    again = store.experiment("ward7", added.id)
    assert again == dataclasses.replace(done, reviewed_on=None)
    assert store.experiments("ward7", "KR1") == [again] and store.experiments("ward9") == []
