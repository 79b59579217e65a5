"""`coach suggest …`, `coach lint` and `coach team …`: thin wrappers over the skill registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pydantic
import typer

from coach.cards import KrState
from coach.errors import IngestionError, ValidationError
from coach.ingest.markdown import split_front_matter
from coach.ingest.structured import parse_structured, pydantic_problem
from coach.okr import OkrSet
from coach.skills.base import SkillResponse

suggest_app = typer.Typer(help="Ideas from the coach: key results, practices, risks, career prompts.",
                          no_args_is_help=True)
team_app = typer.Typer(help="Team settings: vocabulary, webhook, retention.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]
TeamOption = Annotated[str | None, typer.Option("--team", help="The team whose data to use.")]
OfflineFlag = Annotated[bool, typer.Option("--offline", help="Use the offline composer even when "
                                                              "COACH_LLM names a model.")]


def load_okrs(path: Path) -> OkrSet:
    """An OKR file (YAML or JSON), with errors that name the file and the field."""
    if not path.is_file():
        raise IngestionError(str(path), "no such file")
    data = parse_structured(path, path.read_text(encoding="utf-8"))
    try:
        return OkrSet.model_validate(data)
    except pydantic.ValidationError as exc:
        raise IngestionError(str(path), pydantic_problem(exc)) from exc


def load_person(path: Path) -> tuple[str, str | None, str | None]:
    """(context text, person, owner) from a career or 1:1 note."""
    if not path.is_file():
        raise IngestionError(str(path), "no such file")
    meta, body = split_front_matter(path, path.read_text(encoding="utf-8"))
    person = str(meta["person"]) if meta.get("person") else None
    return body.strip(), person, str(meta["owner"]) if meta.get("owner") else None


def _run(ctx: typer.Context, skill: str, request: dict[str, Any], team: str | None, as_json: bool,
         offline: bool, viewer: str | None = None) -> SkillResponse:
    from coach.cli import _coach, _emit

    with _coach(ctx) as coach:
        response = coach.suggest(skill, request, team, viewer=viewer, offline=offline)
    if as_json:
        _emit(response.model_dump(mode="json"))
    else:
        _print(response)
    return response


def _print(response: SkillResponse) -> None:
    for warning in response.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for number, item in enumerate(response.items, start=1):
        data = item.model_dump(mode="json")
        headline = next((data[k] for k in ("text", "name", "risk", "prompt", "hypothesis") if data.get(k)), "")
        typer.echo(f"{number}. {headline}")
        for key, value in data.items():
            if key in ("text", "name", "risk", "prompt", "hypothesis", "citations") or value in (None, "", []):
                continue
            typer.echo(f"   {key}: {value}")
        typer.echo("   cites: " + "; ".join(c["title"] for c in data.get("citations", [])))


@suggest_app.command("key-results")
def key_results(
    ctx: typer.Context,
    objective: Annotated[str, typer.Argument(help="The objective to measure.")],
    team: TeamOption = None,
    n: Annotated[int, typer.Option("-n", min=1, max=20, help="How many ideas.")] = 10,
    timeframe: Annotated[str | None, typer.Option(help="Overrides the team's cycle.")] = None,
    as_json: JsonFlag = False,
    offline: OfflineFlag = False,
) -> None:
    """Ways to measure an objective, with baselines from the team's own metrics."""
    _run(ctx, "key-results", {"objective": objective, "n": n, "timeframe": timeframe}, team, as_json, offline)


@suggest_app.command("practices")
def practices(
    ctx: typer.Context,
    key_result: Annotated[str, typer.Argument(help="The key result to help.")],
    state: Annotated[KrState | None, typer.Option(help="Where the key result stands.")] = None,
    context: Annotated[str | None, typer.Option("--context", help="Anything else to know.")] = None,
    team: TeamOption = None,
    n: Annotated[int, typer.Option("-n", min=1, max=10)] = 3,
    as_json: JsonFlag = False,
    offline: OfflineFlag = False,
) -> None:
    """Practices that fit a key result in its current state."""
    _run(ctx, "practices", {"key_result": key_result, "state": state, "context": context, "n": n},
         team, as_json, offline)


