"""Checks every skill's output must pass, whatever backend produced it.

- Citations: every item cites at least one chunk, and only chunks the skill retrieved;
  source, title and authors are filled from the retrieved chunk, never from the model.
- Numbers: every number in an item's display text comes from the request, one of the
  item's cited chunks, or the date/timeframe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from coach.citations import Citation
from coach.retrieval.search import SearchResult

_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)")


def numbers_in(text: str) -> set[str]:
    """Numbers in a text, normalised (4.0 → 4, 1,5 → 1.5)."""
    found = set()
    for raw in _NUMBER.findall(text):
        try:
            found.add(f"{float(raw.replace(',', '.')):g}")
        except ValueError:
            continue
    return found


def strings_of(value: Any, skip: Sequence[str] = ()) -> Iterable[str]:
    """Every string inside a JSON-like value, except under keys in `skip`."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_of(item, skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from strings_of(item, skip)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield f"{value:g}"


def cite(result: SearchResult) -> Citation:
    """A citation of a retrieved chunk, with authors for attribution where known."""
    authors = result.metadata.get("authors")
    return Citation(chunk_id=result.chunk_id, source=result.source, title=result.title,
                    authors=str(authors) if authors else None)


def check_citations(item: dict[str, Any], retrieved: Mapping[str, SearchResult],
                    label: str) -> tuple[list[dict[str, Any]], list[str]]:
    """(citations rebuilt from the retrieved chunks, problems)."""
    citations = item.get("citations") or []
    if not citations:
        return [], [f"{label} has no citation"]
    rebuilt, problems = [], []
    for citation in citations:
        chunk_id = citation.get("chunk_id") if isinstance(citation, dict) else None
        if not isinstance(chunk_id, str) or chunk_id not in retrieved:
            problems.append(f"{label} cites {chunk_id!r}, which was not retrieved")
            continue
        rebuilt.append(cite(retrieved[chunk_id]).model_dump())
    return rebuilt, problems


def check_numbers(item: dict[str, Any], fields: Sequence[str], allowed: set[str],
                  retrieved: Mapping[str, SearchResult], label: str) -> list[str]:
    """Problems for numbers in display fields that no source supports."""
    cited = set(allowed)
    for citation in item.get("citations") or []:
        result = retrieved.get(citation.get("chunk_id", ""))
        if result is not None:
            cited |= numbers_in(result.text)
            cited |= {n for v in result.metadata.values() for n in numbers_in(str(v))}
    problems = []
    for field in fields:
        for text in strings_of(item.get(field)):
            invented = numbers_in(text) - cited
            if invented:
                problems.append(f"{label} {field} has number(s) {sorted(invented)} found in no "
                                "source: use the request, a cited source, or say it is unknown")
    return problems
