"""`coach keys create | list | revoke`: printed once, stored as a hash, refused for unknown teams."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from coach.auth import KeyRing, resolve_key
from coach.cli import app
from coach.config import Settings
from coach.db import open_database
from coach.db.models import ApiKeyRow
from coach.errors import UnauthorizedError
from coach.service import Coach
from tests.samples import write


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, settings: Settings, coach: Coach, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    coach.ingest([write(tmp_path / "team" / "goals.md", "# Goals\nShip calmly.\n")], "platform")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["--data-dir", str(settings.data_dir), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_create_prints_the_key_once_and_stores_only_its_hash(cli, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("keys", "create", "--team", "platform", "--role", "coach", "--user", "ana", "--json")
    assert code == 0
    created = json.loads(out)
    assert set(created) == {"key", "id", "team", "role", "user"}
    assert (created["team"], created["role"], created["user"]) == ("platform", "coach", "ana")
    assert len(created["key"]) >= 43  # 32 random bytes, URL-safe
    database = open_database(settings)
    try:
        with database.session() as session:
            row = session.scalars(select(ApiKeyRow)).one()
            stored = [str(v) for v in (row.id, row.team, row.user, row.role, row.prefix, row.hash)]
        assert created["key"] not in " ".join(stored)
        assert row.hash == hashlib.sha256(created["key"].encode()).hexdigest()
        principal = resolve_key(database, created["key"])
        assert (principal.team, principal.user, principal.role) == ("platform", "ana", "coach")
    finally:
        database.close()
    code, listed, _ = cli("keys", "list", "--json")
    assert code == 0 and created["key"] not in listed
    assert [k["id"] for k in json.loads(listed)["keys"]] == [created["id"]]
    assert json.loads(listed)["keys"][0]["prefix"] == created["key"][:14]


def test_revoked_keys_stop_resolving(cli, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    created = json.loads(cli("keys", "create", "--team", "platform", "--role", "member", "--json")[1])
    code, out, _ = cli("keys", "revoke", created["id"])
    assert code == 0 and "revoked" in out
    database = open_database(settings)
    try:
        with pytest.raises(UnauthorizedError):
            resolve_key(database, created["key"])
        assert KeyRing(database).list("platform")[0].revoked_at is not None
    finally:
        database.close()
    code, _, err = cli("keys", "revoke", "key_missing")
    assert code == 1 and "coach keys list" in err


def test_unknown_team_and_role_are_refused_with_the_fix(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("keys", "create", "--team", "nowhere", "--role", "member")
    assert code == 1 and "coach team create nowhere" in err
    code, _, err = cli("keys", "create", "--team", "platform", "--role", "boss")
    assert code == 2 and "member, manager, coach, admin" in err
    code, _, err = cli("keys", "create", "--team", "Bad Team", "--role", "member")
    assert code != 0 and "invalid team name" in err


def test_list_filters_by_team(cli) -> None:  # type: ignore[no-untyped-def]
    cli("keys", "create", "--team", "platform", "--role", "admin")
    code, out, _ = cli("keys", "list", "--team", "growth", "--json")
    assert code == 0 and json.loads(out) == {"keys": []}
    code, out, _ = cli("keys", "list")
    assert code == 0 and "platform" in out and "admin" in out and "1 key(s)" in out


def test_team_create_makes_keys_possible(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("team", "create", "newteam", "--json")
    assert code == 0 and json.loads(out) == {"team": "newteam", "created": True}
    assert json.loads(cli("team", "create", "newteam", "--json")[1])["created"] is False
    code, out, _ = cli("keys", "create", "--team", "newteam", "--role", "admin", "--json")
    assert code == 0 and json.loads(out)["team"] == "newteam"
    code, _, err = cli("team", "create", "Not A Name")
    assert code == 2 and "invalid team name" in err
