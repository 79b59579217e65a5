"""The computed key-result state: every state, edge dates, missing baseline, decreasing metrics."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.ritual.state import CheckIn, KrFacts, StateRules, compute_state

START = dt.date(2026, 10, 1)
DUE = dt.date(2026, 12, 31)  # 91 days after START
MID = dt.date(2026, 11, 15)  # 45 days in: the line expects about 49%


def kr(**changes: object) -> KrFacts:
    facts: dict[str, object] = {"id": "KR1", "text": "Raise weekly volunteers from 40 to 60",
                                "direction": "increase", "baseline": 40.0, "target": 60.0,
                                "due": DUE, "unit": "volunteers"}
    facts.update(changes)
    return KrFacts(**facts)  # type: ignore[arg-type]


def at(value: float, day: dt.date, confidence: float | None = None, note: str | None = None) -> CheckIn:
    return CheckIn(value=value, date=day, confidence=confidence, note=note, recorded_by="Ada")


def state_of(facts: KrFacts, *values: CheckIn, today: dt.date = MID) -> tuple[str, str]:
    status = compute_state(facts, values, today=today, cycle_start=START, cycle_end=DUE)
    return status.state, status.explanation


def test_no_baseline_without_values() -> None:
    state, why = state_of(kr(baseline=None))
    assert state == "no_baseline"
    assert "starting point" in why


def test_missing_baseline_takes_the_first_value_as_the_start() -> None:
    facts = kr(baseline=None)
    state, why = state_of(facts, at(40, dt.date(2026, 10, 10)), at(49, MID))
    assert state == "on_track"
    assert "from 40 volunteers" in why


def test_new_when_nothing_recorded_yet() -> None:
    state, why = state_of(kr())
    assert state == "new"
    assert "no check-in value yet" in why


def test_on_track_on_the_straight_line() -> None:
    status = compute_state(kr(), [at(50, MID, 0.7)], today=MID, cycle_start=START, cycle_end=DUE)
    assert status.state == "on_track"
    assert status.progress == pytest.approx(0.5)
    assert status.expected == pytest.approx(45 / 91)
    assert "straight line from 2026-10-01 to 2026-12-31" in status.explanation
    assert "confidence 0.7" in status.explanation


def test_off_track_behind_the_line() -> None:
    state, why = state_of(kr(), at(42, dt.date(2026, 10, 20)), at(44, MID, note="two drivers left"))
    assert state == "off_track"
    assert "behind" in why
    assert '"two drivers left"' in why  # what the last check-in said


def test_off_track_when_moving_the_wrong_way_early() -> None:
    state, why = state_of(kr(), at(38, dt.date(2026, 10, 3)), today=dt.date(2026, 10, 3))
    assert state == "off_track"
    assert "wrong way" in why


def test_stalled_after_three_values_without_movement() -> None:
    days = [dt.date(2026, 10, 20), dt.date(2026, 10, 27), dt.date(2026, 11, 3)]
    state, why = state_of(kr(), *(at(45, d) for d in days))
    assert state == "stalled"
    assert "No movement across the last 3 values" in why


def test_two_flat_values_are_not_yet_a_stall() -> None:
    state, _ = state_of(kr(), at(49, dt.date(2026, 11, 8)), at(49, MID))
    assert state != "stalled"


def test_stall_length_is_a_rule() -> None:
    values = [at(45, dt.date(2026, 10, 20)), at(45, dt.date(2026, 10, 27))]
    status = compute_state(kr(), values, today=MID, cycle_start=START, cycle_end=DUE,
                           rules=StateRules(stall_after=2))
    assert status.state == "stalled"


def test_low_confidence_when_on_track_but_doubted() -> None:
    state, why = state_of(kr(), at(51, MID, confidence=0.2))
    assert state == "low_confidence"
    assert "Confidence is low (0.2)" in why


def test_low_confidence_falls_back_to_the_okr_confidence() -> None:
    state, _ = state_of(kr(confidence=0.3), at(51, MID))
    assert state == "low_confidence"


def test_off_track_outranks_low_confidence() -> None:
    state, _ = state_of(kr(), at(41, MID, confidence=0.1))
    assert state == "off_track"


def test_done_when_the_target_is_reached() -> None:
    state, why = state_of(kr(), at(61, MID))
    assert state == "done"
    assert "target of 60 volunteers" in why


def test_decreasing_metric_on_track_off_track_and_done() -> None:
    waiting = kr(text="Cut average ward discharge wait from 6 to 3 hours", direction="decrease",
                 baseline=6.0, target=3.0, unit="hours")
    assert state_of(waiting, at(4.5, MID))[0] == "on_track"
    assert state_of(waiting, at(5.8, MID))[0] == "off_track"
    assert state_of(waiting, at(6.4, MID))[0] == "off_track"  # went up: the wrong way
    assert state_of(waiting, at(2.9, MID))[0] == "done"


def test_edge_dates_cycle_start_and_due_date() -> None:
    # On the first day the line expects nothing yet, so the baseline itself is on track.
    assert state_of(kr(), at(40, START), today=START)[0] == "on_track"
    # On the due date the line expects the whole way.
    state, _ = state_of(kr(), at(58, DUE), today=DUE)
    assert state == "on_track"  # 90% of the way is within the tolerance of 100%
    state, why = state_of(kr(), at(55, dt.date(2027, 1, 10)), today=dt.date(2027, 1, 10))
    assert state == "off_track"
    assert "due date has passed" in why


def test_due_date_before_cycle_start_does_not_divide_by_zero() -> None:
    state, _ = state_of(kr(due=dt.date(2026, 9, 1)), at(50, MID))
    assert state == "off_track"  # the whole way was due already


def test_values_after_today_are_ignored() -> None:
    state, _ = state_of(kr(), at(61, dt.date(2026, 12, 1)), today=MID)
    assert state == "new"


def test_no_due_date_judges_direction_only() -> None:
    status = compute_state(kr(due=None), [at(43, MID)], today=MID, cycle_start=START)
    assert status.state == "on_track"
    assert "no due date" in status.explanation


def test_no_target_is_new_with_advice_to_agree_one() -> None:
    state, why = state_of(kr(target=None), at(44, MID))
    assert state == "new"
    assert "agree a target" in why


def test_keep_within_limit() -> None:
    churn = kr(text="Keep monthly churn below 3%", direction="keep-within", baseline=2.7, target=3.0,
               unit="percent")
    assert state_of(churn, at(2.9, MID))[0] == "on_track"
    state, why = state_of(churn, at(3.2, MID))
    assert state == "off_track"
    assert "outside the limit of at most 3%" in why
    assert state_of(churn, at(2.8, DUE), today=dt.date(2027, 1, 2))[0] == "done"


def test_snapshot_values_count_and_are_named() -> None:
    snapshot = CheckIn(value=50, date=MID, source="snapshot", note="from the rota system")
    status = compute_state(kr(), [snapshot], today=MID, cycle_start=START, cycle_end=DUE)
    assert status.state == "on_track"
    assert "snapshot 2026-11-15" in status.explanation
