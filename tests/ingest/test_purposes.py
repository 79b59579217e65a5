"""Purpose statements: what a practice is for, read from its own text, kept apart from search."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coach.ingest.chunking import LIBRARY
from coach.ingest.loaders import load_file
from coach.ingest.purposes import PURPOSE, purpose_chunks, statements
from coach.service import Coach
from tests.samples import write

CARD = """---
id: fishbone-session
name: "Fishbone session"
summary: "Sort the possible causes of one problem into groups before anyone fixes anything."
topics: [root-cause]
when_to_use:
  - "The same incident keeps coming back after each fix"
  - "People disagree about why a result is slipping"
kr_states: [off_track]
stage: discovery
time: "1 hour"
people: "3-8"
difficulty: easy
first_step: "Write the problem as a short statement at the head of a whiteboard."
related: []
---
## What
A fishbone session draws the problem as a head and its causes as bones. Bones first!

## Why
Fixes that skip the cause tend to return. Grouping causes shows which ones repeat.

## How
1. Draw the spine and six bones on the whiteboard before the meeting starts.
2. Ask each person to add causes silently.
"""

OPL_PAGE = """---
templateKey: practice-page
title: Gallery Walk
subtitle: Let everyone see and comment on the ideas on the walls
mobiusTag: discovery
whatIs: "A gallery walk lets a group move between posters. Each poster holds one idea.\\r"
whyDo: "It gets quiet people to react to ideas in writing.\\r\\n"
howTo: "Put the posters up around the room and give everyone a pen."
---
"""


def test_card_statements_come_from_summary_when_to_use_what_and_why(tmp_path: Path) -> None:
    found = statements(load_file(write(tmp_path / "fishbone-session.md", CARD)))
    assert found[0] == "Sort the possible causes of one problem into groups before anyone fixes anything."
    assert "The same incident keeps coming back after each fix" in found  # one statement a "when" item
    assert "People disagree about why a result is slipping" in found
    assert "Fixes that skip the cause tend to return." in found  # one statement a sentence
    assert "Bones first!" not in found  # too short to say what a practice is for
    assert not any("whiteboard" in s or "silently" in s for s in found)  # "How" is how, not what for


def test_opl_statements_come_from_subtitle_what_is_and_why_do(tmp_path: Path) -> None:
    found = statements(load_file(write(tmp_path / "gallery-walk.md", OPL_PAGE)))
    assert found == ["Let everyone see and comment on the ideas on the walls",
                     "A gallery walk lets a group move between posters.", "Each poster holds one idea.",
                     "It gets quiet people to react to ideas in writing."]


def test_only_practices_have_purpose_chunks_with_ids_stable_across_runs(tmp_path: Path) -> None:
    card = load_file(write(tmp_path / "fishbone-session.md", CARD))
    chunks = purpose_chunks(card, LIBRARY)
    assert {c.kind for c in chunks} == {PURPOSE}
    assert {c.metadata["practice_id"] for c in chunks} == {"fishbone-session"}
    assert [c.id for c in chunks] == [c.id for c in purpose_chunks(card, LIBRARY)]
    assert [c.id for c in chunks] != [c.id for c in purpose_chunks(card, "alpha")]
    article = load_file(write(tmp_path / "notes.md", "# Planning notes\nWe planned the quarter together.\n"))
    assert purpose_chunks(article, LIBRARY) == []
    private = replace(card, metadata={**card.metadata, "private": True})
    assert purpose_chunks(private, LIBRARY) == []  # read for everyone in the scope, so never from a private file


def test_statements_are_stored_apart_and_never_found_by_a_search(coach: Coach, tmp_path: Path) -> None:
    write(tmp_path / "lib" / "fishbone-session.md", CARD)
    coach.ingest([tmp_path / "lib"])
    book = coach.store.purposes(LIBRARY)
    assert len(book.chunks) == len(statements(load_file(tmp_path / "lib" / "fishbone-session.md")))
    assert book.matrix.shape[0] == len(book.chunks)
    assert all(c.metadata.get("kind") == PURPOSE for c in book.chunks)
    searched = coach.search("same incident keeps coming back after each fix", k=20)
    assert searched and all(r.kind == "practice" for r in searched)
    assert all(r.kind != PURPOSE for r in coach.team_chunks(LIBRARY))


def test_statements_follow_their_file_when_it_changes_or_goes(coach: Coach, tmp_path: Path) -> None:
    path = write(tmp_path / "lib" / "fishbone-session.md", CARD)
    coach.ingest([tmp_path / "lib"])
    write(path, CARD.replace("Fixes that skip the cause tend to return.", "Fixes that ignore causes come back."))
    coach.ingest([tmp_path / "lib"])
    texts = [c.text for c in coach.store.purposes(LIBRARY).chunks]
    assert "Fixes that ignore causes come back." in texts
    assert "Fixes that skip the cause tend to return." not in texts
    path.unlink()
    coach.ingest([tmp_path / "lib"])
    assert coach.store.purposes(LIBRARY).chunks == []
    assert coach.store.count(LIBRARY) == 0
