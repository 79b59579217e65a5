"""The agendas suite's idea_fit: an idea a coach accepts scores, an off-situation one does not, and
an honest "nothing fits" scores only where the labels allow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coach.okr import OkrSet
from coach.ritual.agenda import Agenda, AgendaIdea, AgendaItem
from evals.suites.agendas import AgendaCase, AgendaRun, idea_fit, ideas_for_trouble

OKRS: dict[str, Any] = {"team": "t", "objectives": [{"title": "Rooms ready", "key_results": [
    {"id": "KR1", "text": "Have 90% of rooms ready by check-in"}, {"id": "KR2", "text": "Raise cleanliness score"}]}]}


def _case(ideas: dict[str, list[str]]) -> AgendaCase:
    return AgendaCase.model_validate({"team_kind": "hotel", "today": "2026-11-20", "okrs": OKRS,
                                      "expect": {"states": {}, "first": ["KR1"], "ideas": ideas}})


def _run(*ideas: AgendaIdea | None) -> AgendaRun:
    items = [AgendaItem(kr_id=f"KR{n}", text="x", owner=None, state="stalled", explanation="flat", questions=[],
                        idea=idea) for n, idea in enumerate(ideas, start=1)]
    agenda = Agenda(team="t", date=dt.date(2026, 11, 20), timebox="", round=[], facilitation=[], items=items,
                    learnings=[])
    return AgendaRun(agenda, OkrSet.model_validate(OKRS), {})


def _idea(practice: str) -> AgendaIdea:
    return AgendaIdea(kind="experiment", text="We believe …", stance="try", practice_id=practice)


NOTHING = AgendaIdea(kind="none", text="Nothing in the practice cards fits", stance="consider")


def test_an_accepted_idea_scores_and_an_off_situation_one_does_not() -> None:
    case = _case({"KR1": ["value-stream-mapping"], "KR2": ["customer-interviews"]})
    score = idea_fit(case, _run(_idea("value-stream-mapping"), _idea("fake-door-test")))
    assert score.value == 0.5 and not score.ok and "KR2 got fake-door-test" in score.reason


def test_nothing_fits_counts_only_where_the_labels_allow_it() -> None:
    assert idea_fit(_case({"KR1": ["wip-limits", "none"]}), _run(NOTHING)).value == 1.0
    assert idea_fit(_case({"KR1": ["wip-limits"]}), _run(NOTHING)).value == 0.0
    assert idea_fit(_case({}), _run(NOTHING)).value is None  # unlabelled: not judged
    assert ideas_for_trouble(_case({}), _run(NOTHING)).value == 1.0  # said, not a silent gap
    assert ideas_for_trouble(_case({}), _run(None)).value == 0.0
