"""Private notes reach their owner only: the key's user, with a role that includes private notes,
in the key's team. Checked through search, career and risks."""

from __future__ import annotations

import pytest

from coach.identity import Principal, Role
from tests.api.conftest import Api

OWNER = "Priya Raman"  # owner of the platform example's 1:1 and career notes
PHRASES = ("staff-level reliability role", "waiting game on the Security review", "break into a fast conversation")
QUERY = "Lena staff-level reliability role people management; Marco tired waiting game Security review"
OKRS = {"objectives": [{"title": "Make deploys boring and safe", "key_results": [
    {"text": "Raise deployment frequency from 4 to 10 per week by 2026-12-31", "confidence": 0.3}]}]}


def _bodies(api: Api, headers: dict[str, str], career_status: int = 200) -> dict[str, str]:
    search = api.client.get("/api/search", params={"q": QUERY, "k": 50}, headers=headers)
    career = api.client.post("/api/skills/career", headers=headers,
                             json={"about": "Lena wants to grow; weighing staff role or management",
                                   "person": "Lena Novak"})
    risks = api.client.post("/api/skills/risks", headers=headers, json={"okrs": OKRS})
    assert [r.status_code for r in (search, career, risks)] == [200, career_status, 200], career.text
    return {"search": search.text, "career": career.text, "risks": risks.text}


def test_the_owner_finds_their_notes_in_search(api: Api) -> None:
    hits = api.client.get("/api/search", params={"q": QUERY, "k": 50},
                          headers=api.auth("manager", user=OWNER)).json()["results"]
    notes = [hit for hit in hits if hit["kind"] == "note"]
    assert notes and all("/notes/" in hit["source"] for hit in notes)
    assert any(phrase in hit["text"] for hit in notes for phrase in PHRASES)


@pytest.mark.parametrize(("role", "user", "team"), [
    ("manager", "Someone Else", "platform"),   # another manager of the same team
    ("admin", "operator", "platform"),         # an admin sees only the notes it owns
    ("member", OWNER, "platform"),             # the owner's name on a role without private notes
    ("coach", OWNER, "platform"),
    ("manager", OWNER, "growth"),              # the owner's name in another team
])
def test_nobody_else_sees_them_through_any_path(api: Api, role: Role, user: str, team: str) -> None:
    career_status = 200 if Principal(team, user, role).can("career") else 403
    bodies = _bodies(api, api.auth(role, team=team, user=user), career_status)
    for path, body in bodies.items():
        assert not any(phrase in body for phrase in PHRASES), (path, role, user, team)
    assert '"kind":"note"' not in bodies["search"]


def test_the_owner_still_gets_career_prompts_and_risks(api: Api) -> None:
    headers = api.auth("manager", user=OWNER)
    career = api.client.post("/api/skills/career", headers=headers,
                             json={"about": "Lena wants to grow; weighing staff role or management"})
    assert career.status_code == 200 and len(career.json()["items"]) >= 10
    assert api.client.post("/api/skills/risks", headers=headers, json={"okrs": OKRS}).status_code == 200
