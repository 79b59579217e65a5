"""Key results: distinct, measurable ways to track an objective, with baselines from the team's data."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from coach.citations import Citation
from coach.retrieval.ranking import tokenize
from coach.retrieval.search import SearchResult
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.team_data import CitedSnapshot, cycle_end, metric_snapshots, timeframe_text
from coach.skills.validators import cite


class KeyResultsRequest(BaseModel):
    """`coach suggest key-results "OBJECTIVE"`."""

    objective: str = Field(min_length=3, max_length=500)
    n: int = Field(default=10, ge=1, le=20)
    timeframe: str | None = Field(default=None, max_length=100)


class Baseline(BaseModel):
    """The latest snapshot of the metric, from the team's own data."""

    value: float
    as_of: str
    source: str
    unit: str = ""


class KeyResultSuggestion(BaseModel):
    """One candidate key result."""

    text: str
    metric: str
    unit: str
    direction: Literal["increase", "decrease", "keep-within"]
    kind: Literal["leading", "lagging"]
    baseline: Baseline | None = None
    target: float | None = None
    timeframe: str
    counter_metric: str
    rationale: str
    citations: list[Citation] = Field(default_factory=list)


class KeyResultsResponse(SkillResponse):
    """Candidate key results, several metric families."""

    items: list[KeyResultSuggestion]


def gather(request: KeyResultsRequest, ctx: SkillContext) -> Material:
    """Patterns that fit the objective, and the team's metric snapshots."""
    material = Material()
    material.add(ctx.search(request.objective, ctx.team, 40, kinds=["kr_pattern"], per_source=6))
    snapshots = metric_snapshots(ctx)
    material.add([s.chunk for s in snapshots])
    material.extra["snapshots"] = snapshots
    material.extra["timeframe"] = request.timeframe or timeframe_text(ctx)
    material.extra["date"] = cycle_end(ctx)
    material.allow(material.extra["timeframe"], material.extra["date"] or "")
    return material


def _patterns(material: Material) -> list[SearchResult]:
    return [r for r in material.retrieved.values() if r.kind == "kr_pattern"]


def pick_patterns(patterns: list[SearchResult], n: int, shortlist: int = 20) -> list[SearchResult]:
    """Distinct ideas across metric families, favouring relevance.

    Pass 1 takes one pattern per family (at most four per domain) from the shortlist; later
    passes allow a second pattern of a family, then anything; the result keeps relevance order.
    """
    ranked = {p.chunk_id: rank for rank, p in enumerate(patterns)}
    chosen: list[SearchResult] = []
    for per_family, per_domain, pool in ((1, 5, shortlist), (2, 6, shortlist), (99, 99, len(patterns))):
        for result in patterns[:pool]:
            if len(chosen) == n:
                break
            if result in chosen or _count(chosen, "family", result) >= per_family \
                    or _count(chosen, "domain", result) >= per_domain:
                continue
            chosen.append(result)
    return sorted(chosen, key=lambda p: ranked[p.chunk_id])


def _count(chosen: list[SearchResult], key: str, result: SearchResult) -> int:
    value = result.metadata.get(key, result.chunk_id)
    return sum(1 for c in chosen if c.metadata.get(key, c.chunk_id) == value)


def focus_domains(patterns: list[SearchResult], top: int = 12, keep: int = 2) -> list[SearchResult]:
    """Put patterns from the domains the best matches agree on first (votes weighted by rank),
    so ideas stay on the objective's topic; the rest follow in their original order."""
    votes: dict[str, float] = {}
    for rank, pattern in enumerate(patterns[:top]):
        domain = str(pattern.metadata.get("domain", ""))
        votes[domain] = votes.get(domain, 0.0) + 1.0 / (rank + 3)
    leading = set(sorted(votes, key=lambda d: -votes[d])[:keep])
    return ([p for p in patterns if p.metadata.get("domain") in leading]
            + [p for p in patterns if p.metadata.get("domain") not in leading])


def match_snapshot(pattern: SearchResult, snapshots: list[CitedSnapshot]) -> CitedSnapshot | None:
    """The team metric whose name matches the pattern's metric: one name's words contain the
    other's, or they share at least half of their words."""
    metric = _distinctive(str(pattern.metadata.get("metric", "")))
    best, best_overlap = None, 0.0
    for snapshot in snapshots:
        name = _distinctive(snapshot.snapshot.metric)
        if not metric or not name:
            continue
        overlap = 1.0 if (metric <= name or name <= metric) else len(metric & name) / len(metric | name)
        if overlap >= 0.6 and overlap > best_overlap:
            best, best_overlap = snapshot, overlap
    return best


# Words too generic to tell two metrics apart ("time to first value" vs "time to first project").
_GENERIC = frozenset({"time", "rate", "first", "number", "share", "count", "per", "total", "average",
                      "mean", "median", "percent", "percentage", "ratio", "score", "level"})


