"""The narrow hooks skills use to see the ritual: a key result's record and computed state,
and what the team learned about it. Skills call these; they never read check-ins themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel

from coach.okr import Direction
from coach.retrieval.search import SearchResult
from coach.ritual.metric import metric_phrase
from coach.ritual.notes import LearningNote
from coach.ritual.state import CheckIn, KrFacts, KrStatus
from coach.skills.base import SkillContext
from coach.skills.team_data import team_chunks
from coach.skills.validators import cite

LEARNING_KIND = "learning"


@dataclass(frozen=True)
class TrackedKr:
    """A key result the team tracks: its facts, owner, history and computed state."""

    facts: KrFacts
    metric: str | None = None
    direction: Direction | None = None
    owner: str | None = None
    status: KrStatus | None = None
    history: tuple[CheckIn, ...] = ()
    initiatives: tuple[str, ...] = ()
    evidence: list[SearchResult] = field(default_factory=list)  # citable team chunks about it

    def facts_text(self) -> list[str]:
        """Texts whose numbers are the team's own data, so output may repeat them."""
        kr = self.facts
        texts = [kr.text, *(f"{c.value:g} {c.date}" for c in self.history)]
        texts += [f"{v:g}" for v in (kr.baseline, kr.target) if v is not None]
        texts += [str(kr.due)] if kr.due else []
        return texts + ([self.status.explanation] if self.status else [])


def tracked_key_result(ctx: SkillContext, text: str, kr_id: str | None) -> TrackedKr | None:
    """The team's record of a key result (by id, else by its exact text), or None.

    The ritual service installs a finder on the context; without one (no team, or a library
    request) skills work from the request alone."""
    if not ctx.team or ctx.find_key_result is None:
        return None
    return ctx.find_key_result(text, kr_id)


def learnings_for(ctx: SkillContext, text: str, kr_id: str | None,
                  metric: str | None) -> list[SearchResult]:
    """The team's learnings about this key result or its metric, newest first; never another team's
    (they live in the team's own scope)."""
    wanted = _words(metric or metric_phrase(text))
    found = []
    for chunk in team_chunks(ctx, LEARNING_KIND):
        meta = chunk.metadata
        same_kr = bool(kr_id) and meta.get("kr_id") == kr_id
        same_text = str(meta.get("kr_text", "")).strip().lower() == text.strip().lower()
        same_metric = bool(wanted) and wanted <= _words(str(meta.get("metric", "")))
        if same_kr or same_text or same_metric:
            found.append(chunk)
    return sorted(found, key=lambda c: str(c.metadata.get("learned_on", "")), reverse=True)


def learning_sentence(chunk: SearchResult) -> str:
    """'on 2026-11-20 the team learned: "…"', read from the learning's own metadata."""
    return f'on {chunk.metadata.get("learned_on", "an earlier date")} the team learned: ' \
           f'"{str(chunk.metadata.get("learning", "")).strip().rstrip(".")}"'


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}



def key_result_texts(request: object) -> list[tuple[str, str | None]]:
    """(text, id) of every key result a skill request is about: its `key_result` (and `kr_id`),
    or each key result of its `okrs`."""
    text = getattr(request, "key_result", None)
    if isinstance(text, str):
        return [(text, getattr(request, "kr_id", None))]
    okrs = getattr(request, "okrs", None)
    objectives = getattr(okrs, "objectives", None) or []
    return [(kr.text, kr.id) for objective in objectives for kr in objective.key_results]


def learning_notes(ctx: SkillContext, request: object) -> list[LearningNote]:
    """What the team learned about the key results a request is about, newest first, cited."""
    notes: dict[str, LearningNote] = {}
    for text, kr_id in key_result_texts(request):
        tracked = tracked_key_result(ctx, text, kr_id)
        for chunk in learnings_for(ctx, text, kr_id, tracked.metric if tracked else None):
            notes.setdefault(chunk.chunk_id, LearningNote(
                kr_id=str(chunk.metadata.get("kr_id", "")), learned_on=str(chunk.metadata.get("learned_on", "")),
                learning=str(chunk.metadata.get("learning", "")), text=learning_sentence(chunk)[:1].upper()
                + learning_sentence(chunk)[1:] + ".", citations=[cite(chunk)]))
    return sorted(notes.values(), key=lambda n: n.learned_on, reverse=True)


def with_computed_state(request: BaseModel, ctx: SkillContext) -> BaseModel:
    """A request that takes a `state` but was given none gets the key result's computed state,
    when the team tracks that key result; anything else is returned unchanged."""
    if "state" not in type(request).model_fields or getattr(request, "state", None) is not None:
        return request
    texts = key_result_texts(request)
    tracked = tracked_key_result(ctx, *texts[0]) if len(texts) == 1 else None
    if tracked is None or tracked.status is None:
        return request
    return request.model_copy(update={"state": tracked.status.state})
