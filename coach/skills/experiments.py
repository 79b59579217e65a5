"""Experiments: 3–5 small, testable bets for one key result, each with a decision rule.

Every experiment is composed from the key result's own words (the metric it names, which way
it should move) and a retrieved practice card that describes a way to test or change how the
work flows; the evidence in "because" is quoted from that card, from the team's own notes, or
from a learning the team recorded earlier, and cited. Nothing is padded: only cards about
testing, flow, measurement or discovery qualify, and fewer ideas come back (with a warning)
when fewer fit.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from coach.cards import KrState
from coach.citations import Citation
from coach.okr import Direction
from coach.retrieval.ranking import reciprocal_rank_fusion
from coach.retrieval.search import SearchResult
from coach.ritual.hooks import TrackedKr, learnings_for, tracked_key_result
from coach.ritual.metric import direction_of, metric_phrase
from coach.ritual.notes import CitesLearnings
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.experiment_evidence import checkin_records
from coach.skills.experiment_fit import fits, measure_kind
from coach.skills.experiment_wording import compose_item
from coach.skills.practices import STATE_WORDS

OPL_STAGES = frozenset({"discovery", "options"})  # imported pages carry a stage, not topics
# What every experiment is, whatever the team: ranks the cards that describe testing a change.
TESTING = "test a change with a small experiment: a hypothesis, a measure, a threshold and a decision"
_HYPOTHESIS = re.compile(r"^We believe .+ will (?:move|keep) .+ because .+", re.IGNORECASE | re.DOTALL)
_RULE = re.compile(r"\b(?:keep|stop|scale)\b", re.IGNORECASE)


class ExperimentsRequest(BaseModel):
    """`coach suggest experiments "KEY RESULT" [--kr KR_ID] [--context TEXT] [-n 3]`."""

    key_result: str = Field(min_length=3, max_length=500)
    kr_id: str | None = Field(default=None, max_length=80)
    state: KrState | None = None
    context: str | None = Field(default=None, max_length=2000)
    n: int = Field(default=3, ge=3, le=5)


class ExperimentSuggestion(BaseModel):
    """One experiment: a hypothesis with cited evidence, the smallest test and when to stop."""

    hypothesis: str
    metric: str
    test: str
    signal: str
    decision_rule: str
    timebox: str
    effort: str
    stance: Literal["try", "do", "consider"]
    practice_id: str | None = None
    citations: list[Citation] = Field(default_factory=list)


class ExperimentsResponse(SkillResponse, CitesLearnings):
    """Experiments, the best fit first."""

    items: list[ExperimentSuggestion]


def gather(request: ExperimentsRequest, ctx: SkillContext) -> Material:
    """Practice cards about the key result (fused with ones written for its state), the team's
    record of the key result where it has one, and what the team learned about it before."""
    material = Material()
    tracked = tracked_key_result(ctx, request.key_result, request.kr_id)
    state = request.state or (tracked.status.state if tracked and tracked.status else None)
    topic = " ".join(p for p in (request.key_result, request.context) if p)
    queries = [topic, TESTING] + ([STATE_WORDS[state]] if state else [])
    rankings = [material.add(ctx.search(q, ctx.team, 30, kinds=["practice"], per_source=1)) for q in queries]
    fused = reciprocal_rank_fusion([[r.chunk_id for r in ranking] for ranking in rankings],
                                   weights=[1.0, 0.4, 0.4][:len(rankings)])
    learnings = material.add(learnings_for(ctx, request.key_result, request.kr_id,
                                           tracked.metric if tracked else None))
    if tracked is not None:
        material.add(tracked.evidence)
        material.add(checkin_records(tracked))  # each check-in is citable as the team's own record
        material.allow(*tracked.facts_text())
    material.extra.update(order=[s.key for s in fused], state=state, tracked=tracked, learnings=learnings,
                          state_order=[r.chunk_id for r in rankings[2]] if state else [],
                          kind=measure_kind(request.key_result, request.context))
    cards = pick_cards(material, state, request.n + 2)  # two spare for the model to choose from
    material.extra["cards"] = [(card, _intro(card, ctx, material), _reasons(card, ctx)) for card in cards]
    return material


def _intro(card: SearchResult, ctx: SkillContext, material: Material) -> SearchResult:
    """The card's first chunk (summary and when to use), citable as the evidence it quotes."""
    whole = ctx.file_chunks(card.source) if ctx.file_chunks else []
    return material.add(whole[:1])[0] if whole else card


def _reasons(card: SearchResult, ctx: SkillContext) -> list[str]:
    """When the card says to use it: from the typed catalogue for built-in cards; none otherwise
    (imported pages have no such list, and their opening sentence stands in)."""
    entry = ctx.catalogue.practices.get(str(card.metadata.get("practice_id", "")))
    return list(entry.card.when_to_use) if entry else []


def _qualifies(card: SearchResult) -> bool:
    """A card about testing a change, or about how work flows through delivery (a card about
    choosing what to do first, such as cost of delay, is a prioritisation, not a test)."""
    topics = set(str(card.metadata.get("topics", "")).split(", "))
    if card.metadata.get("origin") == "opl":
        return str(card.metadata.get("stage", "")) in OPL_STAGES
    return "experiment-design" in topics or {"flow", "delivery"} <= topics


