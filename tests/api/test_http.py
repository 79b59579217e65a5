"""HTTP behaviour: /health, one error shape, 413 before the body is read, 429 with Retry-After,
504 when a model endpoint does not answer in time; on TestClient and a real uvicorn server."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from coach.api.limits import RateLimiter
from coach.config import Settings
from coach.errors import RateLimitedError
from coach.llm.structured import EndpointError
from coach.service import Coach
from coach.team_access import TeamAccess
from tests.api.conftest import Api, make_api
from tests.test_api import _free_port


def _shape(response: httpx.Response, status: int, code: str) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["code"] == code and body["error"]["message"] and body["error"]["hint"]
    assert "Traceback" not in response.text
    error: dict[str, str] = body["error"]
    return error


def test_health_needs_no_key_and_names_no_team(api: Api) -> None:
    response = api.client.get("/health")
    assert response.status_code == 200
    assert set(response.json()) == {"status", "version"}
    assert "platform" not in response.text and "growth" not in response.text


def test_framework_errors_have_the_one_shape(api: Api) -> None:
    headers = api.auth("member")
    _shape(api.client.get("/api/nowhere", headers=headers), 404, "not_found")
    _shape(api.client.get("/nowhere"), 404, "not_found")
    _shape(api.client.delete("/api/me", headers=headers), 405, "method_not_allowed")
    error = _shape(api.client.get("/api/search", params={"q": "x", "k": 0}, headers=headers), 422,
                   "invalid_request")
    assert "k" in error["message"]
    _shape(api.client.get("/api/search", params={"q": "   "}, headers=headers), 422, "invalid_request")
    _shape(api.client.post("/api/skills/nope", json={}, headers=headers), 404, "not_found")
    _shape(api.client.post("/api/team/terms", content=b"{not json", headers=api.auth("admin")), 405,
           "method_not_allowed")
    _shape(api.client.put("/api/team/terms", content=b"{not json", headers={
        **api.auth("admin"), "Content-Type": "application/json"}), 422, "invalid_request")


def test_an_unexpected_failure_is_a_bare_500(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail /srv/secret/path")

    monkeypatch.setattr(TeamAccess, "search", broken)
    client = TestClient(api.client.app, raise_server_exceptions=False)
    response = client.get("/api/search", params={"q": "x"}, headers=api.auth("member"))
    _shape(response, 500, "internal_error")
    assert "secret" not in response.text and "RuntimeError" not in response.text


def test_ingestion_errors_are_422_and_keep_the_stored_version(api: Api) -> None:
    headers = api.auth("admin")
    good = "objectives:\n  - title: Calm on-call\n    key_results:\n      - text: Cut pages from 30 to 10\n"
    assert api.client.post("/api/team/files", headers=headers,
                           json={"filename": "extra-okrs.yaml", "text": good}).status_code == 200
    bad = "objectives:\n  - title: Calm on-call\n    key_results:\n      - txt: typo\n"
    error = _shape(api.client.post("/api/team/files", headers=headers,
                                   json={"filename": "extra-okrs.yaml", "text": bad}), 422, "ingestion_error")
    assert "extra-okrs.yaml" in error["message"] and "/" not in error["message"].split(":")[0]
    stored = api.coach.settings.data_dir / "files" / "platform" / "extra-okrs.yaml"
    assert stored.read_text() == good
    found = api.client.get("/api/search", params={"q": "Calm on-call pages"}, headers=headers).json()
    assert any("Calm on-call" in hit["text"] for hit in found["results"])


def test_transcripts_are_parsed_before_they_are_stored_and_never_overwritten(api: Api) -> None:
    headers = api.auth("coach")
    error = _shape(api.client.post("/api/transcripts", headers=headers,
                                   json={"filename": "bad.vtt", "text": "WEBVTT\n\nnot a cue at all\n"}),
                   422, "ingestion_error")
    assert "bad.vtt" in error["message"]
    assert not (api.coach.settings.data_dir / "transcripts" / "platform" / "bad.vtt").exists()
    first = "[00:00:01] Priya Raman: Deploys are at 7 a week.\n[00:00:09] Lena Novak: Failure rate is 13.\n"
    upload = {"filename": "sync.txt", "text": first}
    assert api.client.post("/api/transcripts", headers=headers, json=upload).status_code == 200
    assert api.client.post("/api/transcripts", headers=headers, json=upload).status_code == 200  # same text
    changed = {"filename": "sync.txt", "text": first.replace("7", "8")}
    _shape(api.client.post("/api/transcripts", headers=headers, json=changed), 409, "conflict")
    stored = api.coach.settings.data_dir / "transcripts" / "platform" / "sync.txt"
    assert stored.read_text() == first


@pytest.fixture
def tight(tmp_path: Path, template_data: Path) -> Iterator[Api]:
    """An app with a 4 KB body limit and 2 requests of burst at 60 a minute."""
    settings = Settings(data_dir=tmp_path / "data", embedder="hash", max_body_bytes=4096,
                        rate_limit_per_minute=60, rate_limit_burst=2)
    yield from make_api(settings, template_data)


def test_bodies_over_the_limit_get_413(tight: Api) -> None:
    headers = tight.auth("admin")
    big = {"filename": "big.md", "text": "x" * 5000}
    _shape(tight.client.post("/api/team/files", json=big, headers=headers), 413, "payload_too_large")

    def streamed() -> Iterator[bytes]:  # no Content-Length: the bytes are counted as they come
        for _ in range(10):
            yield b"x" * 1000

    response = tight.client.post("/api/team/files", content=streamed(),
                                 headers={**headers, "Content-Type": "application/json"})
    _shape(response, 413, "payload_too_large")


def test_rate_limit_is_per_key_with_retry_after(tight: Api) -> None:
    member, other = tight.auth("member"), tight.auth("member", user="someone-else")
    assert [tight.client.get("/api/me", headers=member).status_code for _ in range(2)] == [200, 200]
    limited = tight.client.get("/api/me", headers=member)
    _shape(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) >= 1
    assert tight.client.get("/api/me", headers=other).status_code == 200


def test_token_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=1, clock=lambda: now[0])
    limiter.take("k")
    with pytest.raises(RateLimitedError) as refused:
        limiter.take("k")
    assert refused.value.retry_after == 1
    now[0] += 1.0
    limiter.take("k")
    RateLimiter(per_minute=0, burst=1).take("k")  # 0 turns the limit off


@contextmanager
def _serve(app: FastAPI) -> Iterator[int]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _raw(port: int, head: bytes, chunks: Iterable[bytes] = ()) -> bytes:
    """Send a request by hand; return what the server answered (it may answer before the body ends)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        for chunk in chunks:
            try:
                sock.sendall(chunk)
            except OSError:
                break
        return sock.recv(65536)


