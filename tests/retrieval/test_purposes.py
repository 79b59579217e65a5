"""Scoring practices by their purpose statements: pure vectors in, fits out."""

from __future__ import annotations

import numpy as np

from coach.retrieval.purposes import PurposeBook, clauses, purpose_fits
from coach.skills.practice_ranking import SEARCH_DEPTH, with_purposes
from coach.store.chroma import StoredChunk, StoredVectors


def _book(rows: list[tuple[str, str, list[float]]]) -> PurposeBook:
    chunks = [StoredChunk(f"id{n}", text, {"practice_id": pid, "source": f"/lib/{pid}.md"})
              for n, (pid, text, _) in enumerate(rows)]
    matrix = np.asarray([v for _, _, v in rows], dtype=np.float32)
    return PurposeBook.of(StoredVectors(chunks, matrix / np.linalg.norm(matrix, axis=1, keepdims=True)))


def test_clauses_split_at_stops_semicolons_and_joining_words() -> None:
    text = ("Volunteers sign up and then do not show; coordinators spend Friday phoning round. "
            "We tried texts, but nobody replies. Ok.")
    # "nobody replies" and "Ok" are too short to say anything on their own
    assert clauses(text) == ["Volunteers sign up and then do not show", "coordinators spend Friday phoning round",
                             "We tried texts"]


def test_whole_reads_the_aim_and_by_clause_rewards_answering_every_clause() -> None:
    book = _book([
        ("causes", "find the cause", [1.0, 0.0, 0.0]),
        ("causes", "ask why again", [0.9, 0.1, 0.0]),
        ("voices", "hear every voice", [0.0, 1.0, 0.0]),
        ("both", "a bit of each", [0.6, 0.6, 0.0]),
    ])
    fits = {f.practice_id: f for f in purpose_fits(
        book, [0.7, 0.7, 0.0], ["why does it fail", "who is not heard"], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])}
    assert list(fits) == ["both", "causes", "voices"]  # every practice, in id order
    assert fits["both"].whole > fits["causes"].whole  # its aim is the whole situation's
    assert fits["causes"].clause == "why does it fail" and fits["causes"].statement == "find the cause"
    assert fits["voices"].clause == "who is not heard"
    # one clause answered perfectly, the other not at all: the mean over clauses is a half
    assert abs(fits["voices"].by_clause - 0.5) < 1e-6
    assert fits["both"].by_clause > fits["voices"].by_clause
    assert fits["causes"].source == "/lib/causes.md"


def test_an_empty_book_fits_nothing() -> None:
    empty = PurposeBook.of(StoredVectors([], np.zeros((0, 0), dtype=np.float32)))
    assert purpose_fits(empty, [1.0, 0.0], ["a clause here"], [[1.0, 0.0]]) == []


def test_purpose_orders_reorder_the_searches_but_never_drop_a_searched_practice() -> None:
    book = _book([("found-by-purpose", "fits the situation", [1.0, 0.0])])
    fits = purpose_fits(book, [1.0, 0.0], ["the situation itself"], [[1.0, 0.0]])
    searched = ["searched-first"] + [f"other-{n}" for n in range(SEARCH_DEPTH + 5)]
    order = with_purposes(searched, fits)
    assert order[0] == "found-by-purpose"  # first in both purpose orders beats first in the searches
    assert order[1] == "searched-first"
    assert set(searched) <= set(order)
    assert order[-5:] == searched[-5:]  # found only below the searches' first ten: after the fusion, in order
    assert with_purposes(searched, []) == searched  # no purpose statements in reach: the searches decide
