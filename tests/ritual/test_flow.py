"""The weekly ritual end to end through the CLI, the HTTP API and Python, on one data dir:
import OKRs → three check-ins → agenda → experiments proposed and one added → finished with a
learning → the learning cited by the next suggestion and invisible to another team."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from coach.api.app import create_app
from coach.cli import app
from coach.config import Settings
from coach.embeddings import HashEmbedder
from coach.identity import Principal
from coach.service import Coach
from tests.conftest import CORPUS

GROWTH = CORPUS / "examples" / "growth"
KR = "KR1.4"  # Reduce median time to first project from 52 to 20 minutes by 2026-12-31
KR_TEXT = "Reduce median time to first project from 52 to 20 minutes by 2026-12-31"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    runner = CliRunner()

    def run(*args: str) -> Any:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout) if "--json" in args else result.stdout
    return run


def test_the_weekly_ritual_through_cli_api_and_python(cli: Any, tmp_path: Path) -> None:
    with contextlib.ExitStack() as stack:
        _ritual(cli, tmp_path, stack)


def _ritual(cli: Any, tmp_path: Path, stack: contextlib.ExitStack) -> None:
    # 1. import the OKRs (with the team's metrics, cycle and check-in transcripts) and the practice cards
    cli("ingest", str(CORPUS / "practices"), str(CORPUS / "guides"))
    cli("ingest", str(GROWTH), "--team", "growth")
    cli("ingest", str(CORPUS / "examples" / "platform"), "--team", "platform")
    keys = {team: cli("keys", "create", "--team", team, "--role", "member", "--user", user, "--json")["key"]
            for team, user in (("growth", "keiko"), ("platform", "marco"))}
    coach = Coach(Settings(data_dir=tmp_path / "data", embedder="hash"), embedder=HashEmbedder())
    api = stack.enter_context(TestClient(create_app(coach.settings, coach)))
    auth = {team: {"Authorization": f"Bearer {key}"} for team, key in keys.items()}
    today = dt.date.today()

    # 2. three check-ins: CLI, API, Python; the recorder is whoever acts, never a name sent
    recorded = cli("checkin", "record", "--team", "growth", "--kr", KR, "--value", "44 minutes",
                   "--confidence", "0.5", "--date", str(today - dt.timedelta(days=14)), "--json")
    assert recorded["checkin"]["kr_id"] == KR and recorded["state"] in ("on_track", "off_track", "low_confidence")
    response = api.post("/api/checkins", headers=auth["growth"],
                        json={"kr_id": KR, "value": 44, "confidence": 0.4, "date": str(today - dt.timedelta(days=7)),
                              "recorded_by": "someone else"})
    assert response.status_code == 201 and response.json()["recorded_by"] == "keiko"
    stored, tracked = coach.ritual.record_checkin(Principal("growth", "sofia", "member"), KR, "44",
                                                  note="template step still slow")
    assert stored.recorded_by == "sofia" and tracked.status is not None and tracked.status.state == "stalled"
    wrong = api.post("/api/checkins", headers=auth["growth"], json={"kr_id": KR, "value": "1 hours"})
    assert wrong.status_code == 422 and "measured in minutes" in wrong.text
    assert api.post("/api/checkins", headers=auth["growth"], json={"kr_id": "KR9.9", "value": 1}).status_code == 404

    # 3. the agenda: the stalled key result with an experiment idea; facilitation from the last meeting
    agenda = cli("checkin", "prepare", "--team", "growth", "--json")
    item = next(i for i in agenda["items"] if i["kr_id"] == KR)
    assert item["state"] == "stalled" and item["idea"]["text"].startswith("We believe")
    assert item["questions"] and agenda["round"] and agenda["facilitation"]
    assert any("Keiko Tanaka" in note for note in agenda["facilitation"])  # silent in the last check-in

    # 4. propose experiments (CLI) and add one (API)
    proposed = cli("suggest", "experiments", KR_TEXT, "--team", "growth", "--kr", KR, "--json")
    assert 3 <= len(proposed["items"]) <= 5
    added = api.post("/api/experiments", headers=auth["growth"],
                     json={"kr_id": KR, "hypothesis": proposed["items"][0]["hypothesis"], "test": "one week"})
    assert added.status_code == 201 and added.json()["recorded_by"] == "keiko"
    number = added.json()["id"]

    # 5. finish it with a learning (CLI); another team's key cannot touch it
    other = api.patch(f"/api/experiments/{number}", headers=auth["platform"], json={"status": "abandoned"})
    assert other.status_code == 404 and "Reduce median" not in other.text
    done = cli("experiments", "update", str(number), "--team", "growth", "--status", "done",
               "--result", "median fell on the new template", "--learning",
               "copying templates is what makes the first project slow", "--json")
    assert done["status"] == "done" and done["learning"].startswith("copying templates")
    listed = api.get("/api/experiments", headers=auth["growth"], params={"kr_id": KR}).json()
    assert [e["id"] for e in listed["experiments"]] == [number]
    assert api.get("/api/experiments", headers=auth["platform"]).json() == {"experiments": []}

    # 6. the next suggestions cite the learning; another team never sees it
    later = coach.suggest("experiments", {"key_result": KR_TEXT, "kr_id": KR}, "growth")
    assert "copying templates is what makes the first project slow" in later.items[0].hypothesis
    assert any(c.source == f"experiments/{number}" for c in later.items[0].citations)
    practices = coach.suggest("practices", {"key_result": KR_TEXT}, "growth")
    assert practices.learnings and practices.learnings[0].learned_on == str(today)
    platform = coach.suggest("experiments", {"key_result": KR_TEXT}, "platform")
    assert all("copying templates" not in i.hypothesis for i in platform.items) and not platform.learnings
    reviewed = cli("checkin", "prepare", "--team", "growth", "--json")["learnings"]
    assert [r["experiment_id"] for r in reviewed] == [number] and reviewed[0]["question"].startswith("What did")
    assert cli("checkin", "prepare", "--team", "growth", "--json")["learnings"] == []  # shown once
