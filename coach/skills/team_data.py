"""A team's own data as skills need it: cycle and metric snapshots from the team records.

Values come from the typed records (`ctx.team_data`); retrieval supplies only the chunk each
value is cited by (the ingested file's section for that metric) and evidence to quote
(transcript chunks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coach.retrieval.search import SearchResult
from coach.skills.base import SkillContext
from coach.workspace.records import MetricSnapshot


@dataclass(frozen=True)
class CitedSnapshot:
    """A metric's newest snapshot from the team records, with the chunk that cites it."""

    snapshot: MetricSnapshot
    chunk: SearchResult


def team_chunks(ctx: SkillContext, kind: str) -> list[SearchResult]:
    """Every chunk of one kind in the team's own scope (none without a team): evidence to cite,
    never a source of the team's figures."""
    if not ctx.team or ctx.store_chunks is None:
        return []
    return [c for c in ctx.store_chunks(ctx.team) if c.kind == kind]


def _file_chunks(ctx: SkillContext, path: str) -> list[SearchResult]:
    return ctx.file_chunks(path) if ctx.file_chunks is not None else []


def metric_snapshots(ctx: SkillContext) -> list[CitedSnapshot]:
    """The newest snapshot of each team metric that has an indexed chunk to cite."""
    if ctx.team_data is None:
        return []
    by_file: dict[str, list[SearchResult]] = {}
    cited = []
    for snapshot in ctx.team_data.latest_metrics:
        chunks = by_file.setdefault(snapshot.file, _file_chunks(ctx, snapshot.file))
        chunk = next((c for c in chunks if c.metadata.get("metric") == snapshot.metric), None)
        if chunk is not None:
            cited.append(CitedSnapshot(snapshot, chunk))
    return cited


def cycle_end(ctx: SkillContext) -> str | None:
    """The end date of the team's current cycle (ISO), if known."""
    cycle = ctx.team_data.cycle if ctx.team_data else None
    return cycle.end.isoformat() if cycle and cycle.end else None


def timeframe_text(ctx: SkillContext) -> str:
    """The team's cycle as words, e.g. '2026-Q4 (2026-10-01 to 2026-12-31)'."""
    cycle = ctx.team_data.cycle if ctx.team_data else None
    return cycle.as_text() if cycle else "this cycle (dates to be agreed)"


def is_stale(as_of: dt.date, today: dt.date, days: int = 90) -> bool:
    """True when a snapshot is older than `days`."""
    return (today - as_of).days > days