@suggest_app.command("experiments")
def experiments(
    ctx: typer.Context,
    key_result: Annotated[str, typer.Argument(help="The key result to move.")],
    kr: Annotated[str | None, typer.Option("--kr", help="The key result's id in the team's OKRs.")] = None,
    context: Annotated[str | None, typer.Option("--context", help="Anything else to know.")] = None,
    team: TeamOption = None,
    n: Annotated[int, typer.Option("-n", min=3, max=5, help="How many experiments.")] = 3,
    as_json: JsonFlag = False,
    offline: OfflineFlag = False,
) -> None:
    """Small, testable experiments for a key result, each with a decision rule."""
    _run(ctx, "experiments", {"key_result": key_result, "kr_id": kr, "context": context, "n": n},
         team, as_json, offline)


@suggest_app.command("risks")
def risks(
    ctx: typer.Context,
    okr: Annotated[Path, typer.Option("--okr", help="The OKR file (YAML or JSON).")],
    team: TeamOption = None,
    as_json: JsonFlag = False,
    offline: OfflineFlag = False,
) -> None:
    """A pre-mortem for an OKR set."""
    _run(ctx, "risks", {"okrs": _okrs_or_exit(okr).model_dump(mode="json")}, team, as_json, offline)


@suggest_app.command("career")
def career(
    ctx: typer.Context,
    about: Annotated[str | None, typer.Option("--about", help="What you know of the person.")] = None,
    person: Annotated[Path | None, typer.Option("--person", help="A career or 1:1 note file.")] = None,
    team: TeamOption = None,
    as_json: JsonFlag = False,
    offline: OfflineFlag = False,
) -> None:
    """An ordered series of open career-conversation questions."""
    if (about is None) == (person is None):
        typer.echo("error: give exactly one of --about TEXT or --person FILE", err=True)
        raise typer.Exit(2)
    name = viewer = None
    if person is not None:
        try:
            about, name, viewer = load_person(person)
        except IngestionError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    _run(ctx, "career", {"about": about, "person": name}, team, as_json, offline, viewer)


def lint(
    ctx: typer.Context,
    okr_file: Annotated[Path, typer.Argument(help="The OKR file (YAML or JSON).")],
    team: TeamOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Check each key result: outcome wording, metric, baseline, target, date, count, pay."""
    _run(ctx, "lint", {"okrs": _okrs_or_exit(okr_file).model_dump(mode="json")}, team, as_json, True)


def _okrs_or_exit(path: Path) -> OkrSet:
    try:
        return load_okrs(path)
    except (IngestionError, ValidationError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@team_app.command("terms")
def terms(
    ctx: typer.Context,
    team: Annotated[str, typer.Argument(help="The team.")],
    objective: Annotated[str | None, typer.Option(help="Word for objective, e.g. goal.")] = None,
    key_result: Annotated[str | None, typer.Option("--key-result", help="e.g. measure.")] = None,
    initiative: Annotated[str | None, typer.Option(help="e.g. experiment.")] = None,
) -> None:
    """Set (or show) the team's words for objective, key result and initiative."""
    from coach.cli import _coach
    from coach.config import check_team
    from coach.vocabulary import Vocabulary

    with _coach(ctx) as coach:
        current = coach.vocabulary(check_team(team))
        changes = {k: v for k, v in (("objective", objective), ("key_result", key_result),
                                     ("initiative", initiative)) if v}
        if changes:
            try:
                current = Vocabulary(**{**current.model_dump(), **changes})
            except pydantic.ValidationError as exc:
                typer.echo(f"error: {pydantic_problem(exc)}", err=True)
                raise typer.Exit(2) from None
            coach.appdb.set_vocabulary(team, current)
    typer.echo(f"{team}: objective → {current.objective}, key result → {current.key_result}, "
               f"initiative → {current.initiative}")


@team_app.command("webhook")
def webhook(
    ctx: typer.Context,
    team: Annotated[str, typer.Argument(help="The team.")],
    url: Annotated[str, typer.Argument(help="A Slack-compatible incoming webhook URL ('' removes it).")],
) -> None:
    """Set the team's incoming webhook for approved nudges."""
    from coach.cli import _coach
    from coach.config import check_team

    with _coach(ctx) as coach:
        coach.appdb.set_webhook(check_team(team), url or None)
    typer.echo(f"{team}: webhook {'set' if url else 'removed'}")


@team_app.command("retention")
def retention(
    ctx: typer.Context,
    team: Annotated[str, typer.Argument(help="The team.")],
    days: Annotated[int, typer.Argument(min=1, max=3650, help="Keep transcripts and resolved nudges this long.")],
) -> None:
    """Set how long the team's transcripts and resolved nudges are kept."""
    from coach.cli import _coach
    from coach.config import check_team

    with _coach(ctx) as coach:
        coach.appdb.set_retention(check_team(team), days)
    typer.echo(f"{team}: retention {days} days")
