"""The evidence behind an experiment's "because": the team's own check-ins first, cited; the card
otherwise, said honestly (pure, no index needed)."""

from __future__ import annotations

import datetime as dt

from coach.ritual.agenda import situation
from coach.ritual.hooks import TrackedKr
from coach.ritual.state import CheckIn, KrFacts
from coach.skills.experiment_evidence import checkin_records, team_evidence

FACTS = KrFacts("KR1.2", "Send 95% of referral letters within 2 working days, up from 70%", "increase", 70, 95)
HISTORY = (CheckIn(71, dt.date(2026, 10, 16)),
           CheckIn(72, dt.date(2026, 10, 30), note="letters wait for the dentist to sign them", recorded_by="grace"),
           CheckIn(73, dt.date(2026, 11, 13), note="the new receptionist started on Monday", recorded_by="grace"))
TRACKED = TrackedKr(FACTS, metric="referral letters sent", history=HISTORY)
FLOW_CARD = "Value stream mapping: draw every step, with the waiting time between steps, where work waits to sign"


def test_the_note_closest_to_the_card_is_quoted_and_cited_as_its_check_in() -> None:
    found = team_evidence(FLOW_CARD, metric="referral letters sent", tracked=TRACKED, learnings=[], context=None)
    assert found[0].clause == 'at the check-in of 2026-10-30 the team noted "letters wait for the dentist to sign them"'
    assert found[0].source is not None and found[0].source.chunk_id == "checkin:KR1.2:2026-10-30"
    assert "letters wait for the dentist" in found[0].source.text  # the cited record holds the quote
    assert found[1].clause == "referral letters sent read 71, 72, 73 at the check-ins from 2026-10-16 to 2026-11-13"
    assert found[1].source is not None and found[1].source.chunk_id == "checkin:KR1.2:2026-11-13"


def test_without_a_matching_note_the_latest_one_is_quoted() -> None:
    found = team_evidence("Fake door: offer an option that does not exist", metric="referral letters sent",
                          tracked=TRACKED, learnings=[], context=None)
    assert "the new receptionist started on Monday" in found[0].clause


def test_no_team_material_gives_no_team_evidence() -> None:
    assert team_evidence(FLOW_CARD, metric="falls", tracked=None, learnings=[], context=None) == []
    assert checkin_records(None) == []
    quoted = team_evidence(FLOW_CARD, metric="falls", tracked=None, learnings=[], context="Falls happen at night.")
    assert [e.clause for e in quoted] == ['the team notes "falls happen at night"'] and quoted[0].source is None


def test_the_situation_is_the_latest_notes_newest_first() -> None:
    assert situation(TRACKED) == "the new receptionist started on Monday. letters wait for the dentist to sign them."
    assert situation(TrackedKr(FACTS, history=HISTORY[:1])) is None
