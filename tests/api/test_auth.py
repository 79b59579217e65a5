"""Every route: no key → 401; a role below the one needed → 403; another team's ids, names and
paths → 404 with none of its data; the team, viewer and actor come from the key alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from coach.identity import ROLES, Capability, Principal
from tests.api.conftest import Api
from tests.conftest import CORPUS

PLATFORM = CORPUS / "examples" / "platform"
TRANSCRIPT = (PLATFORM / "checkins" / "2026-11-05-weekly.vtt").read_text(encoding="utf-8")
OKRS = {"objectives": [{"title": "Make deploys boring and safe",
                        "key_results": [{"text": "Raise deployment frequency from 4 to 10 per week"}]}]}
NUDGE = "NUDGE_ID"  # replaced by a real platform nudge id


@dataclass(frozen=True)
class Call:
    """One route, a valid request to it, and the capability it needs."""

    method: str
    path: str
    needs: Capability
    body: dict[str, Any] | None = None
    params: dict[str, Any] | None = None


CALLS = (
    Call("GET", "/api/me", "read"),
    Call("GET", "/api/search", "read", params={"q": "deploy"}),
    Call("GET", "/api/skills", "read"),
    Call("POST", "/api/skills/key-results", "suggest", {"objective": "Make deploys boring and safe"}),
    Call("POST", "/api/skills/practices", "suggest", {"key_result": "Raise deployment frequency"}),
    Call("POST", "/api/skills/risks", "suggest", {"okrs": OKRS}),
    Call("POST", "/api/skills/lint", "suggest", {"okrs": OKRS}),
    Call("POST", "/api/skills/career", "career", {"about": "Wants a staff role in two years"}),
    Call("POST", "/api/skills/experiments", "suggest", {"key_result": "Raise deployment frequency"}),
    Call("POST", "/api/skills/nudges", "review", {"transcript": "weekly.vtt", "speakers": ["Ana"], "drafts": []}),
    Call("GET", "/api/team", "read"),
    Call("GET", "/api/team/feed", "read"),
    Call("PUT", "/api/team/terms", "admin", {"objective": "ambition"}),
    Call("PUT", "/api/team/webhook", "admin", {"url": None}),
    Call("PUT", "/api/team/retention", "admin", {"days": 30}),
    Call("POST", "/api/team/files", "admin", {"filename": "extra.md", "text": "# Extra\nA team page.\n"}),
    Call("POST", "/api/transcripts", "review", {"filename": "w.vtt", "text": TRANSCRIPT}),
    Call("GET", "/api/review", "manager_notes"),
    Call("GET", f"/api/review/{NUDGE}", "review"),
    Call("GET", f"/api/review/{NUDGE}/history", "review"),
    Call("POST", f"/api/review/{NUDGE}/approve", "review"),
    Call("POST", f"/api/review/{NUDGE}/edit", "review", {"text": "Try a short round of updates first."}),
    Call("POST", f"/api/review/{NUDGE}/dismiss", "review", {"reason": "wrong speaker"}),
    Call("POST", "/api/review/deliver", "review"),
    Call("POST", "/api/checkins", "suggest", {"kr_id": "KR1.1", "value": 7}),
    Call("GET", "/api/key-results/states", "read"),
    Call("POST", "/api/checkins/agenda", "read"),
    Call("POST", "/api/experiments", "suggest", {"kr_id": "KR1.1", "hypothesis": "We believe smaller "
                                                 "batches will move deployment frequency up because reviews wait"}),
    Call("GET", "/api/experiments", "read"),
    Call("PATCH", "/api/experiments/{experiment_id}", "suggest", {"status": "running"}),
    Call("GET", "/api/keys", "admin"),
    Call("POST", "/api/keys", "admin", {"role": "member", "user": "new-member"}),
    Call("DELETE", "/api/keys/key_missing", "admin"),
)


def _send(api: Api, call: Call, headers: dict[str, str], nudge: str = "nope") -> Any:
    return api.client.request(call.method, call.path.replace(NUDGE, nudge), json=call.body,
                              params=call.params, headers=headers)


def _platform_nudge(api: Api) -> tuple[str, str]:
    """A platform nudge's id and text."""
    nudges = api.client.post("/api/transcripts", headers=api.auth("coach"),
                             json={"filename": "weekly.vtt", "text": TRANSCRIPT}).json()["nudges"]
    return nudges[0]["id"], nudges[0]["text"]


def test_every_api_route_is_in_the_table(shared_api: Api) -> None:
    paths = shared_api.client.get("/openapi.json").json()["paths"]
    routes = {(method.upper(), path) for path, item in paths.items() if path.startswith("/api")
              for method in item}
    table = {(c.method, c.path.replace(NUDGE, "{nudge_id}").replace("key_missing", "{key_id}")) for c in CALLS}
    assert routes == table


@pytest.mark.parametrize("call", CALLS, ids=lambda c: f"{c.method} {c.path}")
def test_no_key_or_a_bad_key_gets_401_in_the_one_shape(shared_api: Api, call: Call) -> None:
    for headers in ({}, {"Authorization": "Bearer coach_not-a-real-key"}, {"Authorization": "Basic eDp5"}):
        response = _send(shared_api, call, headers)
        assert response.status_code == 401, (call, headers, response.text)
        assert set(response.json()) == {"error"}
        assert response.json()["error"]["code"] == "unauthorized"
        assert "coach keys create" in response.json()["error"]["hint"]


