"""Practices found by what they are for: purpose-only finds are read from their file and cited,
and the why quotes the clause of the context the practice's purpose fits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.service import Coach
from coach.skills.base import SkillContext
from coach.skills.practices import PracticesRequest, _first_instruction, _first_item, compose, gather
from coach.vocabulary import Vocabulary
from tests.conftest import CORPUS


def _context(coach: Coach, *, searches: bool) -> SkillContext:
    return SkillContext(
        search=(lambda q, t, k, **kw: coach.search(q, t, k, **kw)) if searches else (lambda q, t, k, **kw: []),
        team=None, vocabulary=Vocabulary(), today=dt.date(2026, 11, 20),
        file_chunks=lambda source: coach.file_chunks(source), relatedness=coach.relatedness,
        purposes=lambda situation: coach.searcher.purpose_fits(situation))


def test_a_practice_found_by_its_purpose_alone_is_read_from_its_file_and_cited(coach: Coach) -> None:
    coach.ingest([CORPUS / "practices"])
    request = PracticesRequest(key_result="Raise repairs fixed at the first visit from 72% to 85%",
                               context="Nobody knows why the same faults keep coming back after each repair")
    material = gather(request, _context(coach, searches=False))  # no search found anything
    response = compose(request, material, _context(coach, searches=False))
    assert len(response.items) == 3
    for item in response.items:
        assert item.citations, item
        cited = {c.chunk_id for c in item.citations}
        assert cited <= set(material.retrieved)  # cited chunks were read for this request
        assert all(material.retrieved[c].metadata.get("practice_id") == item.practice_id for c in cited)
        assert "Nobody knows why the same faults keep coming back after each repair" in item.why


def test_without_purpose_statements_the_searches_alone_decide(coach: Coach, tmp_path: Path) -> None:
    coach.ingest([CORPUS / "practices"])
    request = PracticesRequest(key_result="Raise repairs fixed at the first visit from 72% to 85%",
                               context="Nobody knows why the same faults keep coming back after each repair")
    with_searches = _context(coach, searches=True)
    without_purposes = SkillContext(**{**with_searches.__dict__, "purposes": None})
    material = gather(request, without_purposes)
    assert compose(request, material, without_purposes).items  # still answers
    assert material.extra["fits"] == {}


def test_an_imported_pages_first_step_is_its_first_instruction() -> None:
    how = ("\nSteps to facilitate this practice:\n\nA **facilitator** and a wall of sticky notes.\n\n"
           "1. **Ask** each person to write one idea per note. Then group them.\n2. Vote on the groups.\n")
    assert _first_instruction(how) == "Ask each person to write one idea per note."
    assert _first_item(how) == "A facilitator and a wall of sticky notes."  # the fallback: no heading line
    assert _first_instruction("\nThe facilitator usually brings pens.\n") is None


def test_built_in_cards_are_suggested_where_only_own_files_were_ingested(coach: Coach, tmp_path: Path) -> None:
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "notes.md").write_text("# Notes\nWe run a food bank with forty volunteers.\n", encoding="utf-8")
    coach.ingest([tmp_path / "own"])
    response = coach.suggest("practices", {"key_result": "Raise Saturday shifts fully staffed from 50% to 80%",
                                           "context": "Volunteers cancel late and nobody knows who can cover"})
    assert len(response.items) == 3 and not response.warnings
    assert all("/corpus/practices/" in item.source or "builtin_corpus" in item.source for item in response.items)


def test_cards_read_by_id_are_remembered_until_the_library_changes(coach: Coach) -> None:
    coach.ingest([CORPUS / "practices"])
    first = coach.card_chunks(["wip-limits", "pre-mortem"])
    assert set(first) == {"wip-limits", "pre-mortem"}
    assert coach.card_chunks(["wip-limits", "pre-mortem"]) == first  # remembered
    path = coach.catalogue.path_of("wip-limits")
    assert path is not None and coach.forget([path]) == 1  # the library changes: nothing stale is served
    again = coach.card_chunks(["wip-limits", "pre-mortem"])
    assert set(again) == {"wip-limits", "pre-mortem"}  # re-indexed, since built-in cards are always there
    assert coach.store.chunks_of("library", again["wip-limits"].source)
