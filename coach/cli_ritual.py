"""`coach checkin record|prepare` and `coach experiments add|update|list`: the weekly ritual.

The CLI is the local operator (admin of the team it names); the recorder is the operating
system user. Thin wrappers over `coach.ritual.service.Ritual`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
from typing import Annotated

import typer

from coach.identity import Principal
from coach.ritual.agenda import Agenda
from coach.ritual.ledger import STATUSES, ExperimentRecord, ExperimentStatus, ExperimentUpdate

checkin_app = typer.Typer(help="Check-ins: record a key result's value, prepare the next check-in.",
                          no_args_is_help=True)
experiments_app = typer.Typer(help="The experiment ledger: key result → hypothesis → result → learning.",
                              no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]
TeamOption = Annotated[str, typer.Option("--team", help="The team.")]
KrOption = Annotated[str, typer.Option("--kr", help="The key result's id in the team's OKRs, e.g. KR1.2.")]


def register(app: typer.Typer) -> None:
    """Add the ritual's commands to the main CLI."""
    app.add_typer(checkin_app, name="checkin")
    app.add_typer(experiments_app, name="experiments")


def _operator(team: str) -> Principal:
    from coach.config import check_team

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "operator"
    return Principal.operator(check_team(team), user=user)


def _status(value: str) -> ExperimentStatus:
    if value not in STATUSES:
        raise typer.BadParameter(f"{value!r}: use one of {', '.join(STATUSES)}")
    return value


@checkin_app.command("record")
def record(
    ctx: typer.Context,
    team: TeamOption,
    kr: KrOption,
    value: Annotated[str, typer.Option("--value", help="The value, optionally with its unit: 7, 6.8%, 45 minutes.")],
    confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="How sure of the target, 0–1.")] = None,
    note: Annotated[str | None, typer.Option(help="What is behind the number.")] = None,
    date: Annotated[str | None, typer.Option(help="When it was measured (YYYY-MM-DD, default today).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record a check-in value for one key result; prints its new computed state."""
    from coach.cli import _coach, _emit

    on = _date(date)
    with _coach(ctx) as coach:
        stored, tracked = coach.ritual.record_checkin(_operator(team), kr, value, confidence=confidence,
                                                      note=note, on=on)
    status = tracked.status
    assert status is not None
    if as_json:
        _emit({"checkin": dataclasses.asdict(stored) | {"on": stored.on.isoformat()},
               "state": status.state, "explanation": status.explanation})
        return
    typer.echo(f"{kr}: {stored.value:g} {stored.unit} on {stored.on} recorded by {stored.recorded_by}".rstrip())
    typer.echo(f"state: {status.state}: {status.explanation}")


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date: use YYYY-MM-DD", param_hint="--date") from None


@checkin_app.command("prepare")
def prepare(ctx: typer.Context, team: TeamOption, as_json: JsonFlag = False) -> None:
    """The next check-in's agenda: what most needs discussion first, questions, ideas, facilitation."""
    from coach.cli import _coach, _emit

    with _coach(ctx) as coach:
        agenda = coach.ritual.prepare(_operator(team))
    if as_json:
        _emit(agenda.model_dump(mode="json"))
    else:
        _print_agenda(agenda)


def _print_agenda(agenda: Agenda) -> None:
    typer.echo(f"Check-in agenda for {agenda.team}, {agenda.date} ({agenda.timebox})")
    for number, item in enumerate(agenda.items, start=1):
        typer.echo(f"{number}. [{item.state}] {item.kr_id} {item.text} (owner: {item.owner or 'none'})")
        typer.echo(f"   {item.explanation}")
        for question in item.questions:
            typer.echo(f"   ? {question}")
        if item.idea:
            typer.echo(f"   idea ({item.idea.stance}): {item.idea.text}")
    for review in agenda.learnings:
        typer.echo(f"- Experiment {review.experiment_id} ({review.kr_id}, {review.status}): {review.question}")
        typer.echo(f"   learning: {review.learning or 'none recorded'}")
    typer.echo("Round: " + ", ".join(agenda.round))
    for note in agenda.facilitation:
        typer.echo(f"* {note}")


@experiments_app.command("add")
def add(
    ctx: typer.Context,
    team: TeamOption,
    kr: KrOption,
    hypothesis: Annotated[str, typer.Option(help="We believe <change> will move <metric> because <evidence>.")],
    test: Annotated[str | None, typer.Option(help="The smallest test that would tell.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add an experiment to the ledger (status planned)."""
    from coach.cli import _coach

    with _coach(ctx) as coach:
        entry = coach.ritual.add_experiment(_operator(team), kr, hypothesis, test)
    _show([entry], as_json, single=True)


@experiments_app.command("update")
def update(
    ctx: typer.Context,
    experiment_id: Annotated[int, typer.Argument(help="The experiment's id (see `coach experiments list`).")],
    team: TeamOption,
    status: Annotated[str, typer.Option(help="planned | running | done | abandoned")],
    result: Annotated[str | None, typer.Option(help="What happened.")] = None,
    learning: Annotated[str | None, typer.Option(help="What the team learned (with done or abandoned).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Move an experiment on; a learning is indexed for later suggestions."""
    from coach.cli import _coach

    with _coach(ctx) as coach:
        entry = coach.ritual.update_experiment(_operator(team), experiment_id,
                                               ExperimentUpdate(_status(status), result, learning))
    _show([entry], as_json, single=True)


@experiments_app.command("list")
def list_(
    ctx: typer.Context,
    team: TeamOption,
    kr: Annotated[str | None, typer.Option("--kr", help="Only this key result.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The team's experiments, oldest first."""
    from coach.cli import _coach

    with _coach(ctx) as coach:
        entries = coach.ritual.experiments(_operator(team), kr)
    _show(entries, as_json)


def _show(entries: list[ExperimentRecord], as_json: bool, single: bool = False) -> None:
    from coach.cli import _emit

    if as_json:
        _emit(entries[0].as_json() if single else {"experiments": [e.as_json() for e in entries]})
        return
    for e in entries:
        typer.echo(f"{e.id} [{e.status}] {e.kr_id}: {e.hypothesis}")
        for label, value in (("test", e.test), ("result", e.result), ("learning", e.learning)):
            if value:
                typer.echo(f"   {label}: {value}")
        typer.echo(f"   added {e.created_on} by {e.recorded_by}"
                   + (f", ended {e.ended_on}" if e.ended_on else ""))
