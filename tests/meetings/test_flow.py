"""Upload → pending → edit → approve → deliver, through the CLI, the API and Python; the
receiver is a real local HTTP server, the stores are real Chroma and SQLite."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from coach.api.app import create_app
from coach.auth import KeyRing
from coach.cli import app
from coach.config import Settings
from coach.embeddings import HashEmbedder
from coach.errors import IngestionError, ValidationError
from coach.identity import Principal, Role
from coach.meetings.service import review_meeting
from coach.review.delivery import Deliverer, HttpxWebhookTransport
from coach.review.queue import ReviewQueue
from coach.service import Coach
from tests.conftest import CORPUS, Receiver

PLATFORM = CORPUS / "examples" / "platform"
TRANSCRIPT = PLATFORM / "checkins" / "2026-11-05-weekly.vtt"


def _bearer(coach: Coach, role: Role, user: str | None = None) -> dict[str, str]:
    key, _ = KeyRing(coach.database).create(Principal.operator("platform"), role, user)
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def workspace(coach: Coach) -> Coach:
    coach.ingest([CORPUS / "practices"])
    coach.ingest([PLATFORM], "platform")
    return coach


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, settings: Settings):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["--data-dir", str(settings.data_dir), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_full_flow_through_the_cli(workspace: Coach, cli, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    workspace.close()  # the CLI opens its own connections on the same data dir
    code, out, _ = cli("nudges", str(TRANSCRIPT), "--team", "platform", "--json")
    report = json.loads(out)
    assert code == 0 and {"summary", "dynamics", "nudges"} <= report.keys()
    nudges = report["nudges"]
    assert nudges and all(n["status"] == "pending" for n in nudges)
    assert any(n["practice"] and n["practice"]["citations"] for n in nudges)
    first, second, third = (n["id"] for n in nudges[:3])
    cli("team", "webhook", "platform", receiver.url)
    wording = "Try a quick round so everyone speaks once."
    assert cli("review", "edit", first, "--text", wording, "--as", "coach-ana")[0] == 0
    assert cli("review", "approve", second, "--as", "coach-ana")[0] == 0
    assert cli("review", "dismiss", third, "--reason", "not useful", "--as", "coach-ana")[0] == 0
    code, out, _ = cli("review", "deliver", "--team", "platform")
    assert code == 0 and json.loads(out)["webhook"]["sent"] == 2
    assert len(receiver.bodies) == 2
    assert sum(t.startswith("Try a quick round so everyone speaks once.") for t in receiver.texts) == 1
    cli("review", "deliver")
    assert len(receiver.bodies) == 2  # never twice
    _, out, _ = cli("review", "list", "--team", "platform", "--status", "pending", "--json")
    pending = json.loads(out)["nudges"]
    assert len(pending) == len(nudges) - 3
    delivered = {n["text"] for n in json.loads(cli("review", "list", "--json")[1])["nudges"]}
    assert not any(p["text"] in receiver.texts for p in pending) and delivered


def test_audit_records_who_when_and_before_after(workspace: Coach) -> None:
    report = review_meeting(workspace, TRANSCRIPT, "platform")
    queue = ReviewQueue(workspace.appdb)
    nudge = report.nudges[0]
    queue.edit(nudge.id, "Try asking each person for one sentence first.", actor="coach-ana")
    events = queue.history(nudge.id)
    edit = next(e for e in events if e.action == "edited")
    assert edit.actor == "coach-ana" and edit.before_text == nudge.text
    assert edit.after_text == "Try asking each person for one sentence first." and edit.at


def test_unapproved_nudges_cannot_be_delivered_by_any_path(workspace: Coach, settings: Settings,
                                                           receiver: Receiver, cli) -> None:  # type: ignore[no-untyped-def]
    report = review_meeting(workspace, TRANSCRIPT, "platform")
    queue = ReviewQueue(workspace.appdb)
    workspace.appdb.set_webhook("platform", receiver.url)
    flip = report.nudges[0].id
    queue.approve(flip, actor="a")
    queue.dismiss(flip, reason="changed my mind", actor="a")  # approved, then dismissed
    transport = HttpxWebhookTransport()
    Deliverer(workspace.appdb, transport).deliver("platform")  # Python, one team
    Deliverer(workspace.appdb, transport).deliver(None)  # Python, every team
    transport.close()
    with TestClient(create_app(settings, workspace)) as client:  # HTTP API
        headers = _bearer(workspace, "coach")
        assert client.post("/api/review/deliver", headers=headers).status_code == 200
        assert client.get("/api/team/feed", headers=headers).json() == {"items": []}
    workspace.close()
    assert cli("review", "deliver", "--team", "platform")[0] == 0  # CLI
    assert receiver.bodies == [] and receiver.requests == 0


def test_api_flow(workspace: Coach, settings: Settings, receiver: Receiver) -> None:
    workspace.appdb.set_webhook("platform", receiver.url)
    with TestClient(create_app(settings, workspace), headers=_bearer(workspace, "coach", "ana")) as client:
        upload = {"filename": "weekly.vtt", "text": TRANSCRIPT.read_text(), "attendees": []}
        nudges = client.post("/api/transcripts", json=upload).json()["nudges"]
        target = nudges[0]["id"]
        edited = client.post(f"/api/review/{target}/edit", json={"text": "Try a short round first."})
        assert edited.json()["status"] == "edited"
        assert client.post(f"/api/review/{target}/dismiss", json={}).status_code == 422
        assert client.post("/api/review/deliver").json()["webhook"]["sent"] == 1
        feed = [i["text"] for i in client.get("/api/team/feed").json()["items"]]
        assert len(feed) == 1 and feed[0].startswith("Try a short round first.\n> Priya Raman")
        assert client.post("/api/review/nope/approve").status_code == 404
        events = client.get(f"/api/review/{target}/history").json()["events"]
        assert {e["actor"] for e in events if e["action"] != "created"} == {"ana"}
    assert receiver.texts[0].startswith("Try a short round first.")


def test_malformed_transcript_is_refused_and_nothing_is_stored(workspace: Coach, tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi</v>\n\nthis line is not a cue\n")
    before = workspace.store.count("platform")
    with pytest.raises(IngestionError, match=r"bad\.vtt: malformed transcript: line 6"):
        review_meeting(workspace, bad, "platform")
    assert workspace.store.count("platform") == before and ReviewQueue(workspace.appdb).list() == []


def test_growth_nudges_use_the_team_words(coach: Coach) -> None:
    coach.ingest([CORPUS / "examples" / "growth"], "growth")
    report = review_meeting(coach, CORPUS / "examples" / "growth" / "checkins" / "2026-11-12-weekly.txt", "growth")
    texts = " ".join(n.text for n in report.nudges)
    assert "key result" not in texts.lower()
    assert "goal" in texts.lower() or "measure" in texts.lower()


def test_retention_purge_removes_transcripts_chunks_and_resolved_nudges(workspace: Coach) -> None:
    report = review_meeting(workspace, TRANSCRIPT, "platform")
    queue = ReviewQueue(workspace.appdb)
    queue.dismiss(report.nudges[0].id, reason="no", actor="a")
    key = str(TRANSCRIPT.resolve())
    assert workspace.manifest.file("platform", key) is not None
    purged = workspace.appdb.purge("platform", dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert purged.nudges == 1 and key in purged.transcripts
    assert workspace.forget([Path(p) for p in purged.transcripts], "platform") == 1
    assert workspace.manifest.file("platform", key) is None
    assert not any(c.metadata.get("source") == key for c in workspace.store.all_chunks("platform"))
    remaining = queue.list("platform")
    assert len(remaining) == len(report.nudges) - 1 and all(n.status == "pending" for n in remaining)


def test_edit_needs_real_text(workspace: Coach) -> None:
    report = review_meeting(workspace, TRANSCRIPT, "platform")
    with pytest.raises(ValidationError):
        ReviewQueue(workspace.appdb).edit(report.nudges[0].id, "  ", actor="a")


def test_hash_embedder_is_only_for_tests() -> None:
    assert HashEmbedder().name == "hash"