def _measures_first(card: SearchResult) -> bool:
    """A measurement card written for a key result with no baseline: measuring is the first test."""
    meta = card.metadata
    return "measurement" in str(meta.get("topics", "")) and "no_baseline" in str(meta.get("kr_states", ""))


def pick_cards(material: Material, state: str | None, n: int) -> list[SearchResult]:
    """Up to n distinct cards about testing a change or the flow of work, in fused order, led (when
    the key result has no baseline) by the best card about measuring the starting point."""
    ranked: dict[str, SearchResult] = {}
    for key in material.extra["order"]:
        card = material.retrieved[key]
        card_id = str(card.metadata.get("practice_id") or card.source)
        if card.kind == "practice" and card_id not in ranked:
            ranked[card_id] = card
    kind = material.extra.get("kind", "mixed")
    cards = [c for c in ranked.values() if _qualifies(c) and fits(c, kind)]
    if state == "no_baseline":
        by_state = [material.retrieved[key] for key in material.extra["state_order"]]
        first = next((c for c in by_state if _measures_first(c)), None)
        cards = ([first] if first else []) + [c for c in cards if c is not first]
    return cards[:n]


def compose(request: ExperimentsRequest, material: Material, ctx: SkillContext) -> ExperimentsResponse:
    """One experiment per chosen card, in the key result's words; learnings lead the evidence."""
    tracked: TrackedKr | None = material.extra["tracked"]
    metric = tracked.metric if tracked and tracked.metric else metric_phrase(request.key_result)
    direction: Direction | None = (tracked.direction if tracked and tracked.direction
                                   else direction_of(request.key_result))
    state = material.extra["state"]
    cards = material.extra["cards"][:request.n]
    items = [compose_item(card, intro, reasons, rank, metric=metric, direction=direction, state=state,
                          request_context=request.context, tracked=tracked,
                          learnings=material.extra["learnings"] if rank == 0 else [], today=ctx.today)
             for rank, (card, intro, reasons) in enumerate(cards)]
    warnings = [] if len(items) >= 3 else [
        f"only {len(items)} practice card(s) about testing, flow or measurement fit this key result; "
        "ingest the practice cards or add the team's own"]
    return ExperimentsResponse(items=items, warnings=warnings)


def prompt_values(request: ExperimentsRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """The key result, its state and history in words, and the untrusted context block."""
    tracked: TrackedKr | None = material.extra["tracked"]
    shown = [c for card, intro, _ in material.extra["cards"] for c in (card, intro)] + material.extra["learnings"] \
        + (tracked.evidence if tracked else [])
    blocks = [f"[{r.chunk_id}] ({r.kind}) {r.title}: {r.text}" for r in {c.chunk_id: c for c in shown}.values()]
    status = tracked.status.explanation if tracked and tracked.status else "not known"
    return {"key_result": request.key_result,
            "metric": tracked.metric if tracked and tracked.metric else metric_phrase(request.key_result),
            "state": f"{material.extra['state'] or 'not given'}: {status}",
            "team_context": request.context or "none", "n": str(request.n),
            "context": "\n\n".join(blocks), "vocabulary": ctx.vocabulary.model_dump_json()}


def check(response: ExperimentsResponse, request: ExperimentsRequest, material: Material) -> list[str]:
    """Testable hypotheses that name the metric, a keep/stop/scale rule, distinct, at most n."""
    problems = [f"{len(response.items)} experiments, more than the {request.n} asked for"] \
        if len(response.items) > request.n else []
    tracked: TrackedKr | None = material.extra["tracked"]
    metric = tracked.metric if tracked and tracked.metric else metric_phrase(request.key_result)
    for number, item in enumerate(response.items, start=1):
        if not _HYPOTHESIS.match(item.hypothesis.strip()):
            problems.append(f"item {number} hypothesis must read 'We believe <change> will move "
                            "<metric> because <evidence>'")
        if not names_metric(item.hypothesis, metric):
            problems.append(f"item {number} hypothesis does not name the metric {metric!r}")
        if not _RULE.search(item.decision_rule):
            problems.append(f"item {number} decision_rule must say which result means keep, stop or scale")
    hypotheses = [h.hypothesis.lower() for h in response.items]
    return problems + [f"item {i} repeats another hypothesis" for i, h in enumerate(hypotheses, 1)
                       if hypotheses.index(h) != i - 1]


def names_metric(text: str, metric: str) -> bool:
    """True when every word of the metric (3+ letters) appears in the text, in any case."""
    words = {w for w in re.findall(r"[a-z0-9]+", metric.lower()) if len(w) > 2}
    found = set(re.findall(r"[a-z0-9]+", text.lower()))
    return bool(words) and words <= found


SKILL = Skill(name="experiments", request_model=ExperimentsRequest, response_model=ExperimentsResponse,
              prompt="experiments", gather=gather, compose=compose, prompt_values=prompt_values,
              text_fields=("hypothesis", "test", "signal", "decision_rule", "timebox", "effort"),
              check=check)
