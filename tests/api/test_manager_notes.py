"""Wellbeing signals from a check-in reach the team's manager through the review queue, and only
the team's managers and coaches: never its members, never another team."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Api
from tests.conftest import ROOT

# A labelled check-in (tune split) in which a nurse says she has worked every weekend this month.
WARD = ROOT / "evals" / "datasets" / "checkins" / "ward-night-handover.txt"


@pytest.fixture(scope="module")
def queued(shared_api: Api) -> list[dict[str, Any]]:
    response = shared_api.client.post("/api/transcripts", headers=shared_api.auth("coach"),
                                      json={"filename": "ward-handover.txt", "text": WARD.read_text("utf-8")})
    assert response.status_code == 200, response.text
    nudges: list[dict[str, Any]] = response.json()["nudges"]
    return nudges


def test_the_check_in_queues_a_private_note_for_the_manager(queued: list[dict[str, Any]]) -> None:
    notes = [n for n in queued if n["audience"] == "manager"]
    assert [n["kind"] for n in notes] == ["wellbeing"]
    assert any("every weekend" in e["text"] for e in notes[0]["evidence"])
    assert any(n["audience"] == "team" for n in queued)


def test_the_manager_sees_only_the_notes_addressed_to_them(shared_api: Api, queued: list[dict[str, Any]]) -> None:
    response = shared_api.client.get("/api/review", headers=shared_api.auth("manager", user="Grace Okafor"))
    assert response.status_code == 200, response.text
    listed = response.json()["nudges"]
    assert listed and {n["audience"] for n in listed} == {"manager"}
    assert {n["id"] for n in queued if n["audience"] == "manager"} <= {n["id"] for n in listed}
    pending = shared_api.client.get("/api/review", params={"status": "pending"},
                                    headers=shared_api.auth("manager"))
    assert {n["audience"] for n in pending.json()["nudges"]} == {"manager"}


def test_the_coach_sees_the_note_among_the_team_nudges(shared_api: Api, queued: list[dict[str, Any]]) -> None:
    listed = shared_api.client.get("/api/review", headers=shared_api.auth("coach")).json()["nudges"]
    assert {"manager", "team"} <= {n["audience"] for n in listed}


def test_a_member_never_sees_the_queue_or_the_note(shared_api: Api, queued: list[dict[str, Any]]) -> None:
    note = next(n for n in queued if n["audience"] == "manager")
    headers = shared_api.auth("member")
    listing = shared_api.client.get("/api/review", headers=headers)
    one = shared_api.client.get(f"/api/review/{note['id']}", headers=headers)
    assert (listing.status_code, one.status_code) == (403, 403)
    assert "every weekend" not in listing.text + one.text
    feed = shared_api.client.get("/api/team/feed", headers=headers)
    assert feed.status_code == 200 and "every weekend" not in feed.text


def test_a_manager_cannot_change_the_queue(shared_api: Api, queued: list[dict[str, Any]]) -> None:
    note = next(n for n in queued if n["audience"] == "manager")
    response = shared_api.client.post(f"/api/review/{note['id']}/approve", headers=shared_api.auth("manager"))
    assert response.status_code == 403


def test_another_teams_manager_sees_none_of_it(shared_api: Api, queued: list[dict[str, Any]]) -> None:
    response = shared_api.client.get("/api/review", headers=shared_api.auth("manager", team="growth"))
    assert response.status_code == 200
    assert {n["id"] for n in response.json()["nudges"]}.isdisjoint({n["id"] for n in queued})
    assert "every weekend" not in response.text


def _web_page(api: Api, key: str, path: str) -> str:
    """The HTML of a web page, signed in with the key through the sign-in form."""
    browser = TestClient(api.client.app, base_url="https://testserver")
    form = browser.get("/signin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    browser.post("/signin", data={"key": key, "csrf_token": token.group(1)}, follow_redirects=False)
    response = browser.get(path)
    assert response.status_code == 200, response.text
    return response.text


def test_the_web_manager_page_shows_the_note(shared_api: Api, queued: list[dict[str, Any]]) -> None:
    note = next(n for n in queued if n["audience"] == "manager")
    html = _web_page(shared_api, shared_api.key("manager"), "/manager")
    assert "Notes for you from check-ins" in html and f'id="signal-{note["id"]}"' in html
    assert not any(f'id="signal-{n["id"]}"' in html for n in queued if n["audience"] == "team")
