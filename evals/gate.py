"""Thresholds and the baseline: which metrics breach `evals/thresholds.yaml`, which cases
went from pass to fail since `evals/baseline.json`. Pure functions over suite results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from evals.harness import SuiteResult

HERE = Path(__file__).parent
THRESHOLDS = HERE / "thresholds.yaml"
BASELINE = HERE / "baseline.json"

# suite → split → metric → a floor (number) or {max: ceiling}
Thresholds = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class Breach:
    """A metric on the wrong side of its threshold (or missing although it is gated)."""

    suite: str
    split: str
    metric: str
    value: float | None
    limit: float
    bound: str  # "min" or "max"

    def __str__(self) -> str:
        shown = "missing" if self.value is None else f"{self.value:.3f}"
        sign = "<" if self.bound == "min" else ">"
        return f"{self.suite} [{self.split}] {self.metric} {shown} {sign} {self.limit}"


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    """The gate's limits."""
    data: Thresholds = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data


def limit_of(spec: Any) -> tuple[float, str]:
    """(limit, "min"|"max") from a threshold entry: a number is a floor, {max: x} a ceiling."""
    if isinstance(spec, dict):
        return float(spec["max"]), "max"
    return float(spec), "min"


def breaches(results: list[SuiteResult], thresholds: Thresholds) -> list[Breach]:
    """Every gated metric that is missing or beyond its limit; skipped suites are not gated."""
    found = []
    for result in results:
        if result.skipped is not None:
            continue
        for split, limits in thresholds.get(result.name, {}).items():
            metrics = result.metrics.get(split, {})
            for metric, spec in limits.items():
                limit, bound = limit_of(spec)
                value = metrics.get(metric)
                bad = value is None or (value < limit if bound == "min" else value > limit)
                if bad:
                    found.append(Breach(result.name, split, metric, value, limit, bound))
    return found


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    """The last accepted run (empty when there is none)."""
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def baseline_of(results: list[SuiteResult]) -> dict[str, Any]:
    """What `--update-baseline` stores: metrics per split and pass/fail per case."""
    return {r.name: {"metrics": r.metrics, "cases": {c.id: c.ok for c in r.cases}}
            for r in results if r.skipped is None}


def merged_baseline(old: dict[str, Any], results: list[SuiteResult]) -> dict[str, Any]:
    """The old baseline with the suites of this run replaced (a partial run keeps the rest)."""
    return {**old, **baseline_of(results)}


@dataclass(frozen=True)
class Regression:
    """A case that passed in the baseline and fails now."""

    suite: str
    case: str
    reasons: tuple[str, ...]


def pass_to_fail(results: list[SuiteResult], baseline: dict[str, Any]) -> list[Regression]:
    """Cases that passed in the baseline and fail now, with the failing evaluators' reasons."""
    found = []
    for result in results:
        before = baseline.get(result.name, {}).get("cases", {})
        for case in result.cases:
            if before.get(case.id) is True and not case.ok:
                reasons = [f"{name}: {s.reason}" for name, s in case.scores.items() if not s.ok]
                found.append(Regression(result.name, case.id, tuple(reasons or [case.error or "error"])))
    return found
