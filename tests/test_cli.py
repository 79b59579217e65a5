"""The CLI contract used by scripts outside the project: `ingest --json` and `search --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app
from tests.samples import METRICS_CSV, write


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    runner = CliRunner()
    data = tmp_path / "cli-data"

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["--data-dir", str(data), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_ingest_json_contract(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "lib" / "a.md", "# Pre-mortem\nImagine failure first.\n")
    write(tmp_path / "lib" / "m.csv", METRICS_CSV)
    code, out, _ = run("ingest", str(tmp_path / "lib"), "--json")
    report = json.loads(out)
    assert code == 0
    for key in ("files", "added", "updated", "unchanged", "removed", "chunks"):
        assert isinstance(report[key], int)
    assert report["files"] == 2 and report["added"] == 2 and report["errors"] == []
    code, out, _ = run("ingest", str(tmp_path / "lib"), "--json")
    assert json.loads(out)["unchanged"] == 2


def test_ingest_with_a_bad_file_exits_non_zero_and_names_it(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "lib" / "good.md", "Fine.\n")
    write(tmp_path / "lib" / "bad.yaml", "objectives: [\n")
    code, out, _ = run("ingest", str(tmp_path / "lib"), "--json")
    report = json.loads(out)
    assert code == 1 and report["added"] == 1
    assert report["errors"][0]["path"].endswith("bad.yaml") and "invalid YAML" in report["errors"][0]["error"]


def test_search_json_contract_and_team_scope(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "lib" / "g.md", "# Check-ins\nWeekly confidence check-ins.\n")
    write(tmp_path / "team" / "o.md", "# Platform notes\nConfidence is low on deploys.\n")
    run("ingest", str(tmp_path / "lib"))
    run("ingest", str(tmp_path / "team"), "--team", "platform")
    code, out, _ = run("search", "confidence", "--team", "platform", "-k", "5", "--json")
    results = json.loads(out)["results"]
    assert code == 0 and {r["title"] for r in results} == {"Check-ins", "Platform notes"}
    assert set(results[0]) == {"chunk_id", "source", "title", "kind", "text", "score"}
    assert all(Path(r["source"]).is_file() for r in results)
    _, out, _ = run("search", "confidence", "--kind", "practice", "--json")
    assert json.loads(out) == {"results": []}
    _, out, _ = run("search", "confidence", "--json")
    assert [r["title"] for r in json.loads(out)["results"]] == ["Check-ins"]


def test_bad_team_name_is_a_clear_error(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("search", "x", "--team", "No Spaces")
    assert code == 2 and "invalid team name" in err and "--team platform" in err


def test_bad_setting_names_the_env_var(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_CHUNK_OVERLAP", "500")
    code, _, err = run("search", "x")
    assert code == 2 and "COACH_CHUNK_OVERLAP" in err


def test_bootstrap_indexes_library_and_example_teams(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    write(corpus / "guides" / "g.md", "---\nid: g\ntitle: G\nkind: guide\n---\n## A\nText.\n")
    write(corpus / "examples" / "alpha" / "notes.md", "Alpha notes.\n")
    write(corpus / ".coachignore", "examples\n")
    code, out, _ = run("bootstrap", str(corpus), "--json")
    reports = json.loads(out)
    assert code == 0 and reports["library"]["added"] == 1 and reports["alpha"]["added"] == 1
