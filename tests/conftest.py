"""Every test gets a temp data dir, the deterministic embedder and a closed network."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from coach.config import Settings
from coach.db import Database, open_database
from coach.embeddings import HashEmbedder
from coach.llm.structured import MODES
from coach.service import Coach
from tests.postgres import PostgresServer, start_server

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


class NetworkBlocked(RuntimeError):
    """Raised when a test tries to reach anything but this machine."""


@pytest.fixture(autouse=True)
def _fresh_mode_memory() -> None:
    """What the process learnt about OpenAI-compatible endpoints (structured-output mode, context
    window) is keyed by base URL, and free ports are reused across tests by servers of different
    kinds: every test learns afresh (a stale window trimmed an eval's recorded prompts, so its
    replay, which learns none, missed them)."""
    MODES.clear()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    for name in ("COACH_CHROMA_URL", "COACH_EMBEDDER", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in ("127.0.0.1", "::1", "localhost"):
            raise NetworkBlocked(f"test tried to reach {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the session (never skipped: it must run everywhere)."""
    try:
        server = start_server()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty app database: SQLite in the temp data dir, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return ""
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def database(database_url: str, tmp_path: Path) -> Iterator[Database]:
    """The app database (migrated), on SQLite and on PostgreSQL."""
    opened = open_database(Settings(data_dir=tmp_path / "data", database_url=database_url))
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a temp data dir with the deterministic test embedder."""
    return Settings(data_dir=tmp_path / "data", embedder="hash")


@pytest.fixture
def coach(settings: Settings) -> Iterator[Coach]:
    """A Coach on the embedded Chroma with the hash embedder (calls are counted)."""
    instance = Coach(settings, embedder=HashEmbedder())
    yield instance
    instance.close()


@pytest.fixture
def shared() -> Path:
    """../shared, or a clean skip that says why."""
    if not (SHARED / "seeds").is_dir() or not (SHARED / "opl" / "practice").is_dir():
        pytest.skip(f"{SHARED} is absent: the seeds and Open Practice Library live beside the "
                    "checkout and are not shipped with coach")
    return SHARED


@pytest.fixture(scope="session")
def minilm():  # type: ignore[no-untyped-def]
    """The real MiniLM embedder, loaded once per session."""
    from coach.embeddings import LocalEmbedder

    embedder = LocalEmbedder()
    embedder.embed_query("warm up")
    return embedder


TEAMS = ("platform", "growth")


@pytest.fixture(scope="session")
def indexed(minilm, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The built-in corpus in the library and both example teams, with the real MiniLM.
    Shared by the skill tests (read-only: tests must not ingest into it)."""
    coach = Coach(Settings(data_dir=tmp_path_factory.mktemp("indexed")), embedder=minilm)
    assert coach.ingest([CORPUS]).errors == []
    for team in TEAMS:
        assert coach.ingest([CORPUS / "examples" / team], team).errors == []
    yield coach
    coach.close()


@dataclass
class Receiver:
    """What the local webhook got; `fail_next` makes it answer 500 that many times."""

    url: str = ""
    bodies: list[dict[str, str]] = field(default_factory=list)
    requests: int = 0
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def texts(self) -> list[str]:
        return [body["text"] for body in self.bodies]


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with state.lock:
                state.requests += 1
                failing = state.fail_next > 0
                state.fail_next -= 1 if failing else 0
                if not failing:
                    state.bodies.append(json.loads(body))
            self.send_response(500 if failing else 200)
            self.end_headers()
            self.wfile.write(b"boom" if failing else b"ok")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/services/T0/SECRET"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
