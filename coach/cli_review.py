"""`coach nudges`, `coach review …` and `coach purge`: the coach's review workflow."""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
from pathlib import Path
from typing import Annotated

import typer

from coach.meetings.models import Nudge, NudgeStatus

STATUS_CHOICES: tuple[NudgeStatus, ...] = ("pending", "approved", "edited", "dismissed")

review_app = typer.Typer(help="Review drafted nudges: nothing reaches a team until approved.",
                         no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]
ActorOption = Annotated[str, typer.Option("--as", help="Who is acting (recorded in the audit trail).")]


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coach-user"


def nudges(
    ctx: typer.Context,
    transcript: Annotated[Path, typer.Argument(help="A check-in transcript (.vtt, .srt, .txt, .json).")],
    team: Annotated[str, typer.Option("--team", help="The team the meeting belongs to.")],
    attendees: Annotated[str | None, typer.Option(help="Comma-separated attendee names.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Summarise a check-in, analyse its dynamics and queue drafted nudges as pending."""
    from coach.cli import _coach, _emit
    from coach.config import check_team
    from coach.meetings.service import review_meeting

    names = [a.strip() for a in attendees.split(",") if a.strip()] if attendees else []
    with _coach(ctx) as coach:
        report = review_meeting(coach, transcript, check_team(team), attendees=names)
    if as_json:
        _emit(report.as_json())
        return
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo("Summary:")
    for sentence in report.summary:
        typer.echo(f"  - {sentence.text}  [lines {', '.join(map(str, sentence.lines))}]")
    typer.echo(f"\n{len(report.nudges)} nudge(s) pending review:")
    _print_nudges(report.nudges)


def _print_nudges(items: list[Nudge]) -> None:
    for nudge in items:
        typer.echo(f"  {nudge.id} [{nudge.status}] {nudge.kind}: {nudge.text}")
        for evidence in nudge.evidence[:2]:
            typer.echo(f"      > [{evidence.timestamp}] {evidence.speaker}: {evidence.text[:120]}")


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option("--team")] = None,
    status: Annotated[str | None, typer.Option("--status", help="pending, approved, edited or dismissed")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Nudges in the queue."""
    from coach.cli import _coach, _emit

    if status is not None and status not in STATUS_CHOICES:
        typer.echo(f"error: unknown status {status!r}; use pending, approved, edited or dismissed", err=True)
        raise typer.Exit(2)
    with _coach(ctx) as coach:
        from coach.review.queue import ReviewQueue

        found = ReviewQueue(coach.appdb).list(team, status)
    if as_json:
        _emit({"nudges": [n.model_dump(mode="json") for n in found]})
    else:
        _print_nudges(found)


def _change(ctx: typer.Context, action: str, nudge_id: str, actor: str, **extra: str) -> None:
    from coach.cli import _coach, _emit
    from coach.review.queue import ReviewQueue

    with _coach(ctx) as coach:
        queue = ReviewQueue(coach.appdb)
        nudge = getattr(queue, action)(nudge_id, actor=actor, **extra)
    _emit({"id": nudge.id, "status": nudge.status, "text": nudge.text})


@review_app.command("approve")
def approve(ctx: typer.Context, nudge_id: str, actor: ActorOption = "") -> None:
    """Approve a nudge for delivery."""
    _change(ctx, "approve", nudge_id, actor or _actor())


@review_app.command("edit")
def edit(ctx: typer.Context, nudge_id: str,
         text: Annotated[str, typer.Option("--text", help="The new wording.")], actor: ActorOption = "") -> None:
    """Reword a nudge; an edited nudge is approved as edited."""
    _change(ctx, "edit", nudge_id, actor or _actor(), text=text)


@review_app.command("dismiss")
def dismiss(ctx: typer.Context, nudge_id: str,
            reason: Annotated[str, typer.Option("--reason", help="Why it should not be sent.")],
            actor: ActorOption = "") -> None:
    """Dismiss a nudge; it will never be delivered."""
    _change(ctx, "dismiss", nudge_id, actor or _actor(), reason=reason)


@review_app.command("deliver")
def deliver(ctx: typer.Context, team: Annotated[str | None, typer.Option("--team")] = None) -> None:
    """Send approved and edited nudges to the team feed and webhook (each at most once)."""
    from coach.cli import _coach, _emit

    with _coach(ctx) as coach:
        report = coach.deliver(team)
    _emit(dataclasses.asdict(report))
    if any(counts.failed for counts in (report.feed, report.webhook)):
        raise typer.Exit(1)



def purge(
    ctx: typer.Context,
    team: Annotated[str, typer.Option("--team")],
    days: Annotated[int | None, typer.Option(help="Override the team's retention in days.")] = None,
) -> None:
    """Remove transcripts (and their chunks) and resolved nudges older than the team's retention."""
    from coach.cli import _coach, _emit
    from coach.config import check_team

    with _coach(ctx) as coach:
        keep = days or coach.appdb.get_team(check_team(team)).retention_days
        if not keep:
            typer.echo(f"error: team {team} has no retention set; run `coach team retention {team} DAYS` "
                       "or pass --days", err=True)
            raise typer.Exit(2)
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=keep)
        report = coach.appdb.purge(team, cutoff)
        coach.forget([Path(p) for p in report.transcripts], team)
    _emit({"team": team, "days": keep, "nudges": report.nudges, "transcripts": report.transcripts})

