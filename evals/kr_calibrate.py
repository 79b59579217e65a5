"""Calibrate the key-result relevance gate on the tune splits (never heldout).

    python -m evals.kr_calibrate DATA_DIR     # a data dir bootstrapped with the real MiniLM

Scores every pattern against every tune objective of `kr_objectives.yaml` (teams outside
software; a pattern a coach accepts is a positive, any other a negative) and of
`key_results.yaml` (software teams; its `good_patterns` are positives, other patterns of its
listed domains are left unjudged, the rest are negatives). For candidate (gate, margin) pairs it
prints the precision and recall of "the gate lets the pattern through", and the pair with the
best F0.5 (precision counts double: an off-topic idea costs more trust than a missing one).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from coach.config import Settings
from coach.service import Coach
from coach.skills.key_results import search_ranks
from coach.skills.kr_relevance import score_pattern
from coach.skills.objective import read_objective
from evals.env import ROOT


@dataclass(frozen=True)
class Scored:
    """One objective's pattern scores and labels: True accepted, False not, None unjudged."""

    scores: list[tuple[float, bool | None]]


def _objectives() -> list[tuple[str, set[str], set[str]]]:
    """(objective, positives, unjudged ids' domains) for every tune case of both sets."""
    datasets = ROOT / "evals" / "datasets"
    cases: list[tuple[str, set[str], set[str]]] = []
    for raw in yaml.safe_load((datasets / "kr_objectives.yaml").read_text(encoding="utf-8"))["cases"]:
        if raw.get("split", "tune") == "tune":
            cases.append((raw["objective"], set(raw["acceptable"]), set()))
    for raw in yaml.safe_load((datasets / "key_results.yaml").read_text(encoding="utf-8"))["cases"]:
        if raw.get("split", "tune") == "tune":
            cases.append((raw["objective"], set(raw["good_patterns"]), set(raw["domains"])))
    return cases


def pattern_scores(coach: Coach) -> list[Scored]:
    """Every pattern's score against every tune objective, with its label."""
    entries = coach.catalogue.patterns
    chunks = coach.card_chunks(sorted(entries))
    out = []
    for objective, positives, unjudged_domains in _objectives():
        reading = read_objective(objective)
        dense = coach.relatedness(objective, list(chunks.values()))
        ranks = search_ranks(objective, coach.search)
        scores: list[tuple[float, bool | None]] = []
        for pattern_id, chunk in chunks.items():
            fit = score_pattern(reading, entries[pattern_id], chunk, dense[chunk.chunk_id], ranks.get(pattern_id))
            label = True if pattern_id in positives else (
                None if entries[pattern_id].domain in unjudged_domains else False)
            scores.append((fit.score, label))
        out.append(Scored(scores))
    return out


def sweep(rows: list[Scored]) -> list[tuple[float, float, float, float, float]]:
    """(gate, margin, precision, recall, F0.5) over a grid of gates and margins."""
    positives = sum(label is True for row in rows for _, label in row.scores)
    out = []
    for gate in (g / 100 for g in range(30, 61, 2)):
        for margin in (0.1, 0.15, 0.2, 0.25, 1.0):
            kept: list[bool] = []
            for row in rows:
                best = max(score for score, _ in row.scores)
                floor = max(gate, best - margin)
                kept += [label for score, label in row.scores if score >= floor and label is not None]
            precision = sum(kept) / len(kept) if kept else 0.0
            recall = sum(kept) / positives if positives else 0.0
            f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
            out.append((gate, margin, precision, recall, f05))
    return out


def main() -> int:
    """Print the sweep for the tune splits."""
    coach = Coach(Settings(data_dir=Path(sys.argv[1]), embedder="local"))
    results = sweep(pattern_scores(coach))
    for gate, margin, precision, recall, f05 in results:
        print(f"gate {gate:.2f} margin {margin:.2f}  precision {precision:.3f}  recall {recall:.3f}  F0.5 {f05:.3f}")
    best = max(results, key=lambda r: r[4])
    print(f"best gate {best[0]:.2f}, margin {best[1]:.2f} (F0.5 {best[4]:.3f})")
    coach.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
