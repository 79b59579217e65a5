"""Which cards fit a key result: the kind of measure from its own words, the card's family from
its own metadata (pure; the spaCy lemmatiser, no embedder)."""

from __future__ import annotations

import pytest

from coach.retrieval.search import SearchResult
from coach.skills.experiment_fit import card_family, fits, measure_kind


@pytest.mark.parametrize(("text", "kind"), [
    ("Shorten the wait for a first GP appointment from 12 to 5 days", "flow"),
    ("Cut returned parcels caused by packing errors by half", "flow"),
    ("Grow regular gift donors at the hospice shop from 80 to 150", "choice"),
    ("Raise attendance at the Tuesday homework club to 25 pupils", "choice"),
    ("Increase repeat bookings from corporate clients", "choice"),
    ("Keep the number of patient falls below 4 a month", "mixed"),  # neither: every testing card stays
])
def test_measure_kind_from_the_key_results_own_words(text: str, kind: str) -> None:
    assert measure_kind(text) == kind


def _card(topics: str, summary: str) -> SearchResult:
    return SearchResult(chunk_id="c", text=summary, score=1.0, source="s", kind="practice", title="t",
                        metadata={"topics": topics, "summary": summary})


def test_families_and_fit() -> None:
    flow = _card("flow, delivery, measurement", "Draw every step and the waiting time between them.")
    people = _card("discovery, experiment-design", "Talk to customers about their last visit.")
    testing = _card("experiment-design, risk", "Test the belief that would sink the plan.")
    assert [card_family(c) for c in (flow, people, testing)] == ["flow", "people", "testing"]
    assert not fits(flow, "choice") and not fits(people, "flow")
    assert all(fits(c, "mixed") for c in (flow, people, testing))
    assert fits(testing, "flow") and fits(testing, "choice")


def test_the_situation_decides_only_where_the_key_result_leaves_it_open() -> None:
    rooms = "Have 90% of rooms ready by the 2pm check-in"
    assert measure_kind(rooms) == "mixed"
    assert measure_kind(rooms, "clean linen arrives from the laundry late") == "flow"
    donors = "Raise monthly donors from 1200 to 1500"
    assert measure_kind(donors, "the appeal letter arrives late") == "choice"  # the key result's words win
