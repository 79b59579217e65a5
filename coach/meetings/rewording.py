"""Nudge rewording as a registered skill: the same runner, validation and repair as every skill.

A model may only warm up the wording of drafted nudges. The runner redacts speaker names, asks
the model, checks each answer (citations rebuilt from the transcript's own chunks, no number that
is not in the draft or its evidence) plus this skill's checks (every index once, the stance verb
still leads, no new name), asks for one repair, and otherwise keeps the drafted wording with a
visible warning. A replay that misses its cassette raises, as for every skill.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.citations import Citation
from coach.errors import ValidationError
from coach.meetings.models import Stance
from coach.retrieval.search import SearchResult
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.validators import cite


class DraftToReword(BaseModel):
    """One drafted nudge, as the model sees it."""

    index: int = Field(ge=0)
    stance: Stance
    text: str = Field(min_length=10)
    evidence: list[str] = Field(min_length=1)


class RewordRequest(BaseModel):
    """The drafts of one meeting, its speakers, and the ingested transcript they quote."""

    transcript: str = Field(description="the source of the ingested transcript in the team's scope")
    speakers: list[str]
    drafts: list[DraftToReword]


class Rewording(BaseModel):
    """New wording for the draft at `index`, citing the transcript chunk it is about."""

    index: int = Field(ge=0)
    text: str = Field(min_length=10, max_length=600)
    citations: list[Citation] = Field(default_factory=list)


class RewordResponse(SkillResponse):
    """One rewording per draft."""

    items: list[Rewording]


def gather(request: RewordRequest, ctx: SkillContext) -> Material:
    """The transcript's chunks (what the nudges may cite), its speakers, the numbers already said."""
    material = Material()
    chunks = material.add(ctx.file_chunks(request.transcript) if ctx.file_chunks else [])
    if not chunks:
        raise ValidationError(f"the transcript {request.transcript} is not in the team's scope; ingest it first")
    material.names.update(request.speakers)
    material.allow(*(d.text for d in request.drafts), *(e for d in request.drafts for e in d.evidence))
    material.extra["cite"] = {d.index: _chunk_for(d, chunks).chunk_id for d in request.drafts}
    return material


def _chunk_for(draft: DraftToReword, chunks: list[SearchResult]) -> SearchResult:
    quote = draft.evidence[0].strip("…")[:60]
    return next((c for c in chunks if quote in c.text), chunks[0])


def compose(request: RewordRequest, material: Material, ctx: SkillContext) -> RewordResponse:
    """Offline: the drafted wording, unchanged."""
    return RewordResponse(items=[Rewording(index=d.index, text=d.text,
                                           citations=[cite(material.retrieved[material.extra["cite"][d.index]])])
                                 for d in request.drafts])


def prompt_values(request: RewordRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """The drafts with their evidence and the chunk id each one must cite."""
    listing = "\n".join(f"{d.index}. [{d.stance}] {d.text} | evidence: " + " / ".join(d.evidence)
                        + f" | cite: {material.extra['cite'][d.index]}" for d in request.drafts)
    return {"drafts": listing, "vocabulary": ctx.vocabulary.model_dump_json()}


def check(response: RewordResponse, request: RewordRequest, material: Material) -> list[str]:
    """Every draft reworded once, stance verb first, no name the draft and evidence do not have."""
    drafts = {d.index: d for d in request.drafts}
    problems = []
    indices = [item.index for item in response.items]
    if sorted(indices) != sorted(drafts):
        problems.append(f"answer must reword each draft index exactly once: {sorted(drafts)}; got {indices}")
    for item in response.items:
        draft = drafts.get(item.index)
        if draft is None:
            continue
        if not item.text.lower().startswith(draft.stance):
            problems.append(f"item {item.index} must still start with {draft.stance!r}")
        said = draft.text + " ".join(draft.evidence)
        for name in request.speakers:
            first = name.split()[0]
            if first in item.text and first not in said:
                problems.append(f"item {item.index} adds the name {first}")
    return problems


SKILL: Skill[RewordRequest, RewordResponse] = Skill(
    name="nudges", request_model=RewordRequest, response_model=RewordResponse, prompt="nudges",
    gather=gather, compose=compose, prompt_values=prompt_values, text_fields=("text",), check=check)
