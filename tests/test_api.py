"""The HTTP API, in-process and on a real uvicorn server, with a key."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.auth import KeyRing
from coach.config import Settings
from coach.identity import Principal
from coach.service import Coach
from tests.samples import write


def _ingested(coach: Coach, tmp_path: Path) -> tuple[Coach, dict[str, str]]:
    write(tmp_path / "lib" / "g.md", "# Pre-mortem\nImagine the goal failed.\n")
    coach.ingest([tmp_path / "lib"])
    coach.ingest([write(tmp_path / "team" / "okr.md", "# Team goals\nShip calmly.\n")], "platform")
    key, _ = KeyRing(coach.database).create(Principal.operator("platform"), "member")
    return coach, {"Authorization": f"Bearer {key}"}


def test_health_and_search(coach: Coach, settings: Settings, tmp_path: Path) -> None:
    coach, headers = _ingested(coach, tmp_path)
    with TestClient(create_app(settings, coach)) as client:
        assert client.get("/health").json()["status"] == "ok"
        body = client.get("/api/search", params={"q": "goal failed", "k": 3}, headers=headers).json()
        assert body["results"][0]["title"] == "Pre-mortem"
        assert client.get("/search", params={"q": "goal failed"}).status_code == 404  # moved under /api


def test_bad_requests_get_clear_errors(coach: Coach, settings: Settings, tmp_path: Path) -> None:
    coach, headers = _ingested(coach, tmp_path)
    with TestClient(create_app(settings, coach), headers=headers) as client:
        assert client.get("/api/search", params={"q": "   "}).status_code == 422
        response = client.get("/api/search", params={"q": "x", "k": 0})
        assert response.status_code == 422 and "k" in response.json()["error"]["message"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_real_uvicorn_server(coach: Coach, settings: Settings, tmp_path: Path) -> None:
    coach, headers = _ingested(coach, tmp_path)
    port = _free_port()
    config = uvicorn.Config(create_app(settings, coach), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/api/search"
        assert httpx.get(url, params={"q": "pre-mortem"}).status_code == 401
        response = httpx.get(url, params={"q": "pre-mortem"}, headers=headers)
        assert response.status_code == 200 and response.json()["results"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
