"""`make eval-models`: the key-results and practices suites answered by a real local model.

Starts llama-cpp-python's server on loopback with the SmolLM2-135M-Instruct GGUF (installed by
`make test-models`), runs `coach eval --backend openai:smollm2` on both suites, and prints the
share of answers the model had accepted, accepted after the one repair, or replaced by the
offline composer, with the reasons the validators gave. A 135M model is expected to be
rejected often: the figure shows the validators catching what it invents.

    python -m benchmarks.model_eval [--limit N] [--report DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUITES = ("key-results", "practices")


def main(argv: list[str] | None = None) -> int:
    """Serve the model, run the suites against it, print the outcome shares."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N cases of each suite")
    parser.add_argument("--report", type=Path, default=None, help="write report.html here")
    parser.add_argument("--context", type=int, default=2048, help="the server's context window (tokens)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.llm.llama_server import serving  # test infrastructure: the same server the tests start

    with tempfile.TemporaryDirectory(prefix="coach-model-eval-") as scratch, \
            serving(Path(scratch) / "server.log", n_ctx=args.context) as model:
        env = {**os.environ, "OPENAI_BASE_URL": model.base_url, "COACH_LLM_CONTEXT": str(model.window),
               "COACH_LLM_TIMEOUT": "300", "HF_HUB_OFFLINE": "1"}
        command = [sys.executable, "-m", "coach.cli", "eval", "--backend", "openai:smollm2", "--json",
                   *[part for suite in SUITES for part in ("--suite", suite)]]
        command += ["--limit", str(args.limit)] if args.limit else []
        command += ["--report", str(args.report)] if args.report else []
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
        seconds = time.perf_counter() - started
    if not done.stdout.strip():
        print(done.stderr[-4000:], file=sys.stderr)
        return 2
    print(describe(json.loads(done.stdout), seconds))
    return 0


def describe(run: dict[str, Any], seconds: float) -> str:
    """Per suite: how many answers, and the accepted / repaired / fallback shares with reasons."""
    lines = [f"coach eval --backend {run['backend']}: {seconds:.0f} s wall clock"]
    for name, suite in run["suites"].items():
        if suite["skipped"]:
            lines.append(f"{name}: skipped ({suite['skipped']})")
            continue
        model = suite["model"]
        shares = ", ".join(f"{kind} {share:.0%}" for kind, share in model.get("shares", {}).items())
        cases = sum(suite["counts"].values())
        lines.append(f"{name}: {cases} answers; {shares}")
        for reason, count in sorted(model.get("reasons", {}).items(), key=lambda kv: -kv[1]):
            lines.append(f"  {count:>3} × {reason}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
