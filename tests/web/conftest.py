"""A real uvicorn on loopback serving the built-in corpus and the platform team, and Debian's
Chromium driven by Playwright (no browser download: `executable_path=/usr/bin/chromium`)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from coach.api.app import create_app
from coach.auth import KeyRing
from coach.config import Settings
from coach.embeddings import HashEmbedder
from coach.identity import Principal
from coach.service import Coach
from tests.conftest import CORPUS

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
LOCAL_HOSTS = {"127.0.0.1"}
# Skills run on 2 shared cores: give a suggestion time to arrive before calling it missing.
expect.set_options(timeout=30_000)



@dataclass
class Server:
    """The running app: its base URL, its Coach, and a key per role."""

    url: str
    coach: Coach
    keys: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PEOPLE = {  # role → user; the platform team's people, as in its notes (Priya owns the 1:1 notes)
    "member": "Marco Silva",
    "manager": "Priya Raman",
    "coach": "Lena Novak",
    "admin": "Ana Costa",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """uvicorn on a free loopback port; stopped at the end of the module."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("web") / "data", embedder="hash")
    coach = Coach(settings, embedder=HashEmbedder())
    assert coach.ingest([CORPUS]).errors == []
    assert coach.ingest([CORPUS / "examples" / "platform"], "platform").errors == []
    ring = KeyRing(coach.database)
    keys = {role: ring.create(Principal.operator("platform"), role, user)[0] for role, user in PEOPLE.items()}
    app = create_app(settings, coach)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started, "uvicorn did not start within 30 s"
    try:
        yield Server(f"http://127.0.0.1:{port}", coach, keys)
    finally:
        instance.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium; the Makefile installs it with apt where it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or "
                    "`apt-get install -y chromium`")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield instance
        instance.close()


@dataclass
class Requests:
    """Every URL the browser asked for during a test."""

    urls: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests that left 127.0.0.1 (data: and about: URLs never leave the page)."""
        return [u for u in self.urls
                if urlsplit(u).scheme not in ("data", "about", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS]


@pytest.fixture
def requests_seen() -> Requests:
    """The browser's requests in this test."""
    return Requests()


def new_page(browser: Browser, requests: Requests, width: int = 1280, **options: object) -> Page:
    """A fresh browser context (no cookies) and page that records every request."""
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    context.on("request", lambda request: requests.urls.append(request.url))
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.fixture
def page(browser: Browser, requests_seen: Requests) -> Iterator[Page]:
    """A desktop-width page; asserts afterwards that nothing left 127.0.0.1."""
    created = new_page(browser, requests_seen)
    yield created
    created.context.close()
    assert requests_seen.outside() == [], f"requests left 127.0.0.1: {requests_seen.outside()}"


def sign_in(page: Page, server: Server, role: str) -> None:
    """Sign in through the form, by its label and button."""
    page.goto(f"{server.url}/signin")
    page.get_by_label("API key").fill(server.keys[role])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/workspace")


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page, or what the viewport shows) into the gitignored artifacts folder."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
