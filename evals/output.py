"""Results as JSON (`coach eval --json`) and as a plain-text summary."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from evals.gate import Breach, Regression
from evals.harness import CaseResult, SuiteResult


def case_json(case: CaseResult) -> dict[str, Any]:
    """One case: split, pass/fail, latency and every evaluator's value and reason."""
    data: dict[str, Any] = {
        "id": case.id, "split": case.split, "ok": case.ok, "latency_ms": round(case.latency_ms, 1),
        "scores": {name: {"value": s.value, "reason": s.reason, "ok": s.ok,
                          **({"tally": asdict(s.tally)} if s.tally else {})}
                   for name, s in case.scores.items()}}
    if case.error:
        data["error"] = case.error
    if case.outcome:
        data["model"] = {"status": case.outcome[0], "problems": list(case.outcome[1])}
    return data


def run_json(results: list[SuiteResult], breaches: list[Breach], regressions: list[Regression],
             backend: str) -> dict[str, Any]:
    """The whole run: metrics per suite and split, every case, breaches and regressions."""
    return {
        "backend": backend,
        "passed": not breaches,
        "breaches": [str(b) for b in breaches],
        "pass_to_fail": [asdict(r) for r in regressions],
        "suites": {r.name: {"description": r.description, "skipped": r.skipped, "notes": list(r.notes),
                            "counts": r.counts, "seconds": round(r.seconds, 1), "metrics": r.metrics,
                            "model": r.model,
                            "cases": [case_json(c) for c in r.cases]} for r in results}}


def summary(results: list[SuiteResult], breaches: list[Breach], regressions: list[Regression]) -> str:
    """A short plain-text report for a terminal."""
    lines = []
    for result in results:
        if result.skipped:
            lines.append(f"{result.name}: skipped ({result.skipped})")
            continue
        counts = ", ".join(f"{n} {split}" for split, n in result.counts.items())
        lines.append(f"{result.name} ({counts}; {result.seconds:.0f} s)")
        tune, held = result.metrics.get("tune", {}), result.metrics.get("heldout", {})
        for metric, value in result.metrics["all"].items():
            if metric.endswith(".support") or (metric == "errors" and not value):
                continue
            parts = [f"all {value:.3f}"]
            parts += [f"tune {tune[metric]:.3f}"] if metric in tune and held else []
            parts += [f"held-out {held[metric]:.3f}"] if metric in held else []
            lines.append(f"  {metric:<34} {'  '.join(parts)}")
        if result.model and result.model["shares"].get("offline", 0) < 1:
            shares = ", ".join(f"{k} {v:.0%}" for k, v in result.model["shares"].items() if v)
            lines.append(f"  model answers: {shares}; reasons {result.model['reasons']}")
    lines += [f"REGRESSION pass→fail: {r.suite} {r.case}: {'; '.join(r.reasons)[:200]}" for r in regressions]
    lines += [f"THRESHOLD BREACHED: {b}" for b in breaches]
    lines.append("eval gate: " + ("failed" if breaches else "passed"))
    return "\n".join(lines)
