"""Risks: a pre-mortem for an OKR set, raised only with evidence from the set or the team's data.

Risk cards are read by id from the catalogue; each card declares the lint rules and the
detectors (`coach/skills/risk_detectors.py`) that may raise it. No risk comes from a card
merely resembling the objectives.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from coach.cards import RiskCard
from coach.citations import Citation
from coach.okr import OkrSet
from coach.retrieval.search import SearchResult
from coach.ritual.hooks import tracked_key_result
from coach.ritual.notes import CitesLearnings
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.lint import LintFinding, lint_okrs
from coach.skills.risk_detectors import DETECTORS, Evidence, KrReading, RiskInputs, okr_text, transcript_phrases
from coach.skills.team_data import cycle_end, metric_snapshots, team_chunks
from coach.skills.validators import cite

Severity = Literal["low", "medium", "high"]
_LINT_SEVERITY: dict[str, Severity] = {"error": "high", "warning": "medium", "info": "low"}
_RANK = {"high": 0, "medium": 1, "low": 2}

__all__ = ["RiskItem", "RisksRequest", "RisksResponse", "okr_text"]


class RisksRequest(BaseModel):
    """`coach suggest risks --okr FILE`."""

    okrs: OkrSet


class RiskItem(BaseModel):
    """One way the cycle could go wrong, and what to do about it."""

    risk: str
    severity: Severity
    evidence: list[str] = Field(min_length=1)
    mitigation: str
    stance: Literal["try", "do", "consider"]
    citations: list[Citation] = Field(default_factory=list)


class RisksResponse(SkillResponse, CitesLearnings):
    """Risks, most severe first."""

    items: list[RiskItem]


def gather(request: RisksRequest, ctx: SkillContext) -> Material:
    """Every risk card (by id), the team's transcripts and metric snapshots, the lint findings."""
    material = Material()
    risks = ctx.catalogue.risks
    material.extra["cards"] = ctx.card_chunks(sorted(risks))
    material.add(list(material.extra["cards"].values()))
    transcripts = material.add(team_chunks(ctx, "transcript"))
    snapshots = metric_snapshots(ctx)
    material.add([s.chunk for s in snapshots])
    end = cycle_end(ctx)
    findings = lint_okrs(request.okrs, cycle_end=dt.date.fromisoformat(end) if end else None)
    readings = _readings(request.okrs, ctx, material)
    material.extra["inputs"] = RiskInputs(request.okrs, findings, transcripts, snapshots, ctx.today, readings)
    # Lint is deterministic code over the request: its counts and rubric figures are grounded.
    material.allow(*(f"{f.message} {f.suggestion}" for f in findings))
    material.allow(end or "", ctx.today.isoformat())
    return material


def _readings(okrs: OkrSet, ctx: SkillContext, material: Material) -> list[KrReading]:
    """The computed state of each key result of the set that the team tracks (matched by its exact
    text, so a draft set reusing ids never borrows another key result's history); the request has
    no state field, so risks always read the state from the team's records."""
    readings = []
    for objective in okrs.objectives:
        for kr in objective.key_results:
            tracked = tracked_key_result(ctx, kr.text, None)
            if tracked is None or tracked.status is None:
                continue
            material.add(tracked.evidence)
            material.allow(*tracked.facts_text())  # the explanation quotes the team's own values
            source = tracked.evidence[0] if tracked.evidence else None
            readings.append(KrReading(kr.id or kr.text, tracked.status, source))
    return readings


class _Draft:
    """Evidence gathered for one risk card before it becomes an item."""

    def __init__(self, card: RiskCard, chunk: SearchResult) -> None:
        self.card, self.chunk = card, chunk
        self.severity: Severity = "low"
        self.evidence: list[Evidence] = []
        self.example: str | None = None

    def add(self, evidence: Evidence) -> None:
        if all(e.text != evidence.text for e in self.evidence):
            self.evidence.append(evidence)
        if _RANK[evidence.severity] < _RANK[self.severity]:
            self.severity = evidence.severity

    def shown(self, limit: int = 5) -> tuple[list[str], list[SearchResult]]:
        """The evidence shown, and every chunk it came from (plus the card itself)."""
        kept = self.evidence[:limit]
        sources = [self.chunk] + [e.source for e in kept if e.source is not None]
        return [e.text for e in kept], list({c.chunk_id: c for c in sources}.values())


def compose(request: RisksRequest, material: Material, ctx: SkillContext) -> RisksResponse:
    """Run each card's detectors and lint rules; merge evidence by risk, most severe first."""
    inputs: RiskInputs = material.extra["inputs"]
    chunks: dict[str, SearchResult] = material.extra["cards"]
    drafts: dict[str, _Draft] = {}
    for card_id, entry in sorted(ctx.catalogue.risks.items()):
        if card_id not in chunks:
            continue
        draft = _Draft(entry.card, chunks[card_id])
        _from_lint(inputs.findings, draft)
        for name in entry.card.signals.detectors:
            for evidence in DETECTORS[name](entry.card, inputs):
                draft.add(_at_least(evidence, entry.card.severity.default))
        if draft.evidence:
            drafts[card_id] = draft
    for draft in drafts.values():  # corroboration from check-ins for risks already raised
        if "transcript_phrases" not in draft.card.signals.detectors:
            for evidence in transcript_phrases(draft.card, inputs):
                draft.add(evidence)
    items = sorted((_item(d) for d in drafts.values()), key=lambda i: (_RANK[i.severity], i.risk))
    return RisksResponse(items=items)


def _at_least(evidence: Evidence, severity: Severity) -> Evidence:
    """Evidence a card's own detector found carries the card's default severity at least."""
    if _RANK[severity] < _RANK[evidence.severity]:
        return Evidence(evidence.text, severity, evidence.source)
    return evidence


def _from_lint(findings: list[LintFinding], draft: _Draft) -> None:
    for finding in findings:
        if finding.rule not in draft.card.signals.lint:
            continue
        where = finding.kr_id or finding.objective_id
        draft.add(Evidence(f"{where}: {finding.message}", _LINT_SEVERITY[finding.severity]))
        draft.example = draft.example or finding.suggestion


def _item(draft: _Draft) -> RiskItem:
    mitigations = draft.card.mitigations
    preferred = {"high": "do", "medium": "try", "low": "consider"}[draft.severity]
    chosen = next((m for m in mitigations if m.stance == preferred), mitigations[0])
    mitigation = chosen.text + (f" For example: {draft.example}" if draft.example else "")
    evidence, sources = draft.shown()
    return RiskItem(risk=draft.card.name, severity=draft.severity, evidence=evidence,
                    mitigation=mitigation, stance=chosen.stance, citations=[cite(c) for c in sources])


def prompt_values(request: RisksRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """OKRs, lint findings and the untrusted context block with source ids."""
    findings = "\n".join(f"- {f.kr_id or f.objective_id} {f.rule} ({f.severity}): {f.message}"
                         for f in material.extra["inputs"].findings)
    blocks = [f"[{r.chunk_id}] ({r.kind}) {r.title}: {r.text}" for r in material.retrieved.values()]
    return {"okrs": okr_text(request.okrs), "findings": findings or "none",
            "context": "\n\n".join(blocks), "vocabulary": ctx.vocabulary.model_dump_json()}


SKILL = Skill(name="risks", request_model=RisksRequest, response_model=RisksResponse, prompt="risks",
              gather=gather, compose=compose, prompt_values=prompt_values,
              text_fields=("risk", "evidence", "mitigation"))
