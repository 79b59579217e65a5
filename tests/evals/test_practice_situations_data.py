"""The labelled practice situations load as the practices suite reads them, and every label names a
practice that exists: a built-in card, or an Open Practice Library page where ../shared/opl is present."""

from __future__ import annotations

from collections import Counter

import pydantic
import pytest

from evals.ideas import PracticeCase
from evals.suites.practice_situations import OPL, load
from tests.conftest import CORPUS

CASES = load()


def test_situations_load_with_cohort_and_without_state_or_context() -> None:
    fresh = [c for c in CASES if c.data.cohort == "fresh2"]
    assert fresh and all(c.split == "heldout" for c in fresh)
    assert any(c.data.state is None for c in CASES) and any(c.data.context is None for c in CASES)


def test_an_unknown_key_is_still_refused() -> None:
    with pytest.raises(pydantic.ValidationError, match="cohrt"):
        PracticeCase.model_validate({"id": "x", "team": "t", "key_result": "k", "best_from_opl": False,
                                     "acceptable": ["dot-voting"], "cohrt": "fresh2"})


def test_no_kind_of_team_dominates() -> None:
    kinds = Counter(c.data.team for c in CASES)
    assert max(kinds.values()) <= 2, kinds.most_common(3)


def test_every_label_names_a_card_or_an_imported_page() -> None:
    if not OPL.is_dir():
        pytest.skip(f"{OPL} is absent: the labels name Open Practice Library pages, which live beside the checkout")
    known = {p.stem for p in (CORPUS / "practices").glob("*.md")} | {p.stem for p in OPL.glob("*.md")}
    unknown = {(c.id, pid) for c in CASES for pid in c.data.acceptable if pid not in known}
    assert not unknown


def test_situations_best_served_by_a_page_accept_one() -> None:
    if not OPL.is_dir():
        pytest.skip(f"{OPL} is absent: the labels name Open Practice Library pages, which live beside the checkout")
    cards = {p.stem for p in (CORPUS / "practices").glob("*.md")}
    pages = {p.stem for p in OPL.glob("*.md")} - cards
    assert all(set(c.data.acceptable) & pages for c in CASES if c.data.best_from_opl)
