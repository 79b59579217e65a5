"""The agenda (order, questions, ideas, facilitation from the last meeting) and the ledger rules."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.errors import ValidationError
from coach.meetings.dynamics import analyse
from coach.ritual.agenda import AgendaIdea, LastMeeting, build_agenda
from coach.ritual.hooks import TrackedKr
from coach.ritual.ledger import ExperimentRecord, ExperimentUpdate, apply_update
from coach.ritual.state import CheckIn, KrFacts, compute_state
from coach.skills.registry import SKILLS
from coach.transcripts import parse_transcript

TODAY = dt.date(2026, 11, 20)
START, DUE = dt.date(2026, 10, 1), dt.date(2026, 12, 31)


def tracked(kr_id: str, text: str, owner: str, *values: float, baseline: float | None = 10.0) -> TrackedKr:
    facts = KrFacts(kr_id, text, "increase", baseline, 20.0, DUE, "visits")
    history = tuple(CheckIn(v, dt.date(2026, 11, 1) + dt.timedelta(days=7 * i), 0.6) for i, v in enumerate(values))
    status = compute_state(facts, history, today=TODAY, cycle_start=START)
    return TrackedKr(facts=facts, owner=owner, status=status, history=history)


KRS = [
    tracked("KR1", "Raise home visits per nurse from 10 to 20", "Ama", 16, 17),        # on track
    tracked("KR2", "Raise family carer calls from 10 to 20", "Yuki", 11, 11, 11),      # stalled
    tracked("KR3", "Raise discharge letters sent same day from 10 to 20", "Ben", 10.5),  # off track
    tracked("KR4", "Raise volunteer drivers from 10 to 20", "Ama", baseline=None),       # no baseline
]
MEETING = """# Attendees: Ama, Yuki, Ben
[00:00:05] Ama: Home visits per nurse were 17 last week. That is up from 16.
[00:00:15] Ben: Discharge letters went out same day 10 times. Still flat.
[00:00:25] Ama: Volunteer drivers are hard to count, nobody has the list.
[00:00:35] Ben: The letters need the consultant to sign them, that is the hold-up.
[00:00:50] Ama: Thanks, let's wrap up.
"""


def last_meeting() -> LastMeeting:
    transcript = parse_transcript(MEETING)
    return LastMeeting("2026-11-13-weekly.txt", transcript, analyse(transcript))


def test_items_are_ordered_by_need_with_questions_and_ideas() -> None:
    idea = AgendaIdea(kind="experiment", text="We believe …", stance="try")
    agenda = build_agenda("nursing", TODAY, KRS, [], {"KR2": idea, "KR1": idea}, None)
    assert [i.kr_id for i in agenda.items] == ["KR3", "KR2", "KR4", "KR1"]
    assert [i.state for i in agenda.items] == ["off_track", "stalled", "no_baseline", "on_track"]
    assert agenda.items[1].idea == idea and agenda.items[3].idea is None  # ideas only where stuck
    assert "family carer calls" in agenda.items[1].questions[0].lower()
    assert 1 <= len(agenda.items[0].questions) <= 2 and "Ben" in agenda.items[0].questions[0]
    assert "No earlier check-in transcript" in agenda.facilitation[-1]


def test_facilitation_comes_from_the_last_meeting() -> None:
    agenda = build_agenda("nursing", TODAY, KRS, [], {}, last_meeting())
    notes = " ".join(agenda.facilitation)
    assert "Yuki's key result \"Raise family carer calls from 10 to 20\" got no airtime" in notes
    assert "Ben's key result" not in notes  # discharge letters were discussed
    assert agenda.round[0] == "Yuki" and set(agenda.round) == {"Ama", "Yuki", "Ben"}


def test_status_read_aloud_becomes_numbers_in_writing() -> None:
    readout = "\n".join(f"[00:00:{10 + 5 * i:02d}] {name}: {metric} is {n} this week, target 20."
                        for i, (name, metric, n) in enumerate([("Ama", "Visits", 17), ("Ben", "Letters", 10),
                                                               ("Yuki", "Calls", 11), ("Ama", "Drivers", 4)]))
    transcript = parse_transcript(f"# Attendees: Ama, Yuki, Ben\n{readout}\n")
    agenda = build_agenda("nursing", TODAY, KRS, [], {}, LastMeeting("m", transcript, analyse(transcript)))
    assert any("in writing before the meeting" in n for n in agenda.facilitation)


def record(**changes: object) -> ExperimentRecord:
    values: dict[str, object] = dict(id=1, team="nursing", kr_id="KR2", hypothesis="We believe …", test=None,
                                     status="planned", result=None, learning=None, created_on=START,
                                     started_on=None, ended_on=None, recorded_by="Ama", updated_by="Ama")
    values.update(changes)
    return ExperimentRecord(**values)  # type: ignore[arg-type]


def test_finished_experiments_are_reviewed_on_the_agenda() -> None:
    done = record(status="done", result="calls rose to 14", learning="evening calls reach more carers")
    agenda = build_agenda("nursing", TODAY, KRS, [done], {}, None)
    assert agenda.learnings[0].learning == "evening calls reach more carers"
    assert agenda.learnings[0].question.startswith("What did we learn")


def test_ledger_moves_on_with_dates_and_who() -> None:
    running = apply_update(record(), ExperimentUpdate("running"), today=TODAY, user="Ben")
    assert running.started_on == TODAY and running.updated_by == "Ben" and running.recorded_by == "Ama"
    done = apply_update(running, ExperimentUpdate("done", "rose to 14", "evening calls work"),
                        today=TODAY + dt.timedelta(days=7), user="Yuki")
    assert (done.started_on, done.ended_on, done.learning) == (TODAY, TODAY + dt.timedelta(days=7),
                                                               "evening calls work")


def test_ledger_refuses_reopening_and_early_learnings() -> None:
    with pytest.raises(ValidationError, match=r"cannot become running .* add a new experiment"):
        apply_update(record(status="done"), ExperimentUpdate("running"), today=TODAY, user="Ben")
    with pytest.raises(ValidationError, match="a learning belongs to a finished experiment"):
        apply_update(record(), ExperimentUpdate("running", learning="too soon"), today=TODAY, user="Ben")


def test_values_are_read_against_the_key_result_unit() -> None:
    from coach.ritual.values import parse_value

    assert parse_value("6.8%", kr_id="KR1.1", unit="percent") == 6.8
    assert parse_value("6,5 percent", kr_id="KR1.1", unit="%") == 6.5
    assert parse_value("44 minutes", kr_id="KR1.4", unit="minutes") == 44
    assert parse_value("7", kr_id="KR1.4", unit="per week") == 7
    with pytest.raises(ValidationError, match=r"'2 hours' is in 'hours' but KR1.4 is measured in minutes"):
        parse_value("2 hours", kr_id="KR1.4", unit="minutes")
    with pytest.raises(ValidationError, match="looks like a fraction"):
        parse_value("0.07", kr_id="KR1.1", unit="percent", baseline=6, target=9)
    with pytest.raises(ValidationError, match="is not a number"):
        parse_value("about seven", kr_id="KR1.1", unit="percent")


def test_only_skills_about_key_results_carry_learnings() -> None:
    """The ledger's learnings are a field of the skills about key results, not of every skill's envelope."""
    carrying = {name for name, skill in SKILLS.items()
                if "learnings" in skill.response_model.model_json_schema()["properties"]}
    assert carrying == {"practices", "experiments", "risks"}
