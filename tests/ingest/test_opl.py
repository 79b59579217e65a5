"""The Open Practice Library import, on the full 241 pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.ingest.loaders import iter_files, load_file
from coach.ingest.opl import near_duplicates, normalise_difficulty, normalise_people, normalise_time
from coach.service import Coach


@pytest.mark.parametrize(("value", "expected"), [
    ("30-60 min", ("30-60 min", 30, 60)), ("1 hour", ("1 hour", 60, None)),
    ("2+ hours", ("2+ hours", 120, None)), ("Ongoing", ("Ongoing", None, None)),
    (None, (None, None, None)), ("", (None, None, None)), ("N/A", (None, None, None)),
])
def test_time_normalisation(value: object, expected: tuple[object, ...]) -> None:
    assert normalise_time(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2+", ("2+", 2, None)), ("2-20", ("2-20", 2, 20)), ("<10", ("up to 10", None, 10)),
    ("Min. 2", ("2+", 2, None)), ("1", ("1", 1, None)), ("4-100+", ("4+", 4, None)),
    ("The Team needed to deliver", ("varies", None, None)), (None, (None, None, None)),
])
def test_people_normalisation(value: object, expected: tuple[object, ...]) -> None:
    assert normalise_people(value) == expected


def test_difficulty_normalisation() -> None:
    assert [normalise_difficulty(v) for v in ("easy", "Moderate", "hard", None, "weird")] == [
        "easy", "medium", "hard", None, None]


@pytest.fixture(scope="module")
def pages() -> list[Path]:
    from tests.conftest import SHARED

    folder = SHARED / "opl" / "practice"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the Open Practice Library lives beside the checkout")
    return list(iter_files(folder))


def test_all_241_pages_import_as_practices(pages: list[Path]) -> None:
    documents = [load_file(p) for p in pages]
    assert len(documents) == 241 and {d.kind for d in documents} == {"practice"}
    assert all(d.metadata["origin"] == "opl" for d in documents)
    assert sum("authors" in d.metadata for d in documents) >= 235
    assert {d.metadata.get("stage") for d in documents} == {"foundation", "discovery", "options", "delivery"}
    assert {d.metadata.get("difficulty") for d in documents} <= {"easy", "medium", "hard", None}
    text = "".join(b.text for d in documents for s in d.sections for b in s.blocks)
    assert "\u200b" not in text and "\ufeff" not in text


def test_body_that_repeats_the_fields_is_not_embedded_twice(pages: list[Path]) -> None:
    page = next(p for p in pages if p.stem == "1-2-4-all")
    document = load_file(page)
    headings = [s.heading_path for s in document.sections]
    assert headings == [(), ("What is it",), ("Why do it",), ("How to do it",)]


def test_near_duplicates_are_detected(pages: list[Path]) -> None:
    found = near_duplicates([load_file(p) for p in pages])
    pairs = {(Path(d.first).stem, Path(d.second).stem) for d in found}
    assert ("stakeholder-map", "stakeholder-mapping") in pairs
    assert len(pairs) < 10  # a report to read, not noise


def test_ingest_reports_near_duplicates(pages: list[Path], coach: Coach) -> None:
    chosen = [p for p in pages if p.stem.startswith("stakeholder")]
    report = coach.ingest(chosen)
    assert report.added == len(chosen)
    assert any("stakeholder-mapping" in pair["second"] for pair in report.near_duplicates)