def test_a_real_server_refuses_a_huge_body_before_it_arrives(tight: Api) -> None:
    headers = tight.auth("admin")["Authorization"]
    with _serve(tight.client.app) as port:  # type: ignore[arg-type]
        head = (f"POST /api/team/files HTTP/1.1\r\nHost: x\r\nAuthorization: {headers}\r\n"
                "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n").encode()
        started = time.monotonic()
        answer = _raw(port, head)  # none of the 100 MB is ever sent
        assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - started < 5
        chunked = head.replace(b"Content-Length: 104857600", b"Transfer-Encoding: chunked")
        answer = _raw(port, chunked, iter([b"400\r\n" + b"x" * 1024 + b"\r\n"] * 8))
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200


@contextmanager
def _silent_embeddings_server() -> Iterator[str]:
    """An OpenAI-compatible embeddings endpoint that takes far longer than the timeout."""
    app = FastAPI()

    @app.post("/v1/embeddings")
    async def embeddings() -> dict[str, object]:
        await asyncio.sleep(3)
        return {}

    with _serve(app) as port:
        yield f"http://127.0.0.1:{port}/v1"


def test_a_model_call_past_its_timeout_is_504(tmp_path: Path, template_data: Path) -> None:
    with _silent_embeddings_server() as url:
        settings = Settings(data_dir=tmp_path / "data", embedder="openai:slow-embedder",
                            openai_base_url=url, llm_timeout=0.3)
        for api in make_api(settings, template_data, Coach(settings)):
            started = time.monotonic()
            response = api.client.get("/api/search", params={"q": "deploys"}, headers=api.auth("member"))
            error = _shape(response, 504, "model_timeout")
            assert "slow-embedder" in error["message"] and "COACH_LLM_TIMEOUT" in error["message"]
            assert time.monotonic() - started < 10  # a few timed-out tries, never the server's 30 s


def test_a_chat_model_timeout_is_504_too(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def timed_out(*args: object, **kwargs: object) -> None:
        raise EndpointError("openai:slow timed out after 0.3 s; raise COACH_LLM_TIMEOUT", problem="timeout",
                            setting="COACH_LLM_TIMEOUT")

    monkeypatch.setattr(TeamAccess, "search", timed_out)
    error = _shape(api.client.get("/api/search", params={"q": "x"}, headers=api.auth("member")), 504,
                   "model_timeout")
    assert "COACH_LLM_TIMEOUT" in error["message"]
