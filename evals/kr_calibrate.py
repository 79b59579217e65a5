"""Calibrate the key-result relevance gate on the tune split of `kr_objectives` (never heldout).

    python -m evals.kr_calibrate DATA_DIR     # a data dir bootstrapped with the real MiniLM

Prints, for candidate gates, the precision and recall of "pattern passes the gate" against
"a coach accepts the pattern", and the gate with the best F0.5 (precision counts double:
an off-topic idea costs more trust than a missing one).
"""

from __future__ import annotations

import sys
from pathlib import Path

from coach.config import Settings
from coach.service import Coach
from coach.skills.kr_relevance import score_pattern
from coach.skills.objective import read_objective
from evals.ideas import ObjectiveCase, load_cases


def pattern_scores(coach: Coach, split: str = "tune") -> list[tuple[float, bool]]:
    """(score, acceptable) for every pattern against every objective of the split."""
    entries = coach.catalogue.patterns
    chunks = coach.card_chunks(sorted(entries))
    rows = []
    for case in load_cases("kr_objectives", ObjectiveCase):
        if case.split != split:
            continue
        reading = read_objective(case.objective)
        dense = coach.relatedness(case.objective, list(chunks.values()))
        for pattern_id, chunk in chunks.items():
            fit = score_pattern(reading, entries[pattern_id], chunk, dense[chunk.chunk_id])
            rows.append((fit.score, pattern_id in case.acceptable))
    return rows


def sweep(rows: list[tuple[float, bool]]) -> list[tuple[float, float, float, float]]:
    """(gate, precision, recall, F0.5) for gates from 0.30 to 0.70."""
    positives = sum(ok for _, ok in rows)
    out = []
    for step in range(30, 71, 2):
        gate = step / 100
        kept = [ok for score, ok in rows if score >= gate]
        precision = sum(kept) / len(kept) if kept else 0.0
        recall = sum(kept) / positives if positives else 0.0
        f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
        out.append((gate, precision, recall, f05))
    return out


def main() -> int:
    """Print the sweep for the tune split."""
    coach = Coach(Settings(data_dir=Path(sys.argv[1]), embedder="local"))
    results = sweep(pattern_scores(coach))
    for gate, precision, recall, f05 in results:
        print(f"gate {gate:.2f}  precision {precision:.3f}  recall {recall:.3f}  F0.5 {f05:.3f}")
    best = max(results, key=lambda r: r[3])
    print(f"best gate {best[0]:.2f} (F0.5 {best[3]:.3f})")
    coach.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
