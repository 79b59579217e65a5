"""Team files become records when ingested; `coach okrs import/export` round-trips the README schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coach.cli import app
from coach.service import Coach
from coach.workspace.files import read_okrs
from tests.conftest import CORPUS

HARBOUR = Path(__file__).resolve().parent.parent / "db" / "fixtures" / "release-0.1" / "files" / "harbour"


@pytest.fixture
def harbour(tmp_path: Path) -> Path:
    return Path(shutil.copytree(HARBOUR, tmp_path / "harbour"))


def test_ingesting_a_team_folder_fills_the_records(coach: Coach, harbour: Path) -> None:
    report = coach.ingest([harbour], "harbour")
    assert report.errors == [] and report.added == 4
    repo = coach.repository
    okrs = repo.okrs("harbour")[0].okrs
    assert [o.id for o in okrs.objectives] == ["O1", "O2"]
    assert okrs.objectives[0].key_results[0].baseline == 30
    assert [(s.metric, s.value) for s in repo.latest_metrics("harbour")] == [
        ("berth turnaround", 29.5), ("inspections on time", 97.0)]
    team = repo.require_team("harbour")
    assert team.cycle is not None and team.cycle.label == "2026-Q4" and team.vocabulary.objective == "aim"
    assert len(repo.members("harbour")) == 3
    assert coach.ingest([harbour], "harbour").unchanged == 4
    assert repo.okrs("harbour")[0].okrs == okrs


def test_a_changed_file_updates_and_a_removed_file_drops_its_records(coach: Coach, harbour: Path) -> None:
    coach.ingest([harbour], "harbour")
    okr_file = harbour / "okrs.yaml"
    text = okr_file.read_text(encoding="utf-8")
    okr_file.write_text(text[:text.index("  - id: O2")], encoding="utf-8")  # drop objective O2
    assert coach.ingest([harbour], "harbour").updated == 1
    assert [o.id for o in coach.repository.okrs("harbour")[0].okrs.objectives] == ["O1"]
    (harbour / "metrics.csv").unlink()
    assert coach.ingest([harbour], "harbour").removed == 1
    assert coach.repository.latest_metrics("harbour") == []


def test_a_team_yaml_reingest_keeps_settings_changed_since(coach: Coach, harbour: Path) -> None:
    from coach.vocabulary import Vocabulary

    coach.ingest([harbour], "harbour")
    coach.appdb.set_vocabulary("harbour", Vocabulary(objective="goal"))
    coach.ingest([harbour], "harbour")  # unchanged file: the team's later choice stands
    assert coach.vocabulary("harbour").objective == "goal"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["--data-dir", str(tmp_path / "cli-data"), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.mark.parametrize("source", [CORPUS / "examples" / "platform" / "okrs.yaml", HARBOUR / "okrs.yaml"])
def test_okrs_import_then_export_round_trips(run, tmp_path: Path, source: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("okrs", "import", str(source), "--team", "roundtrip", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["team"], result["kind"], result["status"]) == ("roundtrip", "okr", "added")
    assert json.loads(run("okrs", "import", str(source), "--team", "roundtrip", "--json")[1])["status"] == "unchanged"
    code, exported, err = run("okrs", "export", "--team", "roundtrip")
    assert code == 0, err
    again = tmp_path / "exported.yaml"
    again.write_text(exported, encoding="utf-8")
    original = read_okrs(source, source.read_text(encoding="utf-8"))
    assert read_okrs(again, exported) == original.model_copy(update={"team": "roundtrip"})
    assert yaml.safe_load(exported)["objectives"][0]["key_results"][0]["text"] == \
        original.objectives[0].key_results[0].text
    code, out, _ = run("search", "deployment turnaround", "--team", "roundtrip", "--json")
    assert code == 0 and any(r["kind"] == "okr" for r in json.loads(out)["results"])  # indexed too


def test_okrs_import_refuses_other_files_and_export_names_the_fix(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    metrics = HARBOUR / "metrics.csv"
    code, _, err = run("okrs", "import", str(metrics), "--team", "harbour")
    assert code == 1 and "not an OKR file" in err
    code, _, err = run("okrs", "export", "--team", "harbour")
    assert code == 1 and "coach team create harbour" in err
    assert run("team", "create", "harbour")[0] == 0
    code, _, err = run("okrs", "export", "--team", "harbour")
    assert code == 1 and "coach okrs import FILE --team harbour" in err


def test_a_json_okr_file_round_trips_too(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "okrs.json"
    source.write_text(json.dumps(yaml.safe_load((HARBOUR / "okrs.yaml").read_text(encoding="utf-8")), default=str),
                      encoding="utf-8")
    code, out, err = run("okrs", "import", str(source), "--team", "harbour", "--json")
    assert code == 0 and json.loads(out)["records"] == 5, err
    exported = run("okrs", "export", "--team", "harbour", "--cycle", "2026-Q4")[1]
    assert read_okrs(tmp_path / "again.yaml", exported) == read_okrs(source, source.read_text(encoding="utf-8"))
