"""Practices: three ways of working matched to one key result and its state."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from coach.cards import KrState
from coach.citations import Citation
from coach.nlp import lemmas, parse
from coach.retrieval.purposes import PurposeFit
from coach.retrieval.search import SearchResult
from coach.ritual.metric import metric_phrase
from coach.ritual.notes import CitesLearnings
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.practice_ranking import purpose_situation, queries, searched_order, situation, with_purposes
from coach.skills.validators import cite

STATE_WORDS: dict[str, str] = {
    "new": "a new key result the team has just committed to",
    "no_baseline": "a key result with no baseline yet, so nobody knows the starting point",
    "low_confidence": "a key result the team has low confidence in hitting",
    "off_track": "a key result that is off track against its target",
    "stalled": "a key result that has stalled with no movement for weeks",
    "on_track": "a key result that is on track, where the team wants to keep momentum",
    "done": "a key result that is done, where the team wants to learn from it",
}


# Lemmas too common to say what a practice addresses ("the team", "the share").
_WEAK = frozenset({"team", "one", "time", "share", "target", "rate", "number", "people", "work", "thing",
                   "way", "week", "month", "day", "year", "result", "key", "goal"})
STATE_NOTES: dict[str, str] = {
    "new": "new and the team is still choosing how to go after it",
    "no_baseline": "without a baseline, so the starting point is unknown",
    "low_confidence": "a key result the team doubts it will hit",
    "off_track": "off track against its target",
    "stalled": "stalled, with no movement for weeks",
    "on_track": "on track and the team wants to keep the momentum",
    "done": "done and the team wants to learn from it",
}


def matched_phrase(practice_text: str, key_result: str, context: str | None) -> str | None:
    """The noun phrase of the context (first) or key result that shares the most content lemmas
    with the practice's text; None when nothing is shared."""
    own = set(lemmas(practice_text))
    best, best_shared = None, 0
    for text in [t for t in (context, key_result) if t]:
        for chunk in parse(text).noun_chunks:
            # Only what the phrase names counts: a verb read as a noun ("Raise") is no topic.
            named = {t.lemma_.lower() for t in chunk if t.pos_ in ("NOUN", "PROPN")}
            shared = len((set(lemmas(chunk.text)) & named - _WEAK) & own)
            if shared > best_shared and len(chunk.text) > 3:
                best, best_shared = chunk.text, shared
    return best


SEARCH_MODE: Literal["hybrid", "dense", "lexical"] = "hybrid"


class PracticesRequest(BaseModel):
    """`coach suggest practices "KEY RESULT"`."""

    key_result: str = Field(min_length=3, max_length=500)
    state: KrState | None = None
    context: str | None = Field(default=None, max_length=2000)
    n: int = Field(default=3, ge=1, le=10)


class PracticeSuggestion(BaseModel):
    """One practice to try, with why it fits and how to start."""

    practice_id: str
    name: str
    source: str
    why: str
    first_step: str
    time: str
    people: str
    authors: str | None = None
    citations: list[Citation] = Field(default_factory=list)


class PracticesResponse(SkillResponse, CitesLearnings):
    """Practices, best first."""

    items: list[PracticeSuggestion]


def gather(request: PracticesRequest, ctx: SkillContext) -> Material:
    """Practice chunks (built-in cards and any imported library) ranked by the situation: what
    the key result measures and what its context says is going on; the state only nudges."""
    material = Material()
    if ctx.cards is not None:  # the built-in cards are always there, even where only own files were ingested
        ctx.card_chunks(sorted(ctx.catalogue.practices))
    state_words = STATE_WORDS[request.state] if request.state else None
    asked = queries(request.key_result, request.context, state_words)
    rankings = [material.add(ctx.search(query, ctx.team, 30, kinds=["practice"], per_source=2, mode=SEARCH_MODE))
                for query, _ in asked]
    searched, groups = searched_order(rankings, [weight for _, weight in asked],
                                      situation(request.key_result, request.context), ctx.relatedness)
    fits = ctx.purposes(purpose_situation(request.key_result, request.context)) if ctx.purposes else []
    material.extra["order"] = _chunk_order(with_purposes(searched, fits), groups, fits, request.n, material, ctx)
    material.extra["fits"] = {f.practice_id: f for f in fits}
    material.extra["file_chunks"] = ctx.file_chunks
    return material