def _distinctive(metric: str) -> set[str]:
    return {word for word in tokenize(metric) if word not in _GENERIC}


def prefer_grounded(patterns: list[SearchResult], snapshots: list[CitedSnapshot],
                    lift: int = 8) -> list[SearchResult]:
    """Move patterns the team already measures up the list: their baseline is known."""
    def rank(item: tuple[int, SearchResult]) -> float:
        position, pattern = item
        return position - lift if match_snapshot(pattern, snapshots) else position
    return [p for _, p in sorted(enumerate(patterns), key=rank)]


def _number(value: float, unit: str) -> str:
    if unit in ("%", "percent"):
        return f"{value:g}%"
    return f"{value:g} {unit}".strip()


def _statement(pattern: SearchResult, baseline: Baseline | None, date: str | None) -> str:
    meta = pattern.metadata
    metric, direction = _lower_first(str(meta["metric"])), str(meta["direction"])
    by = f"by {date}" if date else "by the end of the cycle"
    if direction == "keep-within":
        return f"Keep {metric} within a range to be agreed through {date or 'the end of the cycle'}"
    verb = "Raise" if direction == "increase" else "Reduce"
    start = (f"from {_number(baseline.value, baseline.unit)} (as of {baseline.as_of})" if baseline
             else "from a baseline still unknown (measure it first)")
    return f"{verb} {metric} {start} to a target to be agreed {by}"


def compose(request: KeyResultsRequest, material: Material, ctx: SkillContext) -> KeyResultsResponse:
    """Fill the chosen patterns with the team's baselines; targets stay for the team to set."""
    items = []
    candidates = prefer_grounded(focus_domains(_patterns(material)), material.extra["snapshots"])
    for pattern in pick_patterns(candidates, request.n):
        snapshot = match_snapshot(pattern, material.extra["snapshots"])
        baseline = _baseline(snapshot)
        citations = [cite(pattern)] + ([cite(snapshot.chunk)] if snapshot else [])
        items.append(KeyResultSuggestion(
            text=_statement(pattern, baseline, material.extra["date"]),
            metric=str(pattern.metadata["metric"]), unit=str(pattern.metadata.get("unit", "")),
            direction=pattern.metadata["direction"],  # type: ignore[arg-type]
            kind=pattern.metadata["indicator"],  # type: ignore[arg-type]
            baseline=baseline, target=None, timeframe=material.extra["timeframe"],
            counter_metric=str(pattern.metadata.get("counter_metric", "")),
            rationale=_rationale(pattern, baseline), citations=citations))
    warnings = [] if items else ["no key-result patterns matched this objective; try rephrasing it"]
    return KeyResultsResponse(items=items, warnings=warnings)


def _baseline(cited: CitedSnapshot | None) -> Baseline | None:
    if cited is None:
        return None
    snapshot = cited.snapshot
    return Baseline(value=snapshot.value, as_of=snapshot.as_of.isoformat(), unit=snapshot.unit,
                    source=snapshot.source or cited.chunk.source)


def _rationale(pattern: SearchResult, baseline: Baseline | None) -> str:
    meta = pattern.metadata
    kind = "A leading signal you can move within the cycle" if meta["indicator"] == "leading" \
        else "A lagging result that shows whether the outcome really changed"
    data = (f"the team's own snapshot gives the starting point ({baseline.source}, {baseline.as_of})"
            if baseline else "no team snapshot matches yet, so measure a baseline first")
    return f"{kind}; measure it from {_lower_first(str(meta.get('how_to_measure', '')))} Target to be agreed; {data}."


def _lower_first(text: str) -> str:
    text = text.strip()
    return (text[:1].lower() + text[1:]) if text and not re.match(r"^[A-Za-z]?[A-Z]{2}", text) else text


def prompt_values(request: KeyResultsRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """The untrusted context block with source ids."""
    blocks = [f"[{r.chunk_id}] ({r.kind}) {r.title}: {r.text}" for r in material.retrieved.values()]
    return {"objective": request.objective, "timeframe": material.extra["timeframe"],
            "n": str(request.n), "context": "\n\n".join(blocks),
            "vocabulary": ctx.vocabulary.model_dump_json()}


def check(response: KeyResultsResponse, request: KeyResultsRequest, material: Material) -> list[str]:
    """Distinct ideas: no two items on the same metric."""
    metrics = [" ".join(tokenize(item.metric)) for item in response.items]
    duplicates = {m for m in metrics if metrics.count(m) > 1}
    return [f"near-duplicate ideas for metric {m!r}" for m in sorted(duplicates)]


SKILL = Skill(name="key-results", request_model=KeyResultsRequest, response_model=KeyResultsResponse,
              prompt="key_results", gather=gather, compose=compose, prompt_values=prompt_values,
              text_fields=("text", "rationale", "counter_metric", "timeframe"), check=check)
