"""Output checks: numbers are normalised and grounded; citations point at retrieved chunks only."""

from __future__ import annotations

from typing import Any

import pytest

from coach.retrieval.search import SearchResult
from coach.skills.validators import check_citations, check_numbers, cite, numbers_in, strings_of


def _result(chunk_id: str, text: str, **metadata: str | int) -> SearchResult:
    return SearchResult(chunk_id=chunk_id, source=f"notes/{chunk_id}.md", title=f"Title {chunk_id}",
                        kind="note", text=text, score=0.5, metadata=dict(metadata))


RETRIEVED = {
    "c1": _result("c1", "Latency fell to 250 ms after 3 sprints.", authors="Ana Lopez"),
    "c2": _result("c2", "Churn was 7% in the last quarter."),
}


@pytest.mark.parametrize(("text", "expected"), [
    ("4.0", {"4"}),
    ("4", {"4"}),
    ("1,5", {"1.5"}),
    ("1.50", {"1.5"}),
    ("0.5", {"0.5"}),
    ("12%", {"12"}),
    ("-5 points", {"5"}),
    ("10x faster", {"10"}),
    ("2026-11-03", {"2026", "11", "3"}),
    ("from 40 to 55 by 2026", {"40", "55", "2026"}),
    ("p95 latency", set()),  # digits glued to a word are part of a name, not a number
    ("Q3 and v2.1", set()),
    ("no numbers here", set()),
])
def test_numbers_in_normalises(text: str, expected: set[str]) -> None:
    assert numbers_in(text) == expected


def test_numbers_in_reads_a_thousands_comma_as_a_decimal_comma() -> None:
    # Documented current behaviour: "1,000" is read like "1,5", i.e. as 1.000 → 1.
    assert numbers_in("1,000 users") == {"1"}


def test_strings_of_walks_nested_values_and_skips_keys() -> None:
    value: dict[str, Any] = {
        "text": "one",
        "chunk_id": "c1",
        "items": ["two", ("three",), {"chunk_id": "c2", "score": 4.0, "count": 12}],
        "flag": True,
        "none": None,
    }
    assert list(strings_of(value, skip=("chunk_id",))) == ["one", "two", "three", "4", "12"]
    assert "c1" in list(strings_of(value))


def test_cite_copies_attribution_from_the_chunk() -> None:
    assert cite(RETRIEVED["c1"]).model_dump() == {
        "chunk_id": "c1", "source": "notes/c1.md", "title": "Title c1", "authors": "Ana Lopez"}
    assert cite(RETRIEVED["c2"]).authors is None


def test_an_item_without_citations_is_a_problem() -> None:
    assert check_citations({"text": "x"}, RETRIEVED, "item 1") == ([], ["item 1 has no citation"])
    assert check_citations({"citations": []}, RETRIEVED, "item 2") == ([], ["item 2 has no citation"])


def test_citations_are_rebuilt_from_the_retrieved_chunks() -> None:
    item = {"citations": [{"chunk_id": "c1", "source": "invented.md", "title": "Made up", "authors": "X"},
                          {"chunk_id": "c2"}]}
    rebuilt, problems = check_citations(item, RETRIEVED, "item 1")
    assert problems == []
    assert rebuilt == [
        {"chunk_id": "c1", "source": "notes/c1.md", "title": "Title c1", "authors": "Ana Lopez"},
        {"chunk_id": "c2", "source": "notes/c2.md", "title": "Title c2", "authors": None},
    ]


def test_unknown_or_malformed_citations_are_problems() -> None:
    item = {"citations": [{"chunk_id": "c9"}, "c1", {"chunk_id": "c2"}]}
    rebuilt, problems = check_citations(item, RETRIEVED, "item 3")
    assert [c["chunk_id"] for c in rebuilt] == ["c2"]
    assert problems == ["item 3 cites 'c9', which was not retrieved",
                        "item 3 cites None, which was not retrieved"]


def _numbers(text: str, citations: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    item = {"text": text, "citations": [{"chunk_id": c} for c in citations]}
    return check_numbers(item, ["text"], set(allowed), RETRIEVED, "item 1")


def test_a_number_from_the_request_is_allowed() -> None:
    assert _numbers("Raise NPS to 40", [], allowed=("40",)) == []


def test_a_number_from_a_cited_chunk_is_allowed() -> None:
    assert _numbers("Keep latency at 250 ms, as after 3.0 sprints", ["c1"]) == []


def test_a_number_in_cited_chunk_metadata_is_allowed() -> None:
    retrieved = {"c3": _result("c3", "No digits in the text.", period="2026-Q4")}
    item = {"text": "Review in 2026", "citations": [{"chunk_id": "c3"}]}
    assert check_numbers(item, ["text"], set(), retrieved, "item 1") == []


def test_a_number_only_in_an_uncited_chunk_is_rejected() -> None:
    problems = _numbers("Cut churn below 7%", ["c1"])
    assert len(problems) == 1
    assert "item 1 text" in problems[0] and "['7']" in problems[0]


def test_an_invented_number_is_rejected_and_named() -> None:
    problems = _numbers("Reach 99.9% uptime in 250 ms", ["c1"], allowed=("40",))
    assert len(problems) == 1
    assert "['99.9']" in problems[0]
    assert "say it is unknown" in problems[0]


def test_only_the_named_fields_are_checked() -> None:
    item = {"text": "no numbers", "rationale": "invented 123", "citations": []}
    assert check_numbers(item, ["text"], set(), RETRIEVED, "item 1") == []
    assert len(check_numbers(item, ["text", "rationale"], set(), RETRIEVED, "item 1")) == 1


def test_numbers_in_nested_fields_are_checked() -> None:
    item = {"steps": ["Run 5 interviews", {"note": "then 6"}], "citations": []}
    problems = check_numbers(item, ["steps"], {"5"}, RETRIEVED, "item 2")
    assert problems and "['6']" in problems[0]
