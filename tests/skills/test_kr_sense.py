"""The team's own work decides which sense of a shared word counts: "ship" for a platform team
is about releasing software, not dispatching parcels."""

from __future__ import annotations

import datetime as dt

from coach.catalogue import builtin_catalogue
from coach.service import Coach
from coach.skills.base import SkillContext
from coach.skills.kr_relevance import score_pattern
from coach.skills.kr_sense import in_team_context, team_context
from coach.skills.objective import read_objective
from coach.vocabulary import Vocabulary
from coach.workspace.view import TeamRecords
from tests.conftest import CORPUS

OBJECTIVE = "Help product teams ship without waiting for us"


def _context(coach: Coach, team: str | None) -> SkillContext:
    return SkillContext(search=coach.search, team=team, vocabulary=Vocabulary(), today=dt.date(2026, 11, 20),
                        team_data=TeamRecords(coach.repository, team) if team else None)


def test_the_teams_own_work_outweighs_a_shared_word(coach: Coach) -> None:
    coach.ingest([CORPUS / "examples" / "platform"], "platform")
    entries = builtin_catalogue().patterns
    ids = ["on-time-dispatch", "lead-time-for-changes"]
    chunks = coach.card_chunks([i for i in ids if i in entries])
    assert len(chunks) == 2, sorted(entries)[:5]
    reading = read_objective(OBJECTIVE)
    fits = [score_pattern(reading, entries[i], chunks[i], 0.4) for i in ids]  # the same similarity for both
    platform = _context(coach, "platform")
    profile = team_context(platform)
    assert profile is not None and "deployment frequency" in profile
    moved = {f.entry.domain: f.score for f in in_team_context(fits, platform, list(chunks.values()),
                                                              coach.relatedness)}
    assert moved["delivery-flow"] > moved["warehouse-logistics"]
    unchanged = in_team_context(fits, _context(coach, None), list(chunks.values()), coach.relatedness)
    assert [f.score for f in unchanged] == [f.score for f in fits]
