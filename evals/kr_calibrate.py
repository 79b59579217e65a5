"""Calibrate the key-result relevance gate on the tune splits (never heldout).

    python -m evals.kr_calibrate DATA_DIR [--min-precision P]   # a data dir bootstrapped with the real MiniLM

Scores every pattern against every tune objective of `kr_objectives.yaml` (teams outside
software; a pattern a coach accepts is a positive, any other a negative) and of
`key_results.yaml` (software teams; its `good_patterns` are positives, other patterns of its
listed domains are left unjudged, the rest are negatives). For candidate (sense weight, gate, margin)
it prints the precision and recall of "the gate lets the pattern through", and the triple with
the best F0.5 (precision counts double: an off-topic idea costs more trust than a missing one).
The sense weight (`coach/skills/kr_sense.py`) lowers a pattern by its domain's gap to the domain
closest to the whole objective. With `--min-precision P` it also prints the triple with the most
recall at precision P or better among settings with a relative margin (used to recover recall
without letting more off-topic ideas in).
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
from coach.skills.kr_sense import domain_gaps
from coach.skills.objective import read_objective
from evals.env import ROOT


@dataclass(frozen=True)
class Scored:
    """One objective's pattern scores (before the sense weight), their domains' gaps to the
    objective's meaning, and labels: True accepted, False not, None unjudged."""

    scores: list[tuple[float, float, bool | None]]


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
        gaps = domain_gaps(dense, list(chunks.values()))
        ranks = search_ranks(objective, coach.search)
        scores: list[tuple[float, float, bool | None]] = []
        for pattern_id, chunk in chunks.items():
            fit = score_pattern(reading, entries[pattern_id], chunk, dense[chunk.chunk_id], ranks.get(pattern_id))
            label = True if pattern_id in positives else (
                None if entries[pattern_id].domain in unjudged_domains else False)
            scores.append((fit.score, gaps.get(entries[pattern_id].domain, 0.0), label))
        out.append(Scored(scores))
    return out


def sweep(rows: list[Scored]) -> list[tuple[float, float, float, float, float, float]]:
    """(sense weight, gate, margin, precision, recall, F0.5) over a grid."""
    positives = sum(label is True for row in rows for _, _, label in row.scores)
    out = []
    for weight in (0.0, 0.25, 0.5, 0.75, 1.0):
        for gate in (g / 100 for g in range(30, 61, 2)):
            for margin in (0.1, 0.15, 0.2, 0.25, 0.3, 1.0):
                kept: list[bool] = []
                for row in rows:
                    scored = [(score - weight * gap, label) for score, gap, label in row.scores]
                    floor = max(gate, max(score for score, _ in scored) - margin)
                    kept += [label for score, label in scored if score >= floor and label is not None]
                precision = sum(kept) / len(kept) if kept else 0.0
                recall = sum(kept) / positives if positives else 0.0
                f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
                out.append((weight, gate, margin, precision, recall, f05))
    return out


def main() -> int:
    """Print the sweep for the tune splits."""
    args = sys.argv[1:]
    floor = float(args[args.index("--min-precision") + 1]) if "--min-precision" in args else None
    coach = Coach(Settings(data_dir=Path(args[0]), embedder="local"))
    results = sweep(pattern_scores(coach))
    for weight, gate, margin, precision, recall, f05 in results:
        print(f"sense {weight:.2f} gate {gate:.2f} margin {margin:.2f}  precision {precision:.3f}  "
              f"recall {recall:.3f}  F0.5 {f05:.3f}")
    best = max(results, key=lambda r: r[5])
    print(f"best sense weight {best[0]:.2f}, gate {best[1]:.2f}, margin {best[2]:.2f} (F0.5 {best[5]:.3f})")
    # A relative margin keeps each list near its best idea: without one, lists grow long with
    # ideas a coach would drop even at the same pattern-level precision.
    held = [r for r in results if floor is not None and r[3] >= floor and r[2] < 1.0]
    if held:
        most = max(held, key=lambda r: (r[4], r[3]))
        print(f"most recall at precision >= {floor}: sense weight {most[0]:.2f}, gate {most[1]:.2f}, "
              f"margin {most[2]:.2f} (precision {most[3]:.3f}, recall {most[4]:.3f})")
    coach.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
