"""Career conversations: an ordered series of open questions across horizons, tuned to the person."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from coach.cards import closed_or_leading
from coach.citations import Citation
from coach.redact import Redactor, contains_contact_details
from coach.retrieval.search import SearchResult
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.career_dilemmas import Found, find_dilemmas
from coach.skills.validators import cite

Stage = Literal["open", "explore", "commit", "close"]
PLAN: tuple[tuple[Stage, int], ...] = (("open", 2), ("explore", 5), ("commit", 3), ("close", 2))

# Words in a person's context that point at question tags in the bank.
SIGNALS: dict[str, tuple[str, ...]] = {
    "promotion": ("promot", "senior", "staff", "level", "title"),
    "management-track": ("manag", "lead", "people", "team lead"),
    "technical-track": ("architect", "technical", "engineer", "specialis", "deep"),
    "burnout": ("tired", "exhaust", "burn", "stress", "overload", "energy"),
    "parent": ("parent", "child", "kids", "caring", "family", "baby"),
    "career-change": ("switch", "change career", "new field", "product manag", "design"),
    "learning": ("learn", "course", "study", "skill", "mentor"),
    "new-manager": ("new manager", "first-time manager", "just promoted"),
}


class CareerRequest(BaseModel):
    """`coach suggest career --about TEXT | --person FILE`."""

    about: str = Field(min_length=3, max_length=8000)
    person: str | None = Field(default=None, max_length=120, description="name, never shown in output")
    n: int = Field(default=12, ge=10, le=14)

    @model_validator(mode="after")
    def _strip(self) -> CareerRequest:
        self.about = self.about.strip()
        return self


class CareerPrompt(BaseModel):
    """One open question in the series."""

    prompt: str
    horizon: Literal["past", "present", "1y", "5y", "10y+"]
    theme: str
    stage: Stage
    follow_up: str | None = None
    citations: list[Citation] = Field(default_factory=list)


class CareerResponse(SkillResponse):
    """Questions in conversation order: open → explore → commit → close."""

    items: list[CareerPrompt]


def context_tags(about: str) -> set[str]:
    """Bank tags suggested by the person's context."""
    lowered = about.lower()
    return {tag for tag, words in SIGNALS.items() if any(w in lowered for w in words)}


def gather(request: CareerRequest, ctx: SkillContext) -> Material:
    """The whole question bank, ranked by fit with the (redacted) context."""
    material = Material()
    redacted = Redactor([request.person] if request.person else []).redact(request.about)
    material.extra["about"] = redacted
    dilemmas = find_dilemmas(redacted)
    material.extra["dilemmas"] = dilemmas
    material.extra["tags"] = context_tags(request.about) | {f"dilemma-{d.dilemma}" for d in dilemmas}
    material.names |= {request.person} if request.person else set()
    bank = ctx.card_chunks(sorted(ctx.catalogue.questions))  # the whole bank, by id
    ranked = [r for r in ctx.search(redacted, None, 200, kinds=["career_question"], per_source=200)
              if r.chunk_id in {c.chunk_id for c in bank.values()}]
    material.add(ranked + [c for c in bank.values() if c not in ranked])
    return material


def _score(result: SearchResult, rank: int, tags: set[str]) -> float:
    own = set(str(result.metadata.get("tags", "")).split(", "))
    return rank - 15 * len(own & tags)


def compose(request: CareerRequest, material: Material, ctx: SkillContext) -> CareerResponse:
    """Fill each stage from the best-fitting questions, spreading horizons and themes."""
    ranked = [r for r in material.retrieved.values() if r.kind == "career_question"]
    order = sorted(enumerate(ranked), key=lambda item: _score(item[1], item[0], material.extra["tags"]))
    pool = [result for _, result in order if _fits_person(result, material.extra["tags"])]
    plan = _plan(request.n)
    reserved, quotes = _for_dilemmas(pool, material.extra["dilemmas"], most=dict(plan)["explore"])
    chosen: list[SearchResult] = []
    for stage, count in plan:
        # The person's dilemmas come first in their stage, whatever themes are already used.
        chosen += reserved.get(stage, [])[:count]
        chosen += _pick_stage(pool, stage, count - len(reserved.get(stage, [])[:count]), chosen)
    chosen = _ensure_horizons(chosen, pool, keep={r.chunk_id for rs in reserved.values() for r in rs})
    items = [_prompt(result, quotes.get(result.chunk_id)) for result in chosen]
    warnings = [] if len(items) >= 10 else ["the question bank is too small for a full series"]
    return CareerResponse(items=items, warnings=warnings + _unexplored(material.extra["dilemmas"], reserved))


def _unexplored(dilemmas: list[Found], reserved: dict[str, list[SearchResult]]) -> list[str]:
    """Say which of the person's dilemmas no question explores (more than one series holds)."""
    explored = {t for r in reserved.get("explore", []) for t in str(r.metadata.get("tags", "")).split(", ")}
    left = [d.dilemma.replace("-", " ") for d in dilemmas if f"dilemma-{d.dilemma}" not in explored]
    return [f"not explored in this series, keep for the next conversation: {', '.join(left)}"] if left else []


