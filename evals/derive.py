"""Propose thresholds from a measured run: `coach eval --json > run.json` then
`python -m evals.derive run.json`. Each floor sits a margin below the measured value
(`MARGIN` for suite-wide figures, `RULE_MARGIN` for small per-rule or per-split supports),
so a real regression fails and run-to-run noise does not. Latency is reported, not gated."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import yaml

MARGIN = 0.03
RULE_MARGIN = 0.15
# Guarantees every answer must keep, whatever was measured.
EXACT = ("schema", "citations", "grounding", "vocabulary", "baseline_honest", "rewrite_drops_activity")
# Lower is better: these get a ceiling a margin above the measured value (leaks stay at 0).
CEILINGS = ("off_domain", "personal_data_leaks", "false_raise", "top_card_share")


def floor(metric: str, value: float, support: float | None) -> float | dict[str, float]:
    """The proposed floor (or, for lower-is-better metrics, {max: ceiling}) for one value."""
    if metric in CEILINGS:
        return {"max": 0.0 if metric == "personal_data_leaks" else math.ceil((value + MARGIN) * 100) / 100}
    if metric in EXACT and value == 1.0:
        return 1.0
    margin = RULE_MARGIN if metric.startswith("rule.") or (support is not None and support < 20) else MARGIN
    return max(0.0, math.floor((value - margin) * 100) / 100)


def propose(run: dict[str, Any], gated_splits: tuple[str, ...] = ("all", "heldout")) -> dict[str, Any]:
    """Thresholds for every 0..1 metric of every suite that ran."""
    found: dict[str, Any] = {}
    for name, suite in run["suites"].items():
        if suite["skipped"]:
            continue
        for split in gated_splits:
            metrics = suite["metrics"].get(split, {})
            limits = {m: floor(m, v, metrics.get(m.rsplit(".", 1)[0] + ".support"))
                      for m, v in metrics.items()
                      if 0.0 <= v <= 1.0 and not m.endswith(".support") and m not in ("errors", "case_pass_rate")
                      and not m.startswith("latency")}
            if limits:
                found.setdefault(name, {})[split] = limits
    return found


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(yaml.safe_dump(propose(json.load(handle)), sort_keys=False, width=100))
