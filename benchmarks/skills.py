"""`make bench` (part 2): warm offline latency of every skill on the built-in corpus plus both
example teams, with the real MiniLM embedder. Target: p50 ≤ 100 ms."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from coach.config import Settings
from coach.embeddings import LocalEmbedder
from coach.service import Coach

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEAMS = ("platform", "growth")
RUNS = 30
TARGET_MS = 100.0


def requests(team: str) -> dict[str, dict[str, Any]]:
    """One realistic request per skill for a team."""
    okrs = yaml.safe_load((CORPUS / "examples" / team / "okrs.yaml").read_text())
    return {
        "key-results": {"objective": okrs["objectives"][0]["title"]},
        "lint": {"okrs": okrs},
        "practices": {"key_result": okrs["objectives"][0]["key_results"][0]["text"], "state": "low_confidence"},
        "risks": {"okrs": okrs},
        "career": {"about": "Wants a staff role within two years; tired after a long migration."},
    }


def main() -> int:
    """Index, warm up, time each skill RUNS times per team, print p50/p95."""
    embedder = LocalEmbedder()
    embedder.embed_query("warm up")
    with tempfile.TemporaryDirectory() as tmp:
        coach = Coach(Settings(data_dir=Path(tmp)), embedder=embedder)
        coach.ingest([CORPUS])
        for team in TEAMS:
            coach.ingest([CORPUS / "examples" / team], team)
        timings: dict[str, list[float]] = {}
        for team in TEAMS:
            for skill, request in requests(team).items():
                coach.suggest(skill, request, team, today=dt.date(2026, 11, 22))  # warm
                for _ in range(RUNS):
                    started = time.perf_counter()
                    coach.suggest(skill, request, team, today=dt.date(2026, 11, 22))
                    timings.setdefault(skill, []).append((time.perf_counter() - started) * 1000)
        coach.close()
    print(f"\n{'skill':<12} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8}   (target p50 <= {TARGET_MS:.0f} ms)")
    for skill, values in timings.items():
        p95 = statistics.quantiles(values, n=100)[94]
        print(f"{skill:<12} {len(values):>5} {statistics.median(values):>8.1f} {p95:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
