"""A team's own artifacts as skills need them: cycle, metric snapshots, OKRs, transcripts."""

from __future__ import annotations

import datetime as dt

from coach.retrieval.search import SearchResult
from coach.skills.base import SkillContext


def team_chunks(ctx: SkillContext, kind: str) -> list[SearchResult]:
    """Every chunk of one kind in the team's own scope (none without a team)."""
    if not ctx.team or ctx.store_chunks is None:
        return []
    return [c for c in ctx.store_chunks(ctx.team) if c.kind == kind]


def metric_snapshots(ctx: SkillContext) -> list[SearchResult]:
    """One chunk per metric, with the latest value, unit, as_of and source in its metadata."""
    return [c for c in team_chunks(ctx, "metric") if "value" in c.metadata]


def _team_card(ctx: SkillContext) -> SearchResult | None:
    cards = team_chunks(ctx, "team")
    return cards[0] if cards else None


def cycle_end(ctx: SkillContext) -> str | None:
    """The end date of the team's current cycle, from its team.yaml, if known."""
    card = _team_card(ctx)
    return str(card.metadata["cycle_end"]) if card and card.metadata.get("cycle_end") else None


def timeframe_text(ctx: SkillContext) -> str:
    """The team's cycle as words, e.g. '2026-Q4 (2026-10-01 to 2026-12-31)'."""
    card = _team_card(ctx)
    if card is None or not card.metadata.get("cycle_label"):
        return "this cycle (dates to be agreed)"
    meta = card.metadata
    dates = f" ({meta['cycle_start']} to {meta['cycle_end']})" if meta.get("cycle_end") else ""
    return f"{meta['cycle_label']}{dates}"


def is_stale(as_of: str, today: dt.date, days: int = 90) -> bool:
    """True when a snapshot is older than `days`."""
    try:
        return (today - dt.date.fromisoformat(as_of)).days > days
    except ValueError:
        return False
