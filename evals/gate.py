"""The offline eval gate run by `make test`: real MiniLM on the built-in corpus.

Fails (exit 1) when a score falls below `evals/thresholds.yaml`, printing every figure.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

from coach.config import Settings
from coach.service import Coach
from evals import ideas_gate
from evals.retrieval import evaluate, load_queries, table
from evals.skills import evaluate_key_results, evaluate_practices
from evals.skills import table as skills_table

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = Path(__file__).parent / "thresholds.yaml"


def main() -> int:
    """Index the corpus into a temp dir, score retrieval, compare with the thresholds."""
    thresholds = yaml.safe_load(THRESHOLDS.read_text())
    limits = thresholds["retrieval_corpus"]
    with tempfile.TemporaryDirectory() as data_dir:
        coach = Coach(Settings(data_dir=Path(data_dir), embedder="local"))
        started = time.perf_counter()
        report = coach.ingest([ROOT / "corpus"])
        print(f"indexed {report.chunks} chunks from {report.files} files "
              f"in {time.perf_counter() - started:.1f} s")
        scores = evaluate(coach, load_queries("retrieval_corpus"))
        skills = [evaluate_key_results(coach), evaluate_practices(coach)]
        _ideas, idea_failures = ideas_gate.check(coach, thresholds.get("ideas", {}))
        coach.close()
    print(table(scores))
    print()
    print(skills_table(skills))
    failures = [f"{s.mode} {metric} {getattr(s, metric):.3f} < {limits[s.mode][metric]}"
                for s in scores for metric in ("ndcg10", "recall5")
                if getattr(s, metric) < limits[s.mode][metric]]
    hybrid = next(s for s in scores if s.mode == "hybrid")
    best_single = max(s.ndcg10 for s in scores if s.mode != "hybrid")
    if hybrid.ndcg10 + limits["hybrid_margin"] < best_single:
        failures.append(f"hybrid nDCG@10 {hybrid.ndcg10:.3f} trails the best single mode {best_single:.3f}")
    for result in skills:
        for metric, floor in thresholds["skills"][result.skill].items():
            if result.scores[metric] < floor:
                failures.append(f"{result.skill} {metric} {result.scores[metric]:.3f} < {floor}")
    failures += idea_failures
    for failure in failures:
        print(f"EVAL GATE FAILED: {failure}")
    print("eval gate: " + ("failed" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
