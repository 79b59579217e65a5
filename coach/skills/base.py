"""The skill runner: one path for every skill and every backend.

retrieve (gather) → compose offline, or ask the model → validate citations and numbers →
one repair retry → on failure fall back to the offline composer with a visible warning →
team vocabulary on every display string.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, PrivateAttr

from coach.catalogue import Catalogue, builtin_catalogue
from coach.citations import Citation
from coach.errors import BackendError, ConfigError, ValidationError
from coach.llm import ChatBackend
from coach.llm.cassette import CassetteMiss
from coach.prompts import load_prompt
from coach.redact import Redactor
from coach.retrieval.purposes import PurposeFit
from coach.retrieval.search import SearchResult
from coach.skills.validators import check_citations, check_numbers, numbers_in, strings_of
from coach.vocabulary import Vocabulary
from coach.workspace.view import TeamRecords

if TYPE_CHECKING:
    from coach.ritual.hooks import TrackedKr

log = logging.getLogger("coach.skills")

# Keys whose values are identifiers or paths, never display text.
NON_DISPLAY = ("citations", "chunk_id", "source", "practice_id", "id", "kind", "stance",
               "severity", "horizon", "theme", "stage", "direction", "backend", "rule", "terms",
               "kr_id", "learned_on")


OutcomeStatus = Literal["offline", "accepted", "repaired", "fallback"]


@dataclass(frozen=True)
class ModelOutcome:
    """How an answer came about: the offline composer alone, the model's first answer
    accepted, accepted after the one repair, or the offline fallback; with the problems
    that led to a repair or fallback (validator messages, backend errors)."""

    status: OutcomeStatus = "offline"
    problems: tuple[str, ...] = ()


class SkillResponse(BaseModel):
    """Common envelope: the items, any warnings, which backend wrote them, the team's terms."""

    items: list[Any]
    warnings: list[str] = Field(default_factory=list)
    backend: str = "offline"
    terms: dict[str, str] = Field(default_factory=dict)
    # Not part of the JSON shape: evals and `coach models check` read it from Python.
    _outcome: ModelOutcome = PrivateAttr(default_factory=ModelOutcome)

    @property
    def model_outcome(self) -> ModelOutcome:
        """How this answer came about (see ModelOutcome)."""
        return self._outcome


@dataclass
class Material:
    """What a skill gathered: the chunks it may cite, plus anything else its composer needs."""

    retrieved: dict[str, SearchResult] = field(default_factory=dict)
    allowed_numbers: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, results: Sequence[SearchResult]) -> list[SearchResult]:
        """Remember results as citable; returns them for chaining."""
        for result in results:
            self.retrieved[result.chunk_id] = result
            for key in ("owner", "person", "chunk_speakers", "speakers"):
                if result.metadata.get(key):
                    self.names.update(n.strip() for n in str(result.metadata[key]).split(","))
        return list(results)

    def allow(self, *texts: str) -> None:
        """Numbers in these texts may appear in output (request fields, dates, timeframes)."""
        for text in texts:
            self.allowed_numbers |= numbers_in(text)


@dataclass
class SkillContext:
    """Per-call context: who asks for which team, with which backend, on which day."""

    search: Callable[..., list[SearchResult]]
    team: str | None
    vocabulary: Vocabulary
    today: dt.date
    backend: ChatBackend | None = None
    viewer: str | None = None
    team_data: TeamRecords | None = None  # the team's own records (OKRs, metrics, meetings)
    store_chunks: Callable[[str], list[SearchResult]] | None = None  # the team scope's chunks (evidence)
    file_chunks: Callable[[str], list[SearchResult]] | None = None
    # (key result text, id) → the team's record with its computed state (coach.ritual)
    find_key_result: Callable[[str, str | None], TrackedKr | None] | None = None
    catalogue: Catalogue = field(default_factory=builtin_catalogue)
    cards: Callable[[Sequence[str]], dict[str, SearchResult]] | None = None
    relatedness: Callable[[str, Sequence[SearchResult]], dict[str, float]] | None = None
    # a situation → how well each practice's purpose fits it (coach.retrieval.purposes)
    purposes: Callable[[str], list[PurposeFit]] | None = None

    def card_chunks(self, ids: Sequence[str]) -> dict[str, SearchResult]:
        """The citable chunk of each card id (cards read by id, never by search rank)."""
        if self.cards is None:
            raise ConfigError("this skill context cannot read cards: pass `cards=` (Coach.card_chunks)")
        return self.cards(ids)


Req = TypeVar("Req", bound=BaseModel)
Resp = TypeVar("Resp", bound=SkillResponse)


