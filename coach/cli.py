"""The `coach` command line: thin wrappers over `Coach`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from coach.config import Settings, load_settings
from coach.errors import CoachError, ConfigError
from coach.ingest.pipeline import IngestReport, ProgressHook
from coach.resources import corpus_dir
from coach.service import Coach

app = typer.Typer(help="coach: a grounded, cited AI teammate for goals and coaching.",
                  no_args_is_help=True, add_completion=False)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]
TeamOption = Annotated[str | None, typer.Option("--team", help="The team's own scope.")]


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Data directory (default: $COACH_DATA_DIR or ~/.local/share/coach).")] = None,
) -> None:
    """Global options."""
    ctx.obj = {"data_dir": data_dir}


def _settings(ctx: typer.Context) -> Settings:
    return load_settings(data_dir=ctx.obj.get("data_dir") if ctx.obj else None)


@contextmanager
def _coach(ctx: typer.Context) -> Iterator[Coach]:
    """Open a Coach, turning coach errors into a one-line message and exit status."""
    coach = None
    try:
        coach = Coach(_settings(ctx))
        yield coach
    except CoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, ConfigError) else 1) from None
    finally:
        if coach is not None:
            coach.close()


def _emit(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=None))


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to ingest.")],
    team: TeamOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Ingest files into the shared library, or into a team's own scope with --team."""
    with _coach(ctx) as coach, _progress(enabled=sys.stderr.isatty()) as progress:
        report = coach.ingest(paths, team, progress)
    if as_json:
        _emit(report.as_json())
    else:
        _print_report(report)
    if report.errors:
        raise typer.Exit(1)


def _print_report(report: IngestReport) -> None:
    typer.echo(f"{report.files} files: {report.added} added, {report.updated} updated, "
               f"{report.unchanged} unchanged, {report.removed} removed; "
               f"{report.chunks} chunks written, {report.embedded} embedded")
    for error in report.errors:
        typer.echo(f"error: {error['path']}: {error['error']}", err=True)


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressHook | None]:
    if not enabled:
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=None) as bar:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                label = "Reading files" if phase == "read" else "Embedding chunks"
                tasks[phase] = bar.add_task(label, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    team: TeamOption = None,
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="How many results.")] = 10,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only chunks of this kind "
                                                   "(repeatable).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Hybrid search over the library (and a team's own data with --team)."""
    with _coach(ctx) as coach:
        results = coach.search(query, team, k, kinds=kind or ())
    if as_json:
        _emit({"results": [r.as_json() for r in results]})
        return
    for number, result in enumerate(results, start=1):
        snippet = " ".join(result.text.split())[:160]
        typer.echo(f"{number}. [{result.kind}] {result.title} — {result.source}\n   {snippet}")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API and web page with uvicorn."""
    import uvicorn

    from coach.api.app import create_app

    try:
        settings = _settings(ctx)
    except CoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    uvicorn.run(create_app(settings), host=host, port=port)


def _register_subcommands() -> None:
    from coach.cli_eval import eval_command
    from coach.cli_keys import keys_app
    from coach.cli_models import models_app
    from coach.cli_review import nudges, purge, review_app
    from coach.cli_skills import lint, suggest_app, team_app
    from coach.cli_teams import team_create

    app.add_typer(suggest_app, name="suggest")
    app.command("eval")(eval_command)
    app.add_typer(team_app, name="team")
    app.add_typer(review_app, name="review")
    app.add_typer(keys_app, name="keys")
    team_app.command("create")(team_create)
    app.command("lint")(lint)
    app.command("nudges")(nudges)
    app.command("purge")(purge)
    app.add_typer(models_app, name="models")


_register_subcommands()


def main() -> None:
    """Console-script entry point."""
    app()


@app.command()
def bootstrap(
    ctx: typer.Context,
    corpus: Annotated[Path | None, typer.Argument(
        help="The corpus directory (default: the built-in corpus shipped with coach).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Index the built-in corpus: cards into the library, each `examples/<team>` into its team."""
    corpus = corpus or corpus_dir()
    if not corpus.is_dir():
        typer.echo(f"error: {corpus} is not a directory (pass the corpus path)", err=True)
        raise typer.Exit(2)
    reports: dict[str, IngestReport] = {}
    with _coach(ctx) as coach, _progress(enabled=sys.stderr.isatty()) as progress:
        reports["library"] = coach.ingest([corpus], None, progress)
        examples = corpus / "examples"
        teams = sorted(p for p in examples.iterdir() if p.is_dir()) if examples.is_dir() else []
        for team_dir in teams:
            reports[team_dir.name] = coach.ingest([team_dir], team_dir.name, progress)
    if as_json:
        _emit({scope: report.as_json() for scope, report in reports.items()})
    else:
        for scope, report in reports.items():
            typer.echo(f"{scope}: ", nl=False)
            _print_report(report)
    if any(report.errors for report in reports.values()):
        raise typer.Exit(1)


corpus_app = typer.Typer(help="Check and inspect knowledge cards.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("validate")
def corpus_validate(
    path: Annotated[Path | None, typer.Argument(
        help="The corpus directory (default: the built-in corpus).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Validate every card against its schema; errors name the file and the field."""
    from coach.corpus import validate_corpus

    path = path or corpus_dir()
    if not path.is_dir():
        typer.echo(f"error: {path} is not a directory", err=True)
        raise typer.Exit(2)
    report = validate_corpus(path)
    if as_json:
        _emit(report.as_json())
    else:
        typer.echo(", ".join(f"{n} {kind}" for kind, n in sorted(report.counts.items())))
        for error in report.errors:
            typer.echo(f"error: {error['path']}: {error['error']}", err=True)
        typer.echo("ok" if not report.errors else f"{len(report.errors)} problem(s)")
    if report.errors:
        raise typer.Exit(1)


@corpus_app.command("duplicates")
def corpus_duplicates(
    path: Annotated[Path, typer.Argument(help="A folder of practice pages (e.g. an OPL checkout).")],
    as_json: JsonFlag = False,
) -> None:
    """Report near-duplicate practice pages (same practice name, or mostly shared text)."""
    from coach.ingest.pipeline import practice_near_duplicates

    pairs = practice_near_duplicates([path])
    if as_json:
        _emit({"near_duplicates": pairs})
        return
    for pair in pairs:
        typer.echo(f"{pair['first']} ~ {pair['second']}: {pair['reason']}")
    typer.echo(f"{len(pairs)} near-duplicate pair(s)")
