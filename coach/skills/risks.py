"""Risks: a pre-mortem for an OKR set from lint findings, the risk catalogue and the team's own artifacts."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from coach.citations import Citation
from coach.meetings.dynamics import Moment
from coach.okr import OkrSet, describe_key_result
from coach.retrieval.search import SearchResult
from coach.skills.base import Material, Skill, SkillContext, SkillResponse
from coach.skills.lint import LintFinding, lint_okrs
from coach.skills.team_data import cycle_end, is_stale, metric_snapshots, team_chunks
from coach.skills.validators import cite

Severity = Literal["low", "medium", "high"]
_LINT_SEVERITY: dict[str, Severity] = {"error": "high", "warning": "medium", "info": "low"}
_RANK = {"high": 0, "medium": 1, "low": 2}
# Risks a check-in transcript can reveal on its own; others need evidence from the OKRs first,
# because single phrases in conversation are weak signals.
TRANSCRIPT_FIRST = frozenset({"cross-team-dependency", "external-vendor-dependency", "burnout-pace",
                              "single-point-of-failure-owner", "key-person-leave"})


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


class RisksResponse(SkillResponse):
    """Risks, most severe first."""

    items: list[RiskItem]


def okr_text(okrs: OkrSet) -> str:
    """The OKR set as lines of text (objectives, key results with their facts, initiatives)."""
    lines = []
    for objective in okrs.objectives:
        lines.append(f"Objective: {objective.title}")
        lines += [f"  {describe_key_result(kr)}" for kr in objective.key_results]
        lines += [f"  Initiative: {item}" for item in objective.initiatives]
    return "\n".join(lines)


def gather(request: RisksRequest, ctx: SkillContext) -> Material:
    """All risk cards (ranked by fit), the team's transcripts and metric snapshots."""
    material = Material()
    query = " ".join(o.title for o in request.okrs.objectives)
    material.extra["cards"] = material.add(ctx.search(query, ctx.team, 60, kinds=["risk"], per_source=1))
    material.extra["transcripts"] = material.add(team_chunks(ctx, "transcript"))
    material.extra["snapshots"] = material.add(metric_snapshots(ctx))
    end = cycle_end(ctx)
    findings = lint_okrs(request.okrs, cycle_end=dt.date.fromisoformat(end) if end else None)
    material.extra["findings"] = findings
    # Lint is deterministic code over the request: its counts and rubric figures are grounded.
    material.allow(*(f"{f.message} {f.suggestion}" for f in findings))
    material.extra["today"] = ctx.today
    material.allow(end or "", ctx.today.isoformat())
    return material


class _Draft:
    """Evidence gathered for one risk card before it becomes an item."""

    def __init__(self, card: SearchResult, severity: Severity) -> None:
        self.card, self.severity = card, severity
        self.evidence: list[tuple[str, SearchResult | None]] = []
        self.example: str | None = None

    def add(self, evidence: str, severity: Severity, cite_also: SearchResult | None = None) -> None:
        if all(text != evidence for text, _ in self.evidence):
            self.evidence.append((evidence, cite_also))
        if _RANK[severity] < _RANK[self.severity]:
            self.severity = severity

    def shown(self, limit: int = 5) -> tuple[list[str], list[SearchResult]]:
        """The evidence shown, and every chunk it came from (plus the card itself)."""
        kept = self.evidence[:limit]
        sources = [self.card] + [c for _, c in kept if c is not None]
        return [text for text, _ in kept], list({c.chunk_id: c for c in sources}.values())


DraftFn = Callable[[SearchResult, Severity], _Draft]


