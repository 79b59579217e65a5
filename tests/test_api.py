"""The HTTP API, in-process and on a real uvicorn server."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import Settings
from coach.service import Coach
from tests.samples import write


def _ingested(coach: Coach, tmp_path: Path) -> Coach:
    write(tmp_path / "lib" / "g.md", "# Pre-mortem\nImagine the goal failed.\n")
    coach.ingest([tmp_path / "lib"])
    return coach


def test_health_and_search(coach: Coach, settings: Settings, tmp_path: Path) -> None:
    with TestClient(create_app(settings, _ingested(coach, tmp_path))) as client:
        assert client.get("/health").json()["status"] == "ok"
        body = client.get("/search", params={"q": "goal failed", "k": 3}).json()
        assert body["results"][0]["title"] == "Pre-mortem"


def test_bad_requests_get_clear_errors(coach: Coach, settings: Settings) -> None:
    with TestClient(create_app(settings, coach)) as client:
        assert client.get("/search", params={"q": "   "}).status_code == 422
        response = client.get("/search", params={"q": "x", "team": "Bad Team"})
        assert response.status_code == 400 and "invalid team name" in response.json()["detail"]
        assert client.get("/search", params={"q": "x", "k": 0}).status_code == 422


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_real_uvicorn_server(coach: Coach, settings: Settings, tmp_path: Path) -> None:
    port = _free_port()
    config = uvicorn.Config(create_app(settings, _ingested(coach, tmp_path)), host="127.0.0.1",
                            port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        response = httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "pre-mortem"})
        assert response.status_code == 200 and response.json()["results"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
