"""Key results: distinct, measurable ways to track an objective, with baselines from the team's data."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from coach.citations import Citation
from coach.retrieval.ranking import tokenize
from coach.retrieval.search import SearchResult
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.kr_relevance import CLOSE, Fit, direction_of, passing, related_metrics, score_pattern
from coach.skills.kr_sense import domain_gaps, in_context, team_gaps
from coach.skills.measure_shapes import MeasureShape, compose_shapes
from coach.skills.objective import read_objective
from coach.skills.team_data import CitedSnapshot, cycle_end, metric_snapshots, timeframe_text
from coach.skills.team_key_results import CitedKeyResult, metric_key, related_key_results
from coach.skills.validators import cite

SHAPES_GUIDE = "measure-shapes"  # the guide card cited by ideas composed in the objective's words
# Below this many ready-made ideas (team data and catalogue), shapes in the objective's words fill
# in: a team choosing measures needs a handful to compare, not one.
FILL = 5


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
    """Every pattern scored against the objective (by id, not by search rank), the team's metric
    snapshots scored the same way, and the timeframe the request or the team gives."""
    material = Material()
    reading = read_objective(request.objective)
    entries = ctx.catalogue.patterns
    chunks = ctx.card_chunks([*sorted(entries), SHAPES_GUIDE])
    related = ctx.relatedness or _unrelated
    patterns = [chunks[i] for i in sorted(entries) if i in chunks]
    dense = related(request.objective, patterns)
    ranks = search_ranks(request.objective, ctx.search)
    scored = [score_pattern(reading, entries[card], c, dense.get(c.chunk_id, 0.0), ranks.get(card))
              for c in patterns if (card := str(c.metadata["card_id"]))]
    material.extra["fits"] = passing(in_context(scored, domain_gaps(dense, patterns),
                                                team_gaps(ctx, patterns, related)))
    material.add([f.chunk for f in material.extra["fits"]])
    snapshots = metric_snapshots(ctx)
    material.add([s.chunk for s in snapshots])
    material.extra["snapshots"] = snapshots
    material.extra["team_metrics"] = related_metrics(reading, snapshots,
                                                     related(request.objective, [s.chunk for s in snapshots]))
    material.extra["team_krs"] = related_key_results(request.objective, reading, ctx, related)
    material.add([k.chunk for k in material.extra["team_krs"]])
    material.extra["guide"] = material.add([chunks[SHAPES_GUIDE]])[0] if SHAPES_GUIDE in chunks else None
    material.extra["reading"] = reading
    asked = request.timeframe or reading.timeframe
    material.extra["timeframe"] = asked or timeframe_text(ctx)
    end = cycle_end(ctx)
    material.extra["date"] = _by(asked) if asked else (f"by {end}" if end else None)
    material.allow(material.extra["timeframe"], material.extra["date"] or "")
    return material


def _unrelated(query: str, chunks: Sequence[SearchResult]) -> dict[str, float]:
    return {}


def _by(timeframe: str) -> str:
    """"Q3 2027" → "by Q3 2027"; "within 6 weeks" and "this quarter" stay as they are."""
    words = timeframe.strip().split()
    first = words[0].lower() if words else ""
    return timeframe.strip() if first in ("by", "before", "within", "in", "during", "this", "next", "until",
                                         "over", "end") else f"by {timeframe.strip()}"


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


def search_ranks(objective: str, search: Callable[..., list[SearchResult]], k: int = 40) -> dict[str, int]:
    """Each pattern's rank in the hybrid search of the objective (absent: not in the top k)."""
    ranks: dict[str, int] = {}
    for rank, result in enumerate(search(objective, None, k, kinds=["kr_pattern"], per_source=6)):
        ranks.setdefault(str(result.metadata.get("card_id", "")), rank)
    return ranks


def focus_domains(patterns: list[SearchResult], top: int = 12, keep: int = 2) -> list[SearchResult]:
    """Only the patterns from the domains the best matches agree on (votes weighted by rank), so
    ideas stay on the objective's topic: a list is never padded from other domains."""
    votes: dict[str, float] = {}
    for rank, pattern in enumerate(patterns[:top]):
        domain = str(pattern.metadata.get("domain", ""))
        votes[domain] = votes.get(domain, 0.0) + 1.0 / (rank + 3)
    leading = set(sorted(votes, key=lambda d: -votes[d])[:keep])
    return [p for p in patterns if p.metadata.get("domain") in leading]


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
                      "mean", "median", "percent", "percentage", "ratio", "score", "level",
                      # units of time: "on the right day" does not restate "days to decide"
                      "hour", "day", "week", "month", "year", "minute"})