@dataclass(frozen=True)
class Skill(Generic[Req, Resp]):
    """A registered skill: typed request and response, a prompt, and its four steps."""

    name: str
    request_model: type[Req]
    response_model: type[Resp]
    prompt: str
    gather: Callable[[Req, SkillContext], Material]
    compose: Callable[[Req, Material, SkillContext], Resp]
    prompt_values: Callable[[Req, Material, SkillContext], dict[str, str]]
    text_fields: tuple[str, ...]
    check: Callable[[Resp, Req, Material], list[str]] = lambda response, request, material: []
    uses_model: bool = True  # False for deterministic skills (lint) that no model improves

    def run(self, request: Req, ctx: SkillContext) -> Resp:
        """Answer a request on the context's backend, validated, in the team's words."""
        material = self.gather(request, ctx)
        material.allow(*strings_of(request.model_dump(mode="json")))
        warnings: list[str] = []
        response = None
        outcome = ModelOutcome()
        if ctx.backend is not None and self.uses_model:
            response, warning, outcome = self._ask_model(request, material, ctx)
            warnings += [warning] if warning else []
        if response is None:
            response = self.compose(request, material, ctx)
            problems = self.validate(response, request, material)
            if problems:  # the offline composer must always pass: this is a bug, say so loudly
                raise ValidationError(f"{self.name} offline composer broke its rules: {problems[:3]}")
        response.warnings = [*response.warnings, *warnings]
        worded = _in_team_words(response, ctx.vocabulary)
        worded._outcome = outcome
        return worded

    def validate(self, response: Resp, request: Req, material: Material) -> list[str]:
        """Citations and grounded numbers for every item, then the skill's own checks."""
        problems: list[str] = []
        for number, item in enumerate(response.items, start=1):
            data = item if isinstance(item, dict) else item.model_dump(mode="json")
            label = f"item {number}"
            citations, cited_problems = check_citations(data, material.retrieved, label)
            problems += cited_problems
            data["citations"] = citations
            problems += check_numbers(data, self.text_fields, material.allowed_numbers,
                                      material.retrieved, label)
            if not isinstance(item, dict):
                item.citations = [Citation(**c) for c in citations]
        return problems + self.check(response, request, material)

    def _ask_model(self, request: Req, material: Material,
                   ctx: SkillContext) -> tuple[Resp | None, str | None, ModelOutcome]:
        assert ctx.backend is not None
        prompt = load_prompt(self.prompt)
        redactor = Redactor(material.names)
        values = {k: redactor.redact(v) for k, v in self.prompt_values(request, material, ctx).items()}
        repair: str | None = None
        seen: list[str] = []
        for attempt in range(2):  # the first answer, then one repair retry
            try:
                answer = ctx.backend.generate(prompt, values, self.response_model, repair)
            except (BackendError, ValidationError) as exc:
                if isinstance(exc, CassetteMiss):
                    raise  # a replay that misses must fail loudly, not hide behind the offline path
                repair = str(exc)
                seen.append(repair)
                if isinstance(exc, BackendError):
                    return None, _fallback(ctx.backend.name, str(exc)), ModelOutcome("fallback", tuple(seen))
                continue
            answer = self.response_model.model_validate(_restore(answer.model_dump(mode="json"), redactor))
            problems = self._empty(answer, request, material, ctx) + self.validate(answer, request, material)
            if not problems:
                answer.backend = ctx.backend.name
                return answer, None, ModelOutcome("repaired" if attempt else "accepted", tuple(seen))
            seen += problems
            repair = "\n".join(f"- {p}" for p in problems[:12])
        return (None, _fallback(ctx.backend.name, repair or "invalid answer"),
                ModelOutcome("fallback", tuple(seen)))


    def _empty(self, answer: Resp, request: Req, material: Material, ctx: SkillContext) -> list[str]:
        """An empty list from the model is a problem when the material supports suggestions:
        the offline composer, on the same material, finds some. (Risks on a sound set may
        rightly be empty: then the model's empty answer stands.)"""
        if answer.items or not self.compose(request, material, ctx).items:
            return []
        return ["the answer lists no items, but the material supports some: "
                "give the suggestions the material grounds, each with its citations"]


def _fallback(backend: str, reason: str) -> str:
    log.warning("model answer rejected, using the offline composer (%s)", reason.split("\n")[0])
    # Long enough for a negotiation report (each mode tried and what the server said).
    return f"{backend} answer was not usable ({reason.splitlines()[0][:900]}); showing the offline suggestions instead"


def _restore(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor.restore(value)
    if isinstance(value, list):
        return [_restore(v, redactor) for v in value]
    if isinstance(value, dict):
        return {k: v if k in NON_DISPLAY else _restore(v, redactor) for k, v in value.items()}
    return value


def _in_team_words(response: Resp, vocabulary: Vocabulary) -> Resp:
    data = vocabulary.apply_all(response.model_dump(mode="json"), skip=lambda k: k in NON_DISPLAY)
    data["terms"] = {"objective": vocabulary.objective, "key_result": vocabulary.key_result,
                     "initiative": vocabulary.initiative}
    return type(response).model_validate(data)