def test_a_revoked_key_stops_working(api: Api) -> None:
    from coach.auth import KeyRing

    headers = api.auth("member")
    assert api.client.get("/api/me", headers=headers).status_code == 200
    ring = KeyRing(api.coach.database)
    key_id = next(info.id for info in ring.list("platform") if info.role == "member")
    ring.revoke(Principal.operator("platform"), key_id)
    assert api.client.get("/api/me", headers=headers).status_code == 401


@pytest.fixture(scope="module")
def shared_nudge(shared_api: Api) -> str:
    return _platform_nudge(shared_api)[0]


@pytest.mark.parametrize("call", CALLS, ids=lambda c: f"{c.method} {c.path}")
def test_each_role_below_the_one_needed_gets_403(shared_api: Api, shared_nudge: str, call: Call) -> None:
    for role in ROLES:
        allowed = Principal("platform", "someone", role).can(call.needs)
        response = _send(shared_api, call, shared_api.auth(role), shared_nudge)
        if allowed:
            assert response.status_code not in (401, 403), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)
            assert response.json()["error"]["code"] == "forbidden"
            assert role in response.json()["error"]["message"]


def test_member_sees_exactly_who_it_is(api: Api) -> None:
    body = api.client.get("/api/me", headers=api.auth("member", user="sam")).json()
    assert body == {"team": "platform", "user": "sam", "role": "member"}


@pytest.mark.parametrize("action", ["", "/history", "/approve", "/edit", "/dismiss"])
def test_another_teams_nudge_is_not_found_and_untouched(api: Api, action: str) -> None:
    nudge, text = _platform_nudge(api)
    call = next(c for c in CALLS if c.path == f"/api/review/{NUDGE}{action}")
    response = _send(api, call, api.auth("admin", team="growth"), nudge)
    assert response.status_code == 404
    assert text not in response.text and "platform" not in response.text
    stored = api.client.get(f"/api/review/{nudge}", headers=api.auth("coach")).json()
    assert stored["status"] == "pending" and stored["text"] == text


def test_lists_feeds_and_searches_hold_only_the_keys_team(api: Api) -> None:
    _platform_nudge(api)
    growth = api.auth("admin", team="growth", user="Priya Raman")  # same user name, other team
    assert api.client.get("/api/review", headers=growth).json() == {"nudges": []}
    assert api.client.post("/api/review/deliver", headers=growth).json()["feed"]["sent"] == 0
    # A team named in the query is ignored: the key decides.
    hits = api.client.get("/api/search", params={"q": "deployment frequency pipeline Lena", "k": 50,
                                                 "team": "platform"}, headers=growth).json()["results"]
    assert hits and not any("examples/platform" in hit["source"] for hit in hits)
    assert "Lena" not in str(hits)


def test_same_transcript_name_in_another_team_is_its_own_file(api: Api) -> None:
    _platform_nudge(api)  # platform stores weekly.vtt
    other = TRANSCRIPT.replace("Priya", "Pria")
    response = api.client.post("/api/transcripts", headers=api.auth("coach", team="growth"),
                               json={"filename": "weekly.vtt", "text": other})
    assert response.status_code == 200, response.text  # no 409: nothing reveals platform's file
    assert all(n["team"] == "growth" for n in response.json()["nudges"])


def test_review_actions_record_the_keys_user_never_a_typed_name(api: Api) -> None:
    nudge, _ = _platform_nudge(api)
    headers = api.auth("coach", user="ana.coach")
    response = api.client.post(f"/api/review/{nudge}/approve", headers=headers, json={"actor": "mallory"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    events = api.client.get(f"/api/review/{nudge}/history", headers=headers).json()["events"]
    assert [e["actor"] for e in events][-1] == "ana.coach"
    assert "mallory" not in str(events)


def test_only_admins_change_settings_and_the_change_stays_in_the_team(api: Api) -> None:
    response = api.client.put("/api/team/terms", headers=api.auth("admin"), json={"objective": "ambition"})
    assert response.status_code == 200 and response.json()["terms"]["objective"] == "ambition"
    growth = api.client.get("/api/team", headers=api.auth("member", team="growth")).json()
    assert growth["team"] == "growth" and growth["terms"]["objective"] != "ambition"


def test_admins_manage_their_own_teams_keys_only(api: Api) -> None:
    admin, other_admin = api.auth("admin"), api.auth("admin", team="growth")
    created = api.client.post("/api/keys", headers=admin, json={"role": "coach", "user": "ana"}).json()
    assert created["team"] == "platform" and created["role"] == "coach"
    fresh = {"Authorization": f"Bearer {created['key']}"}
    assert api.client.get("/api/me", headers=fresh).json()["user"] == "ana"
    listed = api.client.get("/api/keys", headers=admin).text
    assert created["id"] in listed and created["key"] not in listed
    assert created["id"] not in api.client.get("/api/keys", headers=other_admin).text
    refused = api.client.delete(f"/api/keys/{created['id']}", headers=other_admin)
    assert refused.status_code == 404 and "ana" not in refused.text
    assert api.client.get("/api/me", headers=fresh).status_code == 200
    assert api.client.delete(f"/api/keys/{created['id']}", headers=admin).json()["revoked_at"]
    assert api.client.get("/api/me", headers=fresh).status_code == 401