def compose(request: RisksRequest, material: Material, ctx: SkillContext) -> RisksResponse:
    """Combine the four sources of evidence, merge by risk, most severe first."""
    cards: list[SearchResult] = material.extra["cards"]
    drafts: dict[str, _Draft] = {}

    def draft(card: SearchResult, severity: Severity) -> _Draft:
        return drafts.setdefault(card.chunk_id, _Draft(card, severity))

    _from_lint(material.extra["findings"], cards, draft)
    _from_okr_phrases(request.okrs, cards, draft)
    _from_confidence(request.okrs, cards, draft)
    _from_stale_metrics(material.extra["snapshots"], material.extra["today"], cards, draft)
    _from_meetings(material.extra["transcripts"], cards, draft)
    _from_transcripts(material.extra["transcripts"], cards, drafts, draft)
    for card in cards[:2]:  # the catalogue's closest matches, as prompts to think about
        if card.chunk_id not in drafts:
            titles = "; ".join(o.title for o in request.okrs.objectives)
            draft(card, "low").add(f"Closest catalogue match for these objectives: {titles}", "low")
    items = sorted((_item(d) for d in drafts.values()), key=lambda i: (_RANK[i.severity], i.risk))
    return RisksResponse(items=items)


def _severity(card: SearchResult) -> Severity:
    value = card.metadata.get("severity")
    return value if value in ("low", "medium", "high") else "medium"  # type: ignore[return-value]


def _card(cards: list[SearchResult], card_id: str) -> SearchResult | None:
    return next((c for c in cards if c.metadata.get("card_id") == card_id), None)


def _from_lint(findings: list[LintFinding], cards: list[SearchResult], draft: DraftFn) -> None:
    for finding in findings:
        card = next((c for c in cards if finding.rule in str(c.metadata.get("lint_rules", "")).split(", ")), None)
        if card is None:
            continue
        where = finding.kr_id or finding.objective_id
        target = draft(card, _LINT_SEVERITY[finding.severity])
        target.add(f"{where}: {finding.message}", _LINT_SEVERITY[finding.severity])
        target.example = target.example or finding.suggestion


def _phrases(card: SearchResult, min_words: int = 1) -> re.Pattern[str] | None:
    """One pattern matching any of the card's signal phrases (as whole words)."""
    phrases = [p for p in json.loads(str(card.metadata.get("phrases_json", "[]")))
               if len(p) > 3 and len(p.split()) >= min_words]
    if not phrases:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def _from_okr_phrases(okrs: OkrSet, cards: list[SearchResult], draft: DraftFn) -> None:
    lines = okr_text(okrs).split("\n")
    for card in cards:
        pattern = _phrases(card)
        if pattern is None:
            continue
        for line in lines:
            if found := pattern.search(line):
                draft(card, _severity(card)).add(
                    f"OKR text says \"{found.group(0).lower()}\": {line.strip()}", "low")


def _from_transcripts(transcripts: list[SearchResult], cards: list[SearchResult],
                      drafts: dict[str, _Draft], draft: DraftFn) -> None:
    """Multi-word signal phrases in check-in turns, at most two lines per risk."""
    for card in cards:
        if card.metadata.get("card_id") not in TRANSCRIPT_FIRST and card.chunk_id not in drafts:
            continue
        found = 0
        pattern = _phrases(card, 2)
        if pattern is None:
            continue
        for chunk in transcripts:
            for line in chunk.text.split("\n"):
                if found < 2 and line.startswith("[") and pattern.search(line):
                    draft(card, _severity(card)).add(
                        f"Check-in ({chunk.title}) {line.strip()[:240]}", "medium", chunk)
                    found += 1


def meeting_lines(chunks: list[SearchResult]) -> dict[str, list[tuple[str, SearchResult]]]:
    """Each stored transcript's turn lines in order (overlapping chunks de-duplicated), with
    the chunk each line came from."""
    by_source: dict[str, list[SearchResult]] = {}
    for chunk in chunks:
        by_source.setdefault(chunk.source, []).append(chunk)
    meetings = {}
    for source, parts in by_source.items():
        seen: dict[str, SearchResult] = {}
        for chunk in sorted(parts, key=lambda c: int(c.metadata.get("position", 0))):
            for line in chunk.text.split("\n"):
                if line.startswith("[") and line not in seen:
                    seen[line] = chunk
        meetings[source] = list(seen.items())
    return meetings


