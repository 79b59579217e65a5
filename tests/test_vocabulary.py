"""Vocabulary: the standard OKR words rewritten into a team's own, with plurals, case and articles."""

from __future__ import annotations

import pydantic
import pytest

from coach.vocabulary import Vocabulary

TEAM = Vocabulary(objective="goal", key_result="indicator", initiative="bet")


def test_default_vocabulary_is_a_no_op() -> None:
    text = "An objective has KRs; a key-result and initiatives follow."
    assert Vocabulary().is_default
    assert Vocabulary().apply(text) is text


def test_custom_vocabulary_is_not_default() -> None:
    assert not TEAM.is_default
    assert not Vocabulary(initiative="project").is_default


@pytest.mark.parametrize(("text", "expected"), [
    ("objective", "goal"),
    ("objectives", "goals"),
    ("key result", "indicator"),
    ("key results", "indicators"),
    ("key-result", "indicator"),
    ("key-results", "indicators"),
    ("initiative", "bet"),
    ("initiatives", "bets"),
])
def test_singular_plural_and_hyphenated_forms(text: str, expected: str) -> None:
    assert TEAM.apply(text) == expected


def test_kr_abbreviations_become_the_key_result_term() -> None:
    assert TEAM.apply("KR 2 and the other KRs") == "indicator 2 and the other indicators"


def test_kr_keeps_the_team_term_as_written() -> None:
    # "KR" is an abbreviation, so its capitals must not leak into the team's term.
    assert Vocabulary(key_result="OKR metric").apply("KR and kr") == "OKR metric and OKR metric"


@pytest.mark.parametrize(("text", "expected"), [
    ("Objectives and key results", "Goals and indicators"),
    ("KEY RESULTS", "INDICATORS"),
    ("INITIATIVE", "BET"),
    ("Key-Results", "Indicators"),
])
def test_case_is_preserved(text: str, expected: str) -> None:
    assert TEAM.apply(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("an objective", "a goal"),
    ("a key result", "an indicator"),
    ("An Objective", "A Goal"),
    ("A KR", "An indicator"),
    ("An initiative", "A bet"),
    ("an  objective", "a  goal"),  # the spacing between article and noun is kept
])
def test_articles_agree_with_the_new_term(text: str, expected: str) -> None:
    assert TEAM.apply(text) == expected


def test_words_that_merely_contain_a_term_are_left_alone() -> None:
    assert TEAM.apply("objectively, a banana, KRA initiatives") == "objectively, a banana, KRA bets"


def test_team_plurals_ending_in_s_are_not_doubled() -> None:
    assert Vocabulary(objective="outcomes").apply("objectives") == "outcomes"


def test_apply_all_rewrites_nested_strings_and_skips_keys() -> None:
    data = {
        "title": "an objective",
        "chunk_id": "key result",
        "items": ["initiatives", {"text": "KRs", "source": "objective.md"}],
        "count": 3,
        "ok": True,
        "missing": None,
    }
    skipped = {"chunk_id", "source"}
    assert TEAM.apply_all(data, skip=lambda key: key in skipped) == {
        "title": "a goal",
        "chunk_id": "key result",
        "items": ["bets", {"text": "indicators", "source": "objective.md"}],
        "count": 3,
        "ok": True,
        "missing": None,
    }


def test_apply_all_without_skip_rewrites_every_string() -> None:
    assert TEAM.apply_all({"a": ["objective"], "b": "initiative"}) == {"a": ["goal"], "b": "bet"}


@pytest.mark.parametrize("field", ["objective", "key_result", "initiative"])
def test_too_short_a_term_is_rejected(field: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=field):
        Vocabulary(**{field: "g"})


def test_too_long_a_term_and_unknown_fields_are_rejected() -> None:
    with pytest.raises(pydantic.ValidationError):
        Vocabulary(objective="x" * 41)
    with pytest.raises(pydantic.ValidationError, match="milestone"):
        Vocabulary(milestone="step")  # type: ignore[call-arg]
