"""`coach keys create | list | revoke`: API keys, managed by the local operator (admin of any team)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from coach.auth import KeyRing
from coach.config import load_settings
from coach.db import open_database
from coach.errors import CoachError, ConfigError
from coach.identity import ROLES, Principal

keys_app = typer.Typer(help="API keys: each one acts for one team with one role.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


@contextmanager
def _key_ring(ctx: typer.Context) -> Iterator[KeyRing]:
    """The key ring on the configured app database; coach errors become a message and exit status."""
    database = None
    try:
        data_dir = ctx.find_root().obj.get("data_dir") if ctx.find_root().obj else None
        database = open_database(load_settings(data_dir=data_dir))
        yield KeyRing(database)
    except CoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, ConfigError) else 1) from None
    finally:
        if database is not None:
            database.close()


@keys_app.command("create")
def create(
    ctx: typer.Context,
    team: Annotated[str, typer.Option("--team", help="The team the key acts for.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")],
    user: Annotated[str | None, typer.Option("--user", help="Who uses the key (private notes are "
                                                            "matched to this name).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create a key and print it once: only its hash is stored, so it cannot be shown again."""
    if role not in ROLES:
        typer.echo(f"error: unknown role {role!r}: use one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)
    with _key_ring(ctx) as ring:
        key, info = ring.create(Principal.operator(team), role, user)
    if as_json:
        typer.echo(json.dumps({"key": key, "id": info.id, "team": info.team, "role": info.role,
                               "user": info.user}))
        return
    typer.echo(f"{key}\n(id {info.id}, team {info.team}, role {info.role}, user {info.user}; "
               "store it now: it is not shown again)")


@keys_app.command("list")
def list_keys(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option("--team", help="Only this team's keys.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Key ids and prefixes (never the keys), with team, role, user and revocation."""
    with _key_ring(ctx) as ring:
        found = ring.list(team)
    if as_json:
        typer.echo(json.dumps({"keys": [info.as_json() for info in found]}))
        return
    for info in found:
        state = f"revoked {info.revoked_at}" if info.revoked_at else "active"
        typer.echo(f"{info.id}  {info.prefix}…  {info.team}  {info.role}  {info.user}  {state}")
    typer.echo(f"{len(found)} key(s)")


@keys_app.command("revoke")
def revoke(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(metavar="ID", help="The key's id (`coach keys list`).")],
    as_json: JsonFlag = False,
) -> None:
    """Revoke a key: it stops working at once."""
    with _key_ring(ctx) as ring:
        info = ring.revoke(Principal.operator(ring.get(key_id).team), key_id)
    if as_json:
        typer.echo(json.dumps(info.as_json()))
        return
    typer.echo(f"revoked {info.id} ({info.prefix}…, team {info.team}, role {info.role})")

