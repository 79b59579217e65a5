"""schemathesis over the OpenAPI schema, with a valid admin key: no server errors, and every
response (status, content type, headers, body) as the schema documents it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from coach.api.app import create_app
from coach.auth import KeyRing
from coach.config import Settings
from coach.embeddings import HashEmbedder
from coach.identity import Principal
from coach.service import Coach
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[schemathesis.BaseSchema, str]]:
    """The app on a data dir with the library and the platform team, and an admin key for it.
    Rate limiting is off: the fuzzer sends hundreds of requests a minute on purpose."""
    data = tmp_path_factory.mktemp("fuzz")
    app_settings = Settings(data_dir=data, embedder="hash", rate_limit_per_minute=0)
    coach = Coach(app_settings, embedder=HashEmbedder())
    coach.ingest([CORPUS / "practices", CORPUS / "guides", CORPUS / "risks", CORPUS / "kr-patterns"])
    coach.ingest([CORPUS / "examples" / "platform"], "platform")
    key, _ = KeyRing(coach.database).create(Principal.operator("platform"), "admin", "Priya Raman")
    app = create_app(app_settings, coach)
    with TestClient(app):  # runs the lifespan
        yield schemathesis.openapi.from_asgi("/openapi.json", app), key


schema = schemathesis.pytest.from_fixture("fuzzed_schema")


@pytest.fixture(scope="module")
def fuzzed_schema(fuzzed: tuple[schemathesis.BaseSchema, str]) -> schemathesis.BaseSchema:
    return fuzzed[0]


@pytest.fixture(scope="module")
def bearer(fuzzed: tuple[schemathesis.BaseSchema, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {fuzzed[1]}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_schema(case: schemathesis.Case, bearer: dict[str, str]) -> None:
    case.call_and_validate(headers=bearer)