def _distinctive(metric: str) -> set[str]:
    return {word for word in tokenize(metric) if word not in _GENERIC}


def _number(value: float, unit: str) -> str:
    if unit in ("%", "percent"):
        return f"{value:g}%"
    return f"{value:g} {unit}".strip()


def _statement(metric: str, direction: str, baseline: Baseline | None, by: str | None, *,
               stated: bool = False) -> str:
    """The idea as a key result; `stated`: the baseline is the one a team key result states
    (it has no measurement date of its own)."""
    metric = _lower_first(metric)
    when = by or "by the end of the cycle"
    if direction == "keep-within":
        return f"Keep {metric} within a range to be agreed {when}"
    verb = "Raise" if direction == "increase" else "Reduce"
    where = "as stated in the team's key result" if stated else f"as of {baseline.as_of}" if baseline else ""
    start = (f"from {_number(baseline.value, baseline.unit)} ({where})" if baseline
             else "from a baseline still unknown (measure it first)")
    return f"{verb} {metric} {start} to a target to be agreed {when}"


def compose(request: KeyResultsRequest, material: Material, ctx: SkillContext) -> KeyResultsResponse:
    """The team's own metrics first, then patterns that pass the gate, then measure shapes in
    the objective's words when few patterns fit closely; never padded with off-domain ideas."""
    items = [_from_team_metric(s, material) for s in material.extra["team_metrics"][:3]]
    taken = {_key(i.metric) for i in items}
    snapshots = {metric_key(s.snapshot.metric): s for s in material.extra["snapshots"]}
    for kr in material.extra["team_krs"]:  # metrics the team's key results already name
        key = metric_key(kr.metric)
        if len(items) < min(3, request.n) and key not in taken:
            # A dated snapshot of the same metric is fresher than the baseline the file states.
            items.append(_from_team_metric(snapshots[key], material) if key in snapshots
                         else _from_team_key_result(kr, material))
            taken.add(key)
    fits: list[Fit] = material.extra["fits"]
    by_chunk = {f.chunk.chunk_id: f for f in fits}
    for chunk in pick_patterns(focus_domains([f.chunk for f in fits]), request.n):
        if len(items) < request.n and _key(str(chunk.metadata["metric"])) not in taken:
            items.append(_from_pattern(by_chunk[chunk.chunk_id], material))
            taken.add(_key(items[-1].metric))
    close = sum(1 for f in fits if f.score >= CLOSE)
    ready = len(items)
    if ready < min(request.n, FILL) and material.extra["guide"] is not None:
        # Few ready-made measures fit: add shapes in the objective's words, but none that only
        # restates a measure already on the list ("falls on ward" beside "inpatient falls").
        listed = [_distinctive(i.metric) for i in items]
        for shape in compose_shapes(material.extra["reading"], limit=5):
            if len(items) < request.n and _key(shape.metric) not in taken and not _restates(shape.metric, listed):
                items.append(_from_shape(shape, material))
                taken.add(_key(shape.metric))
    return KeyResultsResponse(items=items, warnings=_warnings(ready, len(items) - ready, request.n, close))


def _restates(metric: str, listed: list[set[str]]) -> bool:
    """Half or more of a shape's distinctive words belong to one measure already listed: "falls
    on ward" beside "inpatient falls per 1,000 bed days"; "Share of council tax bills that are
    right first time" beside "Units right first time" shares only "right", so both stay."""
    words = _distinctive(metric)
    return bool(words) and any(len(words & other) * 2 >= len(words) for other in listed)


def _warnings(ready: int, shapes: int, wanted: int, close: int) -> list[str]:
    """Say when the list is short, and how much of it was composed in the objective's words."""
    if ready + shapes == 0:
        return ["no key-result idea fits this objective; try saying who it is for and what should change"]
    notes = []
    if shapes:
        fit = (f"only {_plural(ready, 'idea')} from the catalogue or the team's data {_fit(ready)} this "
               f"objective ({_plural(close, 'catalogue pattern')} closely)") if ready else \
            "no ready-made idea from the catalogue or the team's data fits this objective"
        notes.append(f"{fit}; {_plural(shapes, 'measure shape')} in the objective's own words "
                     f"{'follow' if shapes > 1 else 'follows'}, to be checked by the team before use")
    if ready + shapes < wanted:
        notes.append(f"only {_plural(ready + shapes, 'idea')} {_fit(ready + shapes)} this objective; nothing "
                     "off-topic was added to fill the list")
    return notes


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _fit(n: int) -> str:
    return "fits" if n == 1 else "fit"


def _key(metric: str) -> str:
    return " ".join(tokenize(metric))