def _chunk_order(order: list[str], groups: dict[str, list[SearchResult]], fits: list[PurposeFit], n: int,
                 material: Material, ctx: SkillContext) -> list[str]:
    """Chunk ids grouped by practice, best first. A practice found by its purpose alone is read
    from its file (its first chunks), but only while fewer than n practices are placed."""
    sources = {f.practice_id: f.source for f in fits}
    placed: list[str] = []
    for pid in order:
        if pid not in groups and len(placed) < n and ctx.file_chunks and pid in sources:
            found = [c for c in ctx.file_chunks(sources[pid]) if _practice_id(c) == pid][:2]
            if found:
                groups[pid] = material.add(found)
        if pid in groups:
            placed.append(pid)
    return [c.chunk_id for pid in placed for c in groups[pid]]


def rank_practices(results: list[SearchResult], state: str | None = None) -> list[list[SearchResult]]:
    """Chunks grouped by practice, in fused relevance order. The state has already nudged that
    order; it never splits the list, so imported pages (which carry no states) compete equally."""
    groups: dict[str, list[SearchResult]] = {}
    for result in results:
        groups.setdefault(_practice_id(result), []).append(result)
    return list(groups.values())


def _practice_id(result: SearchResult) -> str:
    return str(result.metadata.get("practice_id") or result.source)


def compose(request: PracticesRequest, material: Material, ctx: SkillContext) -> PracticesResponse:
    """Say why each practice fits this key result now, and how to start."""
    practices = [material.retrieved[key] for key in material.extra["order"]]
    items = [_suggestion(chunks, request, material) for chunks in rank_practices(practices, request.state)[:request.n]]
    warnings = [] if items else ["no practices found; ingest the practice cards or the Open Practice Library"]
    return PracticesResponse(items=items, warnings=warnings)


def _suggestion(chunks: list[SearchResult], request: PracticesRequest, material: Material) -> PracticeSuggestion:
    head = chunks[0]
    step, step_chunk = _first_step(chunks, material)
    meta = head.metadata
    authors = str(meta["authors"]) if meta.get("origin") == "opl" and meta.get("authors") else None
    return PracticeSuggestion(
        practice_id=_practice_id(head), name=head.title, source=head.source,
        why=_why(chunks, request, material.extra.get("fits", {}).get(_practice_id(head))), first_step=step,
        time=str(meta.get("time") or "not stated by the source"),
        people=str(meta.get("people") or "not stated by the source"),
        authors=authors, citations=[cite(c) for c in {c.chunk_id: c for c in [*chunks[:2], *step_chunk]}.values()])


def _why(chunks: list[SearchResult], request: PracticesRequest, fit: PurposeFit | None = None) -> str:
    """What in the key result or its context the practice speaks to, quoted, then what it is.
    The quote is the clause of the context its purpose fits best; without a context (or a purpose
    reading), the phrase sharing the most words with it."""
    head = chunks[0]
    summary = str(head.metadata.get("summary") or head.metadata.get("subtitle") or _first_sentence(head.text))
    phrase = fit.clause if fit and fit.clause and request.context and fit.clause in request.context \
        else matched_phrase(" ".join(c.text for c in chunks), request.key_result, request.context)
    where = "your context" if phrase and request.context and phrase in request.context else "this key result"
    if phrase:
        lead = f"It speaks to \"{phrase}\" in {where}"
    elif request.context:  # matched on meaning, not shared words: quote what it was matched on
        lead = f"It was matched on what your context says is going on, \"{_first_sentence_of(request.context)}\""
    else:
        lead = f"It was matched on what this key result measures, \"{metric_phrase(request.key_result)}\""
    state = f", while it is {STATE_NOTES[request.state]}" if request.state else ""
    return f"{lead}{state}: {summary.rstrip('.')}."


