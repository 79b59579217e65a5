"""Everything works against a real `chroma run` server (COACH_CHROMA_URL)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from coach.config import Settings
from coach.embeddings import HashEmbedder
from coach.errors import BackendError, ConfigError
from coach.service import Coach
from tests.samples import write
from tests.test_api import _free_port


def _chroma_binary() -> str:
    found = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(found).exists():
        pytest.fail("the `chroma` command (from the chromadb package) is not installed")
    return found


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [_chroma_binary(), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not answer within 60 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_ingest_update_and_search_through_a_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="hash", chroma_url=chroma_server)
    coach = Coach(settings, embedder=HashEmbedder())
    write(tmp_path / "lib" / "g.md", "# Check-ins\nWeekly confidence check-ins.\n")
    write(tmp_path / "team" / "o.md", "# Platform\nDeploy confidence is low.\n")
    write(tmp_path / "other" / "o.md", "# Growth\nActivation confidence is low.\n")
    assert coach.ingest([tmp_path / "lib"]).added == 1
    coach.ingest([tmp_path / "team"], "platform")
    coach.ingest([tmp_path / "other"], "growth")
    titles = {r.title for r in coach.search("confidence low", "platform", 10)}
    assert titles == {"Check-ins", "Platform"}
    assert coach.ingest([tmp_path / "lib"]).unchanged == 1
    (tmp_path / "team" / "o.md").unlink()
    assert coach.ingest([tmp_path / "team"], "platform").removed == 1
    assert {r.title for r in coach.search("confidence low", "platform", 10)} == {"Check-ins"}
    assert not (tmp_path / "data" / "chroma").exists()  # nothing written to the embedded store
    coach.close()


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(BackendError, match=r"cannot open the Chroma store at http://127\.0\.0\.1"):
        Coach(settings, embedder=HashEmbedder()).store  # noqa: B018


def test_malformed_server_url(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url="localhost:8000")
    with pytest.raises(ConfigError, match="COACH_CHROMA_URL"):
        Coach(settings, embedder=HashEmbedder()).store  # noqa: B018