def _from_pattern(fit: Fit, material: Material) -> KeyResultSuggestion:
    pattern = fit.entry.pattern
    snapshot = match_snapshot(fit.chunk, material.extra["snapshots"])
    baseline = _baseline(snapshot)
    return KeyResultSuggestion(
        text=_statement(pattern.metric, pattern.direction, baseline, material.extra["date"]),
        metric=pattern.metric, unit=pattern.unit, direction=pattern.direction, kind=pattern.kind,
        baseline=baseline, target=None, timeframe=material.extra["timeframe"],
        counter_metric=pattern.counter_metric, rationale=_rationale(fit, baseline),
        citations=[cite(fit.chunk)] + ([cite(snapshot.chunk)] if snapshot else []))


def _from_team_metric(snapshot: CitedSnapshot, material: Material) -> KeyResultSuggestion:
    """A metric the team already tracks that bears on the objective, with its real baseline."""
    metric, baseline = snapshot.snapshot.metric, _baseline(snapshot)
    assert baseline is not None
    direction = direction_of(metric)
    return KeyResultSuggestion(
        text=_statement(metric, direction, baseline, material.extra["date"]), metric=metric,
        unit=snapshot.snapshot.unit, direction=direction, kind="lagging", baseline=baseline,
        target=None, timeframe=material.extra["timeframe"],
        counter_metric=f"A measure of the quality of the same work, chosen with the team, so {metric} "
                       "does not improve at its expense",
        rationale=f"The team already tracks {metric} ({baseline.source}, as of {baseline.as_of}) and it "
                  "bears on this objective, so it starts from a real baseline. Target to be agreed.",
        citations=[cite(snapshot.chunk)])


def _from_team_key_result(cited: CitedKeyResult, material: Material) -> KeyResultSuggestion:
    """A metric one of the team's key results already names, with the baseline it states."""
    kr, metric = cited.key_result, cited.metric
    baseline = (Baseline(value=kr.baseline, as_of=cited.imported, unit=kr.unit or "", source=cited.file)
                if kr.baseline is not None else None)
    direction = kr.direction or direction_of(metric)
    label = f"key result {kr.id}" if kr.id else "a key result"
    start = ("so it starts from the baseline that key result states" if baseline
             else "but it states no baseline yet, so measure one first")
    return KeyResultSuggestion(
        text=_statement(metric, direction, baseline, material.extra["date"], stated=True), metric=metric,
        unit=kr.unit or "", direction=direction, kind="lagging", baseline=baseline, target=None,
        timeframe=material.extra["timeframe"],
        counter_metric=f"A measure of the quality of the same work, chosen with the team, so {metric} "
                       "does not improve at its expense",
        rationale=f"The team already tracks {metric} in its OKR set ({label}) and it bears on this "
                  f"objective, {start}. Target to be agreed.",
        citations=[cite(cited.chunk)])


def _from_shape(shape: MeasureShape, material: Material) -> KeyResultSuggestion:
    guide: SearchResult = material.extra["guide"]
    return KeyResultSuggestion(
        text=_statement(shape.metric, shape.direction, None, material.extra["date"]), metric=shape.metric,
        unit=shape.unit, direction=shape.direction, kind=shape.kind, baseline=None, target=None,
        timeframe=material.extra["timeframe"], counter_metric=shape.counter_metric,
        rationale=f"Named in the objective's own words ({shape.shape.replace('-', ' ')} shape) because few "
                  f"ready-made measures fit it closely; {_lower_first(shape.how_to_measure)} "
                  "Measure a baseline first; target to be agreed.",
        citations=[cite(guide)])


def _baseline(cited: CitedSnapshot | None) -> Baseline | None:
    if cited is None:
        return None
    snapshot = cited.snapshot
    return Baseline(value=snapshot.value, as_of=snapshot.as_of.isoformat(), unit=snapshot.unit,
                    source=snapshot.source or cited.chunk.source)


def _rationale(fit: Fit, baseline: Baseline | None) -> str:
    pattern = fit.entry.pattern
    kind = "A leading signal you can move within the cycle" if pattern.kind == "leading" \
        else "A lagging result that shows whether the outcome really changed"
    why = f"{pattern.rationale.rstrip('.')}. " if pattern.rationale else ""
    matched = f" (the objective mentions {', '.join(fit.shared[:3])})" if fit.shared else ""
    data = (f"the team's own snapshot gives the starting point ({baseline.source}, {baseline.as_of})"
            if baseline else "no team snapshot matches yet, so measure a baseline first")
    return (f"{why}{kind}{matched}; measure it from {_lower_first(pattern.how_to_measure)} "
            f"Target to be agreed; {data}.")


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
