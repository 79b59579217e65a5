"""`coach team create T`: make a team exist before anything is ingested for it (so keys can be made)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from coach.appdb import AppDatabase
from coach.config import check_team, load_settings
from coach.db import open_database
from coach.errors import CoachError, ConfigError


def team_create(
    ctx: typer.Context,
    team: Annotated[str, typer.Argument(help="The team's name: lowercase letters, digits, '-' or '_'.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Create a team (a no-op when it exists); then `coach keys create --team T --role R`."""
    database = None
    try:
        data_dir = ctx.find_root().obj.get("data_dir") if ctx.find_root().obj else None
        database = open_database(load_settings(data_dir=data_dir))
        existed = check_team(team) in AppDatabase(database).teams()
        AppDatabase(database).ensure_team(team)
    except CoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, ConfigError) else 1) from None
    finally:
        if database is not None:
            database.close()
    if as_json:
        typer.echo(json.dumps({"team": team, "created": not existed}))
    else:
        typer.echo(f"team {team} {'already existed' if existed else 'created'}")
