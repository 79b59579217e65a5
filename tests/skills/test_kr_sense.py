"""The team's own work decides which sense of a shared word counts: "ship" for a platform team
is about releasing software, not dispatching parcels."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.catalogue import builtin_catalogue
from coach.retrieval.search import SearchResult
from coach.service import Coach
from coach.skills.base import SkillContext
from coach.skills.key_results import FILL, KeyResultsResponse
from coach.skills.kr_relevance import score_pattern
from coach.skills.kr_sense import SENSE_WEIGHT, domain_gaps, in_context, team_context, team_gaps
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
    gaps = team_gaps(platform, list(chunks.values()), coach.relatedness)
    assert gaps is not None and gaps["delivery-flow"] == 0.0 < gaps["warehouse-logistics"]
    moved = {f.entry.domain: f.score for f in in_context(fits, {}, gaps)}
    assert moved["delivery-flow"] > moved["warehouse-logistics"]
    assert team_gaps(_context(coach, None), list(chunks.values()), coach.relatedness) is None
    assert [f.score for f in in_context(fits, {})] == [f.score for f in fits]


def test_a_domain_far_from_the_whole_objective_loses_what_a_shared_word_gave_it() -> None:
    entries = builtin_catalogue().patterns
    chunks = {i: _chunk(i, entries[i].domain) for i in ("on-time-dispatch", "time-to-first-contribution")}
    reading = read_objective("Help new engineers ship something in their first week")
    # The whole sentence sits closer to onboarding measures than to warehouse ones.
    dense = {"c-on-time-dispatch": 0.30, "c-time-to-first-contribution": 0.45}
    fits = [score_pattern(reading, entries[i], chunk, dense[chunk.chunk_id]) for i, chunk in chunks.items()]
    gaps = domain_gaps(dense, list(chunks.values()))
    assert gaps == {"warehouse-logistics": pytest.approx(0.15), "onboarding": 0.0}
    moved = {f.entry.domain: f.score for f in in_context(fits, gaps)}
    before = {f.entry.domain: f.score for f in fits}
    assert moved["onboarding"] == before["onboarding"]
    assert moved["warehouse-logistics"] == pytest.approx(before["warehouse-logistics"] - 0.15 * SENSE_WEIGHT)


def _chunk(pattern_id: str, domain: str) -> SearchResult:
    return SearchResult(f"c-{pattern_id}", "src", "title", "kr_pattern", "text", 0.0,
                        {"card_id": pattern_id, "domain": domain})


@pytest.mark.parametrize("objective", ["Council tax bills are right first time",
                                       "Turn more one-off donors into regular givers"])
def test_a_thin_list_is_filled_with_shapes_in_the_objectives_words_and_says_so(coach: Coach,
                                                                               objective: str) -> None:
    response = coach.suggest("key-results", {"objective": objective})
    assert isinstance(response, KeyResultsResponse)
    shapes = [i for i in response.items if any("measure-shapes" in c.source for c in i.citations)]
    ready = len(response.items) - len(shapes)
    if ready < FILL:
        assert shapes, "a short list gets shapes composed in the objective's words"
        noun = "measure shape" if len(shapes) == 1 else "measure shapes"
        assert any(f"{len(shapes)} {noun} in the objective's own words" in w for w in response.warnings)
    else:
        assert not shapes
