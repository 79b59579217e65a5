"""Which kind of work an objective is about, read from the team's own context.

One shared word misleads: "Help product teams ship without waiting for us" shares "ship" with
warehouse measures, and even the whole sentence's embedding leans towards shipping goods. A
platform team's own records (its name, its objectives and key results, the metrics it
tracks) say what kind of work it does, so each pattern's domain is weighed by how close it
sits to that work: domains far from the team's own lose up to `TEAM_WEIGHT` times the gap.
A team's objective may still reach outside its usual domain (a platform team hiring), so this
adjusts scores; it never removes a domain. Without team records nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from coach.retrieval.search import SearchResult
from coach.skills.base import SkillContext
from coach.skills.kr_relevance import Fit

# Weight of the gap between a domain's closeness to the team's work and the closest domain's.
# Chosen on the team cases of the tune split of `key_results.yaml` (`python -m evals.kr_calibrate`).
TEAM_WEIGHT = 0.5
TOP = 3  # a domain's closeness: the mean of its TOP closest patterns


def team_context(ctx: SkillContext) -> str | None:
    """The team's work in its own words: its name, its objectives, the metrics its key results
    and snapshots track (None without team records, or when they say nothing of the work)."""
    data = ctx.team_data
    if data is None:
        return None
    words: list[str] = []
    for imported in data.okrs[:1]:  # the newest set says what the team works on now
        for objective in imported.okrs.objectives:
            words.append(objective.title)
            words += [kr.metric or kr.text for kr in objective.key_results]
    words += [snapshot.metric for snapshot in data.latest_metrics]
    if not words:
        return None
    name = data.settings.display_name if data.settings and data.settings.display_name else data.team
    return f"{name}: " + "; ".join(dict.fromkeys(words))


def domain_closeness(dense: dict[str, float], patterns: Sequence[SearchResult]) -> dict[str, float]:
    """Each domain's closeness to a text: the mean similarity of its `TOP` closest patterns."""
    by_domain: dict[str, list[float]] = {}
    for chunk in patterns:
        by_domain.setdefault(_domain(chunk), []).append(dense.get(chunk.chunk_id, 0.0))
    return {d: sum(sorted(v, reverse=True)[:TOP]) / min(TOP, len(v)) for d, v in by_domain.items()}


def in_team_context(fits: list[Fit], ctx: SkillContext, patterns: Sequence[SearchResult],
                    related: Callable[[str, Sequence[SearchResult]], dict[str, float]]) -> list[Fit]:
    """The fits with each score lowered by how far its domain sits from the team's own work."""
    context = team_context(ctx)
    if context is None or not fits:
        return fits
    closeness = domain_closeness(related(context, patterns), patterns)
    if not closeness:
        return fits
    closest = max(closeness.values())
    return [replace(f, score=f.score - TEAM_WEIGHT * (closest - closeness.get(_domain(f.chunk), closest)))
            for f in fits]


def _domain(chunk: SearchResult) -> str:
    return str(chunk.metadata.get("domain", ""))
