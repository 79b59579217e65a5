"""KR lint as a skill: per key result, findings with severity, explanation and a rewrite, cited
to the guide on writing key results."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from coach.citations import Citation
from coach.errors import NotFoundError
from coach.okr import OkrSet
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.lint import lint_okrs
from coach.skills.team_data import cycle_end
from coach.skills.validators import cite

WRITING_GUIDE = "writing-key-results"  # the guide every finding cites


class LintRequest(BaseModel):
    """`coach lint OKR_FILE`."""

    okrs: OkrSet


class Finding(BaseModel):
    """One problem with a key result or objective."""

    id: str
    rule: str
    severity: Literal["info", "warning", "error"]
    explanation: str
    rewrite: str


class LintItem(BaseModel):
    """Everything found for one key result (or objective-level rule)."""

    objective_id: str
    key_result_id: str | None
    text: str
    findings: list[Finding]
    citations: list[Citation] = Field(default_factory=list)


class LintResponse(SkillResponse):
    """Findings grouped by key result, in file order."""

    items: list[LintItem]


def gather(request: LintRequest, ctx: SkillContext) -> Material:
    """The writing guide passages the findings rely on."""
    material = Material()
    # The guide is a built-in card, read by id: indexed on demand in a data dir that holds only
    # the user's own files, so lint never depends on what was ingested.
    guide = ctx.card_chunks([WRITING_GUIDE]).get(WRITING_GUIDE)
    if guide is None:
        raise NotFoundError(f"lint cites the built-in guide {WRITING_GUIDE!r}, which this installation "
                            "does not ship: reinstall coach or run `coach bootstrap`")
    passages = ctx.search("writing good key results outcome baseline target date rubric", None, 4,
                          kinds=["guide"], per_source=4)
    material.add([p for p in passages if p.source == guide.source] or [guide])
    end = cycle_end(ctx)
    material.extra["cycle_end"] = dt.date.fromisoformat(end) if end else None
    findings = lint_okrs(request.okrs, cycle_end=material.extra["cycle_end"])
    material.extra["findings"] = findings
    material.allow(end or "", *(f"{f.message} {f.suggestion}" for f in findings))
    return material


def compose(request: LintRequest, material: Material, ctx: SkillContext) -> LintResponse:
    """Group findings by key result; every item cites the writing guide."""
    texts = {(o.id or f"O{i}", kr.id or f"KR{i}.{j}"): kr.text
             for i, o in enumerate(request.okrs.objectives, start=1)
             for j, kr in enumerate(o.key_results, start=1)}
    titles = {o.id or f"O{i}": o.title for i, o in enumerate(request.okrs.objectives, start=1)}
    guides = [cite(r) for r in material.retrieved.values()][:2]
    grouped: dict[tuple[str, str | None], list[Finding]] = {}
    for f in material.extra["findings"]:
        key = (f.objective_id, f.kr_id)
        grouped.setdefault(key, []).append(Finding(
            id=f"{f.kr_id or f.objective_id}:{f.rule}", rule=f.rule, severity=f.severity,
            explanation=f.message, rewrite=f.suggestion))
    items = [LintItem(objective_id=o, key_result_id=k, text=texts.get((o, k or "")) or titles.get(o, ""),
                      findings=found, citations=guides) for (o, k), found in grouped.items()]
    return LintResponse(items=items)


def prompt_values(request: LintRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """Lint is deterministic; no model is asked."""
    return {}


SKILL = Skill(name="lint", request_model=LintRequest, response_model=LintResponse, prompt="key_results",
              gather=gather, compose=compose, prompt_values=prompt_values,
              text_fields=("text", "findings"), uses_model=False)