def _fits_person(result: SearchResult, tags: set[str]) -> bool:
    """A question written for a dilemma (moving, pay, time away...) is asked only of someone
    whose context speaks of it: raised unprompted, it guesses at their private life."""
    own = {t for t in str(result.metadata.get("tags", "")).split(", ") if t}
    dilemma_tags = {t for t in own if t.startswith("dilemma-")}
    return not dilemma_tags or bool(own & tags)


def _for_dilemmas(pool: list[SearchResult], dilemmas: list[Found], most: int = 5,
                  commits: int = 3) -> tuple[dict[str, list[SearchResult]], dict[str, str]]:
    """For each of the person's dilemmas (as many as the explore stage holds): its best explore
    question, quoting the person's own words; the first `commits` also get their commit
    question. They go first in their stage."""
    reserved: dict[str, list[SearchResult]] = {}
    quotes: dict[str, str] = {}
    for number, found in enumerate(dilemmas[:most]):
        tag = f"dilemma-{found.dilemma}"
        for stage in ("explore", "commit") if number < commits else ("explore",):
            match = next((r for r in pool if r.metadata.get("stage") == stage
                          and tag in str(r.metadata.get("tags", "")).split(", ")
                          and r not in reserved.get(stage, [])), None)
            if match is None:
                continue
            reserved.setdefault(stage, []).append(match)
            if stage == "explore" and found.quote:
                quotes[match.chunk_id] = found.quote
    return reserved, quotes


def _plan(n: int) -> list[tuple[Stage, int]]:
    extra = n - sum(count for _, count in PLAN)
    return [(stage, count + (extra if stage == "explore" else 0)) for stage, count in PLAN]


def _pick_stage(pool: list[SearchResult], stage: str, count: int,
                chosen: list[SearchResult]) -> list[SearchResult]:
    picked: list[SearchResult] = []
    themes = Counter(str(r.metadata.get("theme")) for r in chosen)
    for limit in (1, 2, 99):  # one per theme first, then relax
        for result in pool:
            if len(picked) == count:
                return picked
            theme = str(result.metadata.get("theme"))
            if result.metadata.get("stage") == stage and result not in picked \
                    and result not in chosen and themes[theme] < limit:
                picked.append(result)
                themes[theme] += 1
    return picked


def _ensure_horizons(chosen: list[SearchResult], pool: list[SearchResult], needed: int = 3,
                     keep: frozenset[str] | set[str] = frozenset()) -> list[SearchResult]:
    """Swap questions (never the ones chosen for the person's dilemmas) until at least
    `needed` horizons are covered."""
    for candidate in pool:
        horizons = {r.metadata.get("horizon") for r in chosen}
        if len(horizons) >= needed:
            break
        if candidate.metadata.get("horizon") in horizons or candidate in chosen:
            continue
        same_stage = [r for r in chosen if r.metadata.get("stage") == candidate.metadata.get("stage")
                      and r.chunk_id not in keep]
        if same_stage:
            chosen[chosen.index(same_stage[-1])] = candidate
    return chosen


def _prompt(result: SearchResult, quote: str | None = None) -> CareerPrompt:
    meta = result.metadata
    question = str(meta["question"])
    return CareerPrompt(prompt=f"You said \"{quote}\". {question}" if quote else question, horizon=meta["horizon"],  # type: ignore[arg-type]
                        theme=str(meta.get("theme")), stage=meta["stage"],  # type: ignore[arg-type]
                        follow_up=str(meta.get("follow_up") or "") or None, citations=[cite(result)])


def prompt_values(request: CareerRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """The redacted context and the question bank with source ids."""
    blocks = [f"[{r.chunk_id}] ({r.metadata.get('stage')}, {r.metadata.get('horizon')}, "
              f"{r.metadata.get('theme')}) {r.text}" for r in list(material.retrieved.values())[:60]]
    return {"about": material.extra["about"], "context": "\n".join(blocks)}


def check(response: CareerResponse, request: CareerRequest, material: Material) -> list[str]:
    """10–14 open questions in stage order over 3+ horizons, with no personal details."""
    problems = []
    if not 10 <= len(response.items) <= 14:
        problems.append(f"expected 10 to 14 questions, got {len(response.items)}")
    order = [s for s, _ in PLAN]
    stages = [order.index(item.stage) for item in response.items]
    if stages != sorted(stages):
        problems.append("questions must run open → explore → commit → close")
    if len({item.horizon for item in response.items}) < 3:
        problems.append("cover at least three horizons")
    for item in response.items:
        for text in [item.prompt, item.follow_up or ""]:
            if text and (problem := closed_or_leading(text)):
                problems.append(problem)
            if contains_contact_details(text) or (request.person and request.person.split()[0] in text):
                problems.append(f"personal details in {text!r}")
    return problems


SKILL = Skill(name="career", request_model=CareerRequest, response_model=CareerResponse, prompt="career",
              gather=gather, compose=compose, prompt_values=prompt_values,
              text_fields=("prompt", "follow_up"), check=check)
