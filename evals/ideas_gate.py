"""The ideas evals in the offline gate: thresholds per skill and split from `thresholds.yaml`
(`ideas:`), a floor for scores where more is better and a ceiling (`max_`-prefixed) where
less is better (off-domain ideas, dilemmas raised wrongly, one card in most answers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.service import Coach
from evals.ideas import Scores, table
from evals.ideas_run import SHARED_OPL, run_all


def check(coach: Coach, limits: dict[str, Any], opl: Path = SHARED_OPL) -> tuple[list[Scores], list[str]]:
    """Ingest the Open Practice Library when it sits beside the checkout, run every ideas eval,
    and list the figures that miss their threshold."""
    if opl.is_dir():
        coach.ingest([opl])
    else:
        print(f"practice situations skipped: {opl} is absent (the Open Practice Library is not shipped)")
    results = run_all(coach, opl if opl.is_dir() else None)
    print(table(results))
    failures = []
    for result in results:
        for metric, bound in limits.get(result.skill, {}).get(result.split, {}).items():
            name = metric.removeprefix("max_")
            value = result.scores[name]
            if (metric.startswith("max_") and value > bound) or (not metric.startswith("max_") and value < bound):
                failures.append(f"{result.skill} {result.split} {name} {value:.3f} vs {bound}")
    return results, failures
