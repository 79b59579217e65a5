"""The shipped knowledge corpus: valid, complete, original."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from coach.cards import CareerThemeFile, KrPatternFile, closed_or_leading
from coach.corpus import validate_corpus
from coach.service import Coach
from tests.conftest import CORPUS
from tests.samples import write


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return validate_corpus(CORPUS)


def test_every_card_validates(report) -> None:  # type: ignore[no-untyped-def]
    assert report.errors == []


def test_counts_are_met(report) -> None:  # type: ignore[no-untyped-def]
    counts = report.counts
    assert counts["practice"] >= 40 and counts["kr_pattern"] >= 80 and counts["risk"] >= 30
    assert counts["career_question"] >= 100 and counts["guide"] == 5


def test_kr_patterns_span_at_least_twelve_domains() -> None:
    files = [KrPatternFile.model_validate(yaml.safe_load(p.read_text()))
             for p in (CORPUS / "kr-patterns").glob("*.yaml")]
    domains = {d for f in files for p in f.patterns for d in p.domains}
    assert len(domains) >= 12
    for f in files:
        kinds = Counter(p.kind for p in f.patterns)
        assert kinds["leading"] >= 1 and kinds["lagging"] >= 1, f.domain
        assert all(not re.search(r"\d", p.example.replace("p95", "")) for p in f.patterns), f.domain


def test_career_bank_covers_every_horizon_and_stage_with_open_questions() -> None:
    files = [CareerThemeFile.model_validate(yaml.safe_load(p.read_text()))
             for p in (CORPUS / "career").glob("*.yaml")]
    questions = [q for f in files for q in f.questions]
    assert {q.horizon for q in questions} == {"past", "present", "1y", "5y", "10y+"}
    assert {q.stage for q in questions} == {"open", "explore", "commit", "close"}
    assert len({f.theme for f in files}) == 10
    assert all(closed_or_leading(text) is None for q in questions for text in [q.text, *q.follow_ups])


@pytest.mark.parametrize(("question", "problem"), [
    ("Do you like your job?", "yes or no"),
    ("Wouldn't you agree that growth matters?", "leading"),
    ("Should we talk about promotion?", "yes or no"),
    ("What do you love here, don't you think?", "leading"),
    ("Tell me about your week", "not phrased as a question"),
])
def test_closed_or_leading_questions_are_caught(question: str, problem: str) -> None:
    assert problem in (closed_or_leading(question) or "")


def test_validate_names_file_and_field(tmp_path: Path) -> None:
    write(tmp_path / "practices" / "x.md", "---\nid: x\nname: X card\nsummary: Does things.\n"
          "when_to_use: [Whenever it helps]\nkr_states: [sideways]\nstage: options\ntime: 1h\n"
          "people: '2'\ndifficulty: easy\nfirst_step: Start it today.\nrelated: [nope]\n---\n## What\n")
    write(tmp_path / "risks" / "r.yaml", "id: other\nname: Risk\n")
    write(tmp_path / "career" / "c.yaml", "theme: values\ntitle: Values\nquestions:\n"
          "  - {id: values-a, text: 'Are you happy?', horizon: past, stage: open}\n")
    problems = {Path(e["path"]).name: e["error"] for e in validate_corpus(tmp_path).errors}
    assert "kr_states.0" in problems["x.md"] and "time: String should have at least" in problems["x.md"]
    assert "description: Field required" in problems["r.yaml"]
    assert "questions.0.text" in problems["c.yaml"] and "yes or no" in problems["c.yaml"]


def _ngrams(text: str, size: int = 12) -> set[int]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {hash(tuple(words[i:i + size])) for i in range(len(words) - size + 1)}


def test_no_card_repeats_twelve_words_from_the_seeds_or_the_opl(shared: Path) -> None:
    sources = [*(shared / "seeds").glob("*.txt"), *(shared / "opl").rglob("*.md")]
    theirs: set[int] = set()
    for path in sources:
        theirs |= _ngrams(path.read_text(encoding="utf-8", errors="replace"))
    suffixes = {".md", ".yaml", ".vtt", ".txt", ".csv"}
    ours = [p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in suffixes]
    assert len(ours) > 130
    copied = [str(p.relative_to(CORPUS)) for p in ours if _ngrams(p.read_text(encoding="utf-8")) & theirs]
    assert copied == []


def test_bootstrap_indexes_the_library_and_both_example_teams(coach: Coach) -> None:
    library = coach.ingest([CORPUS])
    assert library.errors == [] and library.files >= 115
    for team in ("platform", "growth"):
        report = coach.ingest([CORPUS / "examples" / team], team)
        assert report.errors == [] and report.added >= 7, team
    kinds = {r.kind for r in coach.search("deployment frequency confidence", "platform", 30)}
    assert {"okr", "metric"} & kinds


def test_practice_without_its_sections_is_reported(tmp_path: Path) -> None:
    card = (CORPUS / "practices" / "pre-mortem.md").read_text(encoding="utf-8")
    write(tmp_path / "practices" / "pre-mortem.md", card.split("## Why")[0])
    errors = validate_corpus(tmp_path).errors
    assert errors and "missing section(s) ## Why, ## How" in errors[0]["error"]
