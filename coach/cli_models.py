"""`coach models check`: is the configured model endpoint usable, and how."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from coach.config import load_settings
from coach.errors import ConfigError

models_app = typer.Typer(help="Check the configured model endpoint (COACH_LLM, OPENAI_BASE_URL).",
                         no_args_is_help=True)


@models_app.command("check")
def check(
    ctx: typer.Context,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", min=0.1, max=600, help="Seconds to wait for the answer (default: COACH_LLM_TIMEOUT).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")] = False,
) -> None:
    """Ask the endpoint one tiny question: does it answer, in which structured-output mode, how fast."""
    from coach.llm.check import check_model

    data_dir = ctx.obj.get("data_dir") if ctx.obj else None
    try:
        result = check_model(load_settings(data_dir=data_dir, llm_timeout=timeout))
    except ConfigError as exc:
        if as_json:
            typer.echo(json.dumps({"ok": False, "error": str(exc)}))
        else:
            typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        for line in result.lines():
            typer.echo(line, err=line.startswith("error:"))
    if not result.ok:
        raise typer.Exit(1)
