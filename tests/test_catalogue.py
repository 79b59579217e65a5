"""Cards by id: the catalogue, cards indexed on demand, detectors declared on risk cards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.catalogue import builtin_catalogue, builtin_corpus, load_catalogue
from coach.cli import app
from coach.corpus import validate_corpus
from coach.errors import ValidationError
from coach.service import Coach
from coach.skills.risk_detectors import DETECTORS
from tests.conftest import CORPUS
from tests.samples import write


def test_the_catalogue_reads_every_card_by_id() -> None:
    catalogue = builtin_catalogue()
    assert builtin_corpus() == CORPUS
    assert catalogue.risks["stale-metrics"].card.signals.detectors == ["stale_metrics"]
    assert catalogue.patterns["change-failure-rate"].domain == "delivery-flow"
    assert catalogue.practices["pre-mortem"].card.name
    assert len(catalogue.questions) >= 100
    assert catalogue.path_of("stale-metrics") == CORPUS / "risks" / "stale-metrics.yaml"
    assert catalogue.path_of("no-such-card") is None


def test_a_broken_card_is_named_with_its_field(tmp_path: Path) -> None:
    write(tmp_path / "risks" / "bad.yaml", "id: bad\nname: Bad\n")
    with pytest.raises(ValidationError, match=r"bad.yaml: description"):
        load_catalogue(tmp_path)


def test_every_declared_detector_exists_and_raises_a_card() -> None:
    declared = {d for entry in builtin_catalogue().risks.values() for d in entry.card.signals.detectors}
    assert declared == set(DETECTORS)


def test_validate_names_a_detector_no_card_declares(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "risks", corpus / "risks")
    stale = corpus / "risks" / "stale-metrics.yaml"
    stale.write_text(stale.read_text().replace("  detectors: [stale_metrics]\n", ""))
    errors = [e["error"] for e in validate_corpus(corpus).errors]
    assert any("'stale_metrics' is declared on no risk card" in e for e in errors), errors


def test_validate_refuses_an_unknown_detector(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "risks", corpus / "risks")
    stale = corpus / "risks" / "stale-metrics.yaml"
    stale.write_text(stale.read_text().replace("[stale_metrics]", "[stale_metrics, crystal_ball]"))
    errors = [e["error"] for e in validate_corpus(corpus).errors]
    assert any("stale-metrics.yaml" in e["path"] and "detectors" in e["error"]
               for e in validate_corpus(corpus).errors), errors


@pytest.mark.slow
def test_skills_work_where_only_the_users_own_files_were_ingested(coach: Coach, tmp_path: Path) -> None:
    """Reproduces `coach suggest career` exiting 1 ("expected 10 to 14 questions, got 0")."""
    write(tmp_path / "mine" / "notes.md", "# Planning notes\n\nWe want fewer surprises at month end.\n")
    coach.ingest([tmp_path / "mine"], "ops")
    career = coach.suggest("career", {"about": "Torn between managing the team and staying hands-on"}, "ops")
    assert 10 <= len(career.items) <= 14
    known = {c.id for c in coach.store.all_chunks("library")}
    assert all(c.chunk_id in known for item in career.items for c in item.citations)
    okrs = {"objectives": [{"title": "Close the books on time", "key_results": [
        {"text": "Reduce days to close from 9 to 5 by 2026-12-31", "owner": "Ana", "confidence": 0.3}]}]}
    risks = coach.suggest("risks", {"okrs": okrs}, "ops")
    assert sorted(i.risk for i in risks.items) == ["An objective rests on a single key result",
                                                   "Low confidence is reported but nothing changes"]
    lint = coach.suggest("lint", {"okrs": okrs}, "ops")  # cites the built-in guide, read by id
    assert lint.items and all(c.chunk_id in {c.id for c in coach.store.all_chunks("library")}
                              for item in lint.items for c in item.citations)


@pytest.mark.slow
def test_the_cli_answers_in_a_data_dir_without_the_corpus(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    write(tmp_path / "mine" / "notes.md", "# Notes\n\nWants to grow.\n")
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, [*data, "ingest", str(tmp_path / "mine"), "--team", "ops"]).exit_code == 0
    result = runner.invoke(app, [*data, "suggest", "career", "--about", "Thinking of leaving after the reorg",
                                 "--team", "ops", "--json"])
    assert result.exit_code == 0, result.output
