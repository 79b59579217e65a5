"""Run suites case by case and aggregate their metrics per split; pure apart from `run`."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from statistics import mean, median
from typing import Any

from coach.errors import CoachError
from evals.env import Env
from evals.harness import SPLITS, CaseResult, Score, Suite, SuiteResult, Tally

Progress = Callable[[str, int, int], None]  # (suite name, cases done, cases in the suite)


def run_suite(suite: Suite[Any, Any], env: Env, progress: Progress | None = None, *,
              limit: int | None = None) -> SuiteResult:
    """Every case of one suite (the first `limit` when given), then its metrics. A case whose
    run raises a coach error is recorded as failed with the message; anything else is a
    harness bug and propagates."""
    result = SuiteResult(suite.name, suite.description, notes=suite.notes)
    suite_started = time.perf_counter()
    reason = suite.unavailable()
    if reason is not None:
        result.skipped = reason
        return result
    cases = suite.load()[:limit]
    suite.prepare(env)
    answers: dict[str, list[tuple[Any, Any]]] = {split: [] for split in SPLITS}
    for done, case in enumerate(cases, start=1):
        started = time.perf_counter()
        try:
            output = suite.run(case.data, env)
        except CoachError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            result.cases.append(CaseResult(case.id, case.split, {}, elapsed, error=str(exc)))
        else:
            elapsed = (time.perf_counter() - started) * 1000
            answers[case.split].append((case.data, output))
            scores = {name: evaluate(case.data, output) for name, evaluate in suite.evaluators.items()}
            result.cases.append(CaseResult(case.id, case.split, scores, elapsed,
                                           suite.view(case.data, output), outcome=suite.outcome(output)))
        if progress:
            progress(suite.name, done, len(cases))
    result.metrics = {split: aggregate([c for c in result.cases if c.split == split])
                      for split in SPLITS}
    result.metrics["all"] = aggregate(result.cases)
    for split in SPLITS:
        result.metrics[split] |= suite.summary(answers[split]) if answers[split] else {}
    every = [pair for split in SPLITS for pair in answers[split]]
    result.metrics["all"] |= suite.summary(every) if every else {}
    result.counts = {split: sum(c.split == split for c in result.cases) for split in SPLITS}
    result.model = model_outcomes(result.cases)
    result.seconds = time.perf_counter() - suite_started
    return result


def aggregate(cases: Sequence[CaseResult]) -> dict[str, float]:
    """Metrics over some cases: the mean of each evaluator's values, micro precision and recall
    for evaluators that tally, latency percentiles, and the share of cases that passed."""
    if not cases:
        return {}
    metrics: dict[str, float] = {}
    names = dict.fromkeys(name for case in cases for name in case.scores)
    for name in names:
        scores = [case.scores[name] for case in cases if name in case.scores]
        metrics.update(_metric(name, scores))
    latencies = sorted(case.latency_ms for case in cases)
    metrics["latency_p50_ms"] = median(latencies)
    metrics["latency_p95_ms"] = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    metrics["case_pass_rate"] = sum(case.ok for case in cases) / len(cases)
    metrics["errors"] = float(sum(case.error is not None for case in cases))
    return metrics


def _metric(name: str, scores: Iterable[Score]) -> dict[str, float]:
    scores = list(scores)
    tallies = [s.tally for s in scores if s.tally is not None]
    if tallies:
        total = sum(tallies, Tally())
        found, expected = total.tp + total.fp, total.tp + total.fn
        # Nothing found and nothing expected is perfect precision and recall, not zero.
        return {f"{name}.precision": total.tp / found if found else 1.0,
                f"{name}.recall": total.tp / expected if expected else 1.0,
                f"{name}.support": float(expected)}
    values = [s.value for s in scores if s.value is not None]
    return {name: mean(values)} if values else {}


def model_outcomes(cases: Sequence[CaseResult]) -> dict[str, Any]:
    """Shares of answers the model got accepted, repaired, or replaced by the offline
    composer, with the fallback reasons counted by kind (schema, citation, invented number)."""
    outcomes = [case.outcome for case in cases if case.outcome is not None]
    if not outcomes:
        return {}
    statuses = Counter(status for status, _ in outcomes)
    reasons = Counter(kind for status, problems in outcomes if status != "accepted"
                      for kind in {problem_kind(p) for p in problems})
    return {"answers": len(outcomes),
            "shares": {status: statuses[status] / len(outcomes)
                       for status in ("accepted", "repaired", "fallback", "offline")},
            "reasons": dict(reasons.most_common())}


def problem_kind(problem: str) -> str:
    """The kind of a validator problem or backend failure, read from its wording
    (coach/skills/validators.py, coach/llm/structured.py). Endpoint failures come first: their
    messages quote the server, whose words ("json_object", "schema") are not the model's fault."""
    text = problem.lower()
    if "timed out" in text:
        return "timeout"
    if "reached the output limit" in text:  # names COACH_LLM_CONTEXT too, as a way to raise the cap
        return "output cap"
    if "context window" in text or "coach_llm_context" in text:
        return "context"
    if any(phrase in text for phrase in _ENDPOINT):
        return "backend"
    if "lists no items" in text:
        return "empty answer"
    if "found in no source" in text:
        return "invented number"
    if "not retrieved" in text or "no citation" in text:
        return "citation"
    if "json" in text or "does not fit" in text or "schema" in text or "validation" in text:
        return "schema"
    return "skill rule"


# How EndpointError and the backend word failures no answer could fix (coach/llm/).
_ENDPOINT = ("accepted no structured-output mode", "cannot reach", "refused the api key", "does not serve model",
             "rate-limiting", "request failed", "refused", "not a chat message")
