"""`coach eval`: run suites, write JSON and the HTML report, gate on the thresholds."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import ConfigError
from evals.env import Env
from evals.gate import (
    BASELINE,
    THRESHOLDS,
    Breach,
    Regression,
    breaches,
    load_baseline,
    load_thresholds,
    merged_baseline,
    pass_to_fail,
)
from evals.harness import SuiteResult
from evals.judge import judge_backend, with_judge
from evals.output import run_json, summary
from evals.registry import select
from evals.report import write_report
from evals.runner import Progress, run_suite


@dataclass
class EvalOptions:
    """What `coach eval` was asked to do."""

    suites: list[str] = field(default_factory=list)
    backend: str = "offline"
    cassette: Path | None = None
    as_json: bool = False
    report: Path | None = None
    update_baseline: bool = False
    limit: int | None = None  # only the first N cases of each suite (quick or paid model runs)
    thresholds: Path = THRESHOLDS
    baseline: Path = BASELINE


@dataclass
class EvalRun:
    """A finished run and its verdict."""

    results: list[SuiteResult]
    breaches: list[Breach]
    regressions: list[Regression]
    backend: str
    seconds: float = 0.0  # wall clock of the whole run
    cpu_seconds: float = 0.0  # this process's CPU time (user + system), for machines shared with others

    def as_json(self) -> dict[str, Any]:
        """The `--json` document."""
        return run_json(self.results, self.breaches, self.regressions, self.backend) | {
            "seconds": round(self.seconds, 1), "cpu_seconds": round(self.cpu_seconds, 1)}

    def summary(self) -> str:
        """The terminal summary."""
        return (summary(self.results, self.breaches, self.regressions)
                + f" in {self.seconds:.0f} s ({self.cpu_seconds:.0f} s of CPU)")


def evaluate(options: EvalOptions, env: Env, progress: Progress | None = None) -> EvalRun:
    """Run the selected suites on `env` and judge them against thresholds and baseline."""
    if options.update_baseline and options.limit:
        raise ConfigError("--update-baseline needs every case: drop --limit")
    started, cpu_started = time.perf_counter(), time.process_time()
    judge = judge_backend()
    suites = [with_judge(suite, judge) for suite in select(options.suites)]
    results = [run_suite(suite, env, progress, limit=options.limit) for suite in suites]
    baseline = load_baseline(options.baseline)
    run = EvalRun(results, breaches(results, load_thresholds(options.thresholds)),
                  pass_to_fail(results, baseline), options.backend,
                  time.perf_counter() - started, time.process_time() - cpu_started)
    if options.update_baseline:
        options.baseline.write_text(json.dumps(merged_baseline(baseline, results), indent=1,
                                               sort_keys=True) + "\n", encoding="utf-8")
    if options.report is not None:
        write_report(run, baseline, load_thresholds(options.thresholds), options.report)
    return run


@contextmanager
def environment(options: EvalOptions) -> Iterator[Env]:
    """An Env for the chosen backend, closed afterwards."""
    env = Env(backend=options.backend, cassette=options.cassette)
    try:
        yield env
    finally:
        env.close()
