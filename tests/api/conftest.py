"""Apps with two example teams and keys on demand, on real Chroma and the real app database.

The teams are indexed once per session into a template data dir (hash embedder), which each
app copies, so every test starts from the same data without paying for ingestion again.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.auth import KeyRing
from coach.config import Settings
from coach.embeddings import HashEmbedder
from coach.identity import Principal, Role
from coach.service import Coach
from tests.conftest import CORPUS


@dataclass
class Api:
    """A TestClient on the app, and keys to call it with."""

    client: TestClient
    coach: Coach
    keys: dict[tuple[str, str, str | None], str] = field(default_factory=dict)

    def key(self, role: Role, team: str = "platform", user: str | None = None) -> str:
        """A key for this team, role and user (made once)."""
        wanted = (team, role, user)
        if wanted not in self.keys:
            self.keys[wanted], _ = KeyRing(self.coach.database).create(Principal.operator(team), role, user)
        return self.keys[wanted]

    def auth(self, role: Role = "admin", team: str = "platform", user: str | None = None) -> dict[str, str]:
        """The Authorization header of that key."""
        return {"Authorization": f"Bearer {self.key(role, team, user)}"}


@pytest.fixture(scope="session")
def template_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the built-in corpus in the library and both example teams."""
    data = tmp_path_factory.mktemp("api-template") / "data"
    coach = Coach(Settings(data_dir=data, embedder="hash"), embedder=HashEmbedder())
    coach.ingest([CORPUS])
    for team in ("platform", "growth"):
        coach.ingest([CORPUS / "examples" / team], team)
    coach.close()
    return data


def make_api(settings: Settings, template: Path, coach: Coach | None = None) -> Iterator[Api]:
    """The app on a copy of the template data dir."""
    shutil.copytree(template, settings.data_dir, dirs_exist_ok=True)
    coach = coach or Coach(settings, embedder=HashEmbedder())
    with TestClient(create_app(settings, coach)) as client:
        yield Api(client, coach)


@pytest.fixture
def api(settings: Settings, template_data: Path) -> Iterator[Api]:
    """A fresh app with both example teams; keys on demand."""
    yield from make_api(settings, template_data)


@pytest.fixture(scope="module")
def shared_api(tmp_path_factory: pytest.TempPathFactory, template_data: Path) -> Iterator[Api]:
    """One app for a module's read-mostly checks (401s and 403s)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("shared-api") / "data", embedder="hash",
                        rate_limit_per_minute=0)
    yield from make_api(settings, template_data)
