"""`coach eval`: the eval harness (`evals/` in a source checkout) as a command.

The harness, its datasets and thresholds live in `evals/` beside the package, so this command
works from a checkout; an installed wheel without `evals/` says so instead of failing oddly.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coach.errors import CoachError, ConfigError

if TYPE_CHECKING:
    from evals.runner import Progress

CHECKOUT = Path(__file__).resolve().parent.parent


def eval_command(
    suite: Annotated[list[str] | None, typer.Option("--suite", help="Only this suite (repeatable); "
                                                     "default: all.")] = None,
    backend: Annotated[str, typer.Option(help="offline, openai:<model> or replay.")] = "offline",
    cassette: Annotated[Path | None, typer.Option(help="Record model answers here (openai:<model>) "
                                                  "or replay them from here (replay).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics per suite and per case as "
                                          "one JSON object.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write report.html into this directory.")] = None,
    update_baseline: Annotated[bool, typer.Option("--update-baseline", help="Store this run as "
                                                  "evals/baseline.json.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N cases of each suite "
                                              "(a quick look; metrics then cover those cases).")] = None,
) -> None:
    """Run the eval suites; exit 1 when a threshold in evals/thresholds.yaml is breached."""
    _require_checkout()
    from evals.app import EvalOptions, environment, evaluate

    options = EvalOptions(suite or [], backend, cassette, as_json, report, update_baseline, limit=limit)
    try:
        with environment(options) as env, _progress(sys.stderr.isatty()) as progress:
            run = evaluate(options, env, progress)
    except CoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, ConfigError) else 1) from None
    if as_json:
        typer.echo(json.dumps(run.as_json(), ensure_ascii=False))
    else:
        typer.echo(run.summary())
    if report is not None:
        typer.echo(f"report: {report / 'report.html'}", err=True)
    if run.breaches:
        raise typer.Exit(1)


def _require_checkout() -> None:
    """The harness is not part of the wheel; name what is missing and where to get it."""
    if str(CHECKOUT) not in sys.path and (CHECKOUT / "evals").is_dir():
        sys.path.insert(0, str(CHECKOUT))  # a checkout run as `coach` without PYTHONPATH
    if importlib.util.find_spec("evals.app") is None:
        typer.echo("error: `coach eval` runs from a source checkout: evals/ (datasets, thresholds, "
                   "baseline) is not installed with the package", err=True)
        raise typer.Exit(2)


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(transient=True, console=Console(stderr=True)) as bar:
        tasks: dict[str, Any] = {}

        def update(suite: str, done: int, total: int) -> None:
            if suite not in tasks:
                tasks[suite] = bar.add_task(f"eval {suite}", total=total)
            bar.update(tasks[suite], completed=done, total=total)

        yield update
