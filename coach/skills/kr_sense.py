"""Which kind of work an objective is about: its whole meaning and the team's own context
weigh each pattern's domain, so one shared word cannot pull in another trade's measures.

"Help new engineers ship something in their first week" shares "ship" with warehouse
measures and "Make checkout something customers never have to worry about" shares "check"
with hotel ones; the lexical bonuses of `kr_relevance` reward the word whatever its sense.
Two readings of each domain correct that, both as closeness (the mean similarity of the
domain's `TOP` closest patterns):
- to the objective as a whole: a domain far from the closest one loses `SENSE_WEIGHT` times
  the gap;
- to the team's own work (its name, objectives, key results and tracked metrics): a platform
  team's "ship" is about releasing software; a domain far from the team's work loses
  `TEAM_WEIGHT` times the gap. A team may still reach outside its usual work (a platform team
  hiring), so this lowers scores and never removes a domain. Without team records it is skipped.
Both weights were chosen with the gate on the tune splits (`python -m evals.kr_calibrate`); the
team weight on the 13 tune objectives of `kr_objectives.yaml` whose team context is labelled
(`team_tracks`), many with words that mean different things in different trades ("pipeline",
"tickets", "cases", "release", "retention").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from coach.retrieval.search import SearchResult
from coach.skills.base import SkillContext
from coach.skills.kr_relevance import Fit

SENSE_WEIGHT = 1.0  # weight of a domain's gap to the domain closest to the whole objective
# ...and to the domain closest to the team's own work. Measured on the 13 tune objectives with team
# context, at the chosen gate: team weight 0 / 0.25 / 0.5 / 0.75 / 1.0 let patterns through at
# precision 0.41 / 0.48 / 0.56 / 0.75 / 0.75 (recall 0.26 / 0.24 / 0.24 / 0.21 / 0.21); the best
# F0.5 over all 77 tune objectives is also at 0.75. 0.75 is the smaller of the two equal best: a
# team may still reach outside its usual work. Only 13 cases: weak evidence, to be re-measured.
TEAM_WEIGHT = 0.75
TOP = 3  # a domain's closeness: the mean similarity of its TOP closest patterns
Related = Callable[[str, Sequence[SearchResult]], dict[str, float]]


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


def domain_gaps(dense: dict[str, float], patterns: Sequence[SearchResult]) -> dict[str, float]:
    """How far each domain sits below the domain closest to a text (0 for the closest)."""
    by_domain: dict[str, list[float]] = {}
    for chunk in patterns:
        by_domain.setdefault(_domain(chunk), []).append(dense.get(chunk.chunk_id, 0.0))
    closeness = {d: sum(sorted(v, reverse=True)[:TOP]) / min(TOP, len(v)) for d, v in by_domain.items()}
    closest = max(closeness.values(), default=0.0)
    return {d: closest - value for d, value in closeness.items()}


def in_context(fits: list[Fit], objective_gaps: dict[str, float],
               team_gaps: dict[str, float] | None = None) -> list[Fit]:
    """The fits with each score lowered by its domain's gaps to the objective's meaning and to
    the team's work."""
    team_gaps = team_gaps or {}
    return [replace(f, score=f.score - SENSE_WEIGHT * objective_gaps.get(_domain(f.chunk), 0.0)
                    - TEAM_WEIGHT * team_gaps.get(_domain(f.chunk), 0.0)) for f in fits]


def team_gaps(ctx: SkillContext, patterns: Sequence[SearchResult], related: Related) -> dict[str, float] | None:
    """Each domain's gap to the team's own work (None without team records)."""
    context = team_context(ctx)
    return domain_gaps(related(context, patterns), patterns) if context is not None else None


def _domain(chunk: SearchResult) -> str:
    return str(chunk.metadata.get("domain", ""))
