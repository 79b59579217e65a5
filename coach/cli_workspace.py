"""`coach okrs import|export`: a team's OKR records from and to files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml

okrs_app = typer.Typer(help="A team's OKRs as records: import a file, export YAML.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]
TeamRequired = Annotated[str, typer.Option("--team", help="The team the OKRs belong to.")]


@okrs_app.command("import")
def import_okrs(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An OKR file (.yaml, .yml or .json; see the README schema).")],
    team: TeamRequired,
    as_json: JsonFlag = False,
) -> None:
    """Import an OKR file into the team's records and index it for retrieval."""
    from coach.cli import _coach, _emit

    with _coach(ctx) as coach:
        result = coach.import_team_file(file, team, "okr")
    if as_json:
        _emit(result.as_json())
    else:
        typer.echo(f"{result.team}: {result.file} {result.status} ({result.records} objectives and key results)")


@okrs_app.command("export")
def export_okrs(
    ctx: typer.Context,
    team: TeamRequired,
    cycle: Annotated[str | None, typer.Option(help="The cycle to export (default: the newest).")] = None,
) -> None:
    """Print the team's OKRs as YAML in the README's schema (the newest cycle, or --cycle)."""
    from coach.cli import _coach
    from coach.config import check_team
    from coach.errors import NotFoundError

    with _coach(ctx) as coach:
        scope = check_team(team)
        coach.repository.require_team(scope)
        sets = [s for s in coach.repository.okrs(scope) if cycle is None or s.okrs.cycle == cycle]
        if not sets:
            which = f"for cycle {cycle!r} " if cycle else ""
            raise NotFoundError(f"team {scope!r} has no OKRs {which}yet: import a file with "
                                f"`coach okrs import FILE --team {scope}`")
        data = sets[0].okrs.model_dump(mode="json", exclude_none=True)
    typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)