def _first_sentence_of(text: str) -> str:
    return re.split(r"(?<=[.!?;])\s", text.strip(), maxsplit=1)[0].rstrip(".;!? ")[:200]


def _first_step(chunks: list[SearchResult], material: Material) -> tuple[str, list[SearchResult]]:
    """(the first step, the chunk it was read from when that is not already cited)."""
    meta = chunks[0].metadata
    if meta.get("first_step"):
        return str(meta["first_step"]), []
    whole = material.extra["file_chunks"](chunks[0].source) if material.extra.get("file_chunks") else chunks
    how = [c for c in whole  # an imported page: its "how to" section
           if "How to do it" in str(c.metadata.get("heading_path", "")) or "\nHow to do it\n" in c.text]
    # The first instruction ("Ask the group…") anywhere in it; else its first sentence-like line.
    for pick in (_first_instruction, _first_item):
        for chunk in how:
            step = pick(chunk.text.split("How to do it", 1)[-1])
            if step:
                material.add([chunk])
                return step, [chunk]
    return f"Read the {chunks[0].title} page with the team and agree who will facilitate a first session.", []


def _lines(text: str) -> list[str]:
    """Lines that start like a sentence, list marks and emphasis removed, links reduced to text;
    a heading-like line ending in a colon ("Steps to facilitate this practice:") is no step."""
    found = []
    for line in text.split("\n"):
        cleaned = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        cleaned = re.sub(r"^\s*(?:\d+[.)]|[*-])\s*", "", cleaned).strip().strip("*_ ")
        cleaned = re.sub(r"\*+|_{2,}", "", cleaned)
        if len(cleaned) > 15 and cleaned[:1].isupper() and not cleaned.endswith(":"):
            found.append(cleaned)
    return found


def _first_instruction(text: str) -> str | None:
    """The first sentence that tells someone what to do: it opens with a verb in its base form."""
    for line in _lines(text):
        sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        if parse(sentence)[0].tag_ == "VB":
            return sentence[:300]
    return None


def _first_item(text: str) -> str | None:
    """The first whole line that starts like a sentence."""
    lines = _lines(text)
    return lines[0][:300] if lines else None


def _first_sentence(text: str) -> str:
    body = text.split("\n", 1)[-1]
    return re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0][:240]


def prompt_values(request: PracticesRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """The untrusted context block with source ids."""
    blocks = [f"[{r.chunk_id}] {r.title} (time: {r.metadata.get('time', '?')}, people: "
              f"{r.metadata.get('people', '?')}): {r.text}" for r in material.retrieved.values()]
    return {"key_result": request.key_result, "state": request.state or "not given",
            "team_context": request.context or "none", "n": str(request.n),
            "context": "\n\n".join(blocks), "vocabulary": ctx.vocabulary.model_dump_json()}


def check(response: PracticesResponse, request: PracticesRequest, material: Material) -> list[str]:
    """Distinct practices, each one the skill retrieved."""
    known = {_practice_id(r) for r in material.retrieved.values()}
    ids = [item.practice_id for item in response.items]
    problems = [f"practice {i!r} was not retrieved" for i in ids if i not in known]
    return problems + [f"practice {i!r} suggested twice" for i in sorted({i for i in ids if ids.count(i) > 1})]


SKILL = Skill(name="practices", request_model=PracticesRequest, response_model=PracticesResponse,
              prompt="practices", gather=gather, compose=compose, prompt_values=prompt_values,
              text_fields=("why", "first_step", "time", "people"), check=check)