def _from_meetings(transcripts: list[SearchResult], cards: list[SearchResult], draft: DraftFn) -> None:
    """Decisions without an owner and actions without a date, found by the meeting analysis."""
    from coach.errors import ValidationError as TranscriptError
    from coach.meetings.dynamics import analyse
    from coach.transcripts import parse_transcript

    ownerless, undated = _card(cards, "decision-without-owner"), _card(cards, "action-without-date")
    for lines in meeting_lines(transcripts).values():
        try:
            dynamics = analyse(parse_transcript("\n".join(line for line, _ in lines), "plain"))
        except TranscriptError:
            continue  # a transcript too damaged to analyse still counts through its phrases
        chunk_of = {index: chunk for index, (_, chunk) in enumerate(lines, start=1)}
        for moment in dynamics.decisions:
            if ownerless and moment.detail == "no owner":
                draft(ownerless, "medium").add(_said(moment, chunk_of), "medium", chunk_of.get(moment.line))
        for moment in dynamics.action_items:
            if undated and moment.detail.endswith("no due date"):
                draft(undated, "medium").add(_said(moment, chunk_of), "medium", chunk_of.get(moment.line))


def _said(moment: Moment, chunk_of: dict[int, SearchResult]) -> str:
    chunk = chunk_of.get(moment.line)
    title = chunk.title if chunk else "check-in"
    return f"Check-in ({title}) [{moment.at}] {moment.speaker}: {moment.text[:200]}"


def _from_confidence(okrs: OkrSet, cards: list[SearchResult], draft: DraftFn) -> None:
    card = _card(cards, "low-confidence-ignored")
    if card is None:
        return
    for objective in okrs.objectives:
        for kr in objective.key_results:
            if kr.confidence is not None and kr.confidence <= 0.4:
                draft(card, "medium").add(f"{kr.id or kr.text}: confidence {kr.confidence:g} — {kr.text}", "medium")


def _from_stale_metrics(snapshots: list[SearchResult], today: dt.date, cards: list[SearchResult],
                        draft: DraftFn) -> None:
    card = _card(cards, "stale-metrics")
    if card is None:
        return
    for snapshot in snapshots:
        as_of = str(snapshot.metadata.get("as_of", ""))
        if is_stale(as_of, today):
            draft(card, "medium").add(
                f"Metric '{snapshot.metadata.get('metric')}' was last measured on {as_of}", "medium", snapshot)


def _item(draft: _Draft) -> RiskItem:
    mitigations = json.loads(str(draft.card.metadata.get("mitigations_json", "[]")))
    preferred = {"high": "do", "medium": "try", "low": "consider"}[draft.severity]
    chosen = next((m for m in mitigations if m["stance"] == preferred), mitigations[0])
    mitigation = chosen["text"] + (f" For example: {draft.example}" if draft.example else "")
    evidence, sources = draft.shown()
    return RiskItem(risk=draft.card.title, severity=draft.severity, evidence=evidence,
                    mitigation=mitigation, stance=chosen["stance"], citations=[cite(c) for c in sources])


def prompt_values(request: RisksRequest, material: Material, ctx: SkillContext) -> dict[str, str]:
    """OKRs, lint findings and the untrusted context block with source ids."""
    findings = "\n".join(f"- {f.kr_id or f.objective_id} {f.rule} ({f.severity}): {f.message}"
                         for f in material.extra["findings"])
    blocks = [f"[{r.chunk_id}] ({r.kind}) {r.title}: {r.text}" for r in material.retrieved.values()]
    return {"okrs": okr_text(request.okrs), "findings": findings or "none",
            "context": "\n\n".join(blocks), "vocabulary": ctx.vocabulary.model_dump_json()}


SKILL = Skill(name="risks", request_model=RisksRequest, response_model=RisksResponse, prompt="risks",
              gather=gather, compose=compose, prompt_values=prompt_values,
              text_fields=("risk", "evidence", "mitigation"))
