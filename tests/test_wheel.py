"""`pip install .` (not editable) works from any folder: the wheel carries the corpus and prompts.

Builds the wheel from a copy of the source, installs it with --no-deps into a fresh venv that
reuses this environment's dependencies (so torch is not downloaded again), then runs
`coach bootstrap`, `coach keys create` and `coach serve` from an unrelated folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
SOURCES = ("coach", "corpus", "prompts", "pyproject.toml", "setup.py", "README.md")


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _build_wheel(tmp: Path) -> Path:
    source = tmp / "src"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    # --no-build-isolation: build with this environment's setuptools, offline.
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", tmp / "dist", source, cwd=tmp)
    return next((tmp / "dist").glob("coach-*.whl"))


def _venv(tmp: Path, wheel: Path) -> Path:
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp)
    _run(venv / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=tmp)
    # The dependencies come from this environment, appended after the venv's own packages
    # (a plain path line: this environment's .pth hooks, such as an editable coach, stay off).
    purelib = Path(_run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                        cwd=tmp).strip())
    (purelib / "coach_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_wheel_ships_corpus_and_prompts_and_serves_from_another_folder(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "coach/builtin_prompts/key_results.yaml" in names
    assert any(n.startswith("coach/builtin_corpus/examples/platform/") for n in names)
    assert "coach/builtin_corpus/.coachignore" in names

    venv, elsewhere = _venv(tmp_path, wheel), tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env |= {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_EMBEDDER": "hash"}
    coach = venv / "bin" / "coach"

    where = _run(venv / "bin" / "python", "-c", "import coach, coach.prompts as p; "
                 "print(coach.__file__); print(p.prompt_names())", cwd=elsewhere, env=env)
    assert where.startswith(str(venv)), where
    assert "key_results" in where

    report = json.loads(_run(coach, "bootstrap", "--json", cwd=elsewhere, env=env))
    assert report["library"]["errors"] == [] and report["library"]["chunks"] > 0
    assert report["platform"]["chunks"] > 0
    key = json.loads(_run(coach, "keys", "create", "--team", "platform", "--role", "member", "--json",
                          cwd=elsewhere, env=env))["key"]

    port = _free_port()
    server = subprocess.Popen([str(coach), "serve", "--port", str(port)], cwd=elsewhere, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = _wait_for_health(port, server)
        assert health == {"status": "ok", "version": health["version"]}
        found = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "pre-mortem"},
                          headers={"Authorization": f"Bearer {key}"}, timeout=30)
        assert found.status_code == 200 and found.json()["results"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for_health(port: int, server: subprocess.Popen[bytes]) -> dict[str, str]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read().decode() if server.stdout else "server exited"
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        body: dict[str, str] = response.json()
        return body
    raise AssertionError("coach serve did not answer /health within 120 s")
