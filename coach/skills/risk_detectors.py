"""Evidence for risks: one pure detector per name in `cards.Detector`.

A risk card declares the detectors that may raise it (`signals.detectors`) and the lint
rules that point at it (`signals.lint`); `coach corpus validate` checks both against this
table. A detector returns evidence found in the OKR set or the team's own data, never a
guess: a card nobody's evidence points at is not raised.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, get_args

from coach.cards import Detector, KrState, RiskCard
from coach.errors import ValidationError as TranscriptError
from coach.meetings.dynamics import MeetingDynamics, Moment, analyse
from coach.okr import OkrSet, describe_key_result
from coach.retrieval.search import SearchResult
from coach.ritual.state import KrStatus
from coach.skills.lint import LintFinding
from coach.skills.team_data import CitedSnapshot, is_stale
from coach.transcripts import parse_transcript

Severity = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class Evidence:
    """One observation that supports a risk, and the chunk it came from (if any)."""

    text: str
    severity: Severity
    source: SearchResult | None = None


@dataclass(frozen=True)
class KrReading:
    """A key result of the set that the team tracks, with the state computed from its check-ins
    and snapshots, and the team chunk that records it (the citation)."""

    label: str
    status: KrStatus
    source: SearchResult | None = None


@dataclass(frozen=True)
class RiskInputs:
    """What the detectors read: the OKR set and the team's own artifacts."""

    okrs: OkrSet
    findings: list[LintFinding]
    transcripts: list[SearchResult]
    snapshots: list[CitedSnapshot]
    today: dt.date
    readings: list[KrReading] = field(default_factory=list)  # computed states, where tracked


DetectorFn = Callable[[RiskCard, RiskInputs], list[Evidence]]


def okr_text(okrs: OkrSet) -> str:
    """The OKR set as lines of text (objectives, key results with their facts, initiatives)."""
    lines = []
    for objective in okrs.objectives:
        lines.append(f"Objective: {objective.title}")
        lines += [f"  {describe_key_result(kr)}" for kr in objective.key_results]
        lines += [f"  Initiative: {item}" for item in objective.initiatives]
    return "\n".join(lines)


def phrase_pattern(card: RiskCard, min_words: int = 1) -> re.Pattern[str] | None:
    """One pattern matching any of the card's signal phrases (as whole words)."""
    phrases = [p for p in card.signals.phrases if len(p) > 3 and len(p.split()) >= min_words]
    if not phrases:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def okr_phrases(card: RiskCard, inputs: RiskInputs) -> list[Evidence]:
    """The card's signal phrases written in the OKR set itself."""
    pattern = phrase_pattern(card)
    if pattern is None:
        return []
    return [Evidence(f"OKR text says \"{found.group(0).lower()}\": {line.strip()}", "low")
            for line in okr_text(inputs.okrs).split("\n") if (found := pattern.search(line))]


def transcript_phrases(card: RiskCard, inputs: RiskInputs, limit: int = 2) -> list[Evidence]:
    """Multi-word signal phrases said in check-ins (single words are too weak), two at most."""
    pattern = phrase_pattern(card, 2)
    found: list[Evidence] = []
    for chunk in inputs.transcripts if pattern else []:
        for line in chunk.text.split("\n"):
            if len(found) < limit and line.startswith("[") and pattern and pattern.search(line):
                found.append(Evidence(f"Check-in ({chunk.title}) {line.strip()[:240]}", "medium", chunk))
    return found


def low_confidence(card: RiskCard, inputs: RiskInputs, at_most: float = 0.4) -> list[Evidence]:
    """Key results whose computed state is low confidence (the latest check-in doubts the numbers),
    else whose confidence in the OKR file is low."""
    computed = _in_state(inputs, "low_confidence", "medium")
    seen = {r.label for r in inputs.readings if r.status.state == "low_confidence"}
    return computed + [Evidence(f"{kr.id or kr.text}: confidence {kr.confidence:g} — {kr.text}", "medium")
                       for objective in inputs.okrs.objectives for kr in objective.key_results
                       if kr.confidence is not None and kr.confidence <= at_most
                       and (kr.id or kr.text) not in seen]


def off_track_state(card: RiskCard, inputs: RiskInputs) -> list[Evidence]:
    """Key results computed off track: behind the straight line from baseline to target, or moving
    the wrong way (high severity: the work is undoing itself)."""
    return _in_state(inputs, "off_track", "medium")


def stalled_state(card: RiskCard, inputs: RiskInputs) -> list[Evidence]:
    """Key results computed stalled: no movement across the last check-ins."""
    return _in_state(inputs, "stalled", "medium")


def _in_state(inputs: RiskInputs, state: KrState, severity: Severity) -> list[Evidence]:
    """Evidence from the state computation, its explanation quoted whole (the numbers are the team's)."""
    found = []
    for reading in inputs.readings:
        if reading.status.state != state:
            continue
        backwards = reading.status.progress is not None and reading.status.progress < 0
        words = state.replace("_", " ")
        found.append(Evidence(f"{reading.label} is {words} (computed from its recorded values): "
                              f"{reading.status.explanation}", "high" if backwards else severity,
                              reading.source))
    return found


def stale_metrics(card: RiskCard, inputs: RiskInputs) -> list[Evidence]:
    """Team metrics last measured more than 90 days ago."""
    return [Evidence(f"Metric '{s.snapshot.metric}' was last measured on {s.snapshot.as_of.isoformat()}",
                     "medium", s.chunk)
            for s in inputs.snapshots if is_stale(s.snapshot.as_of, inputs.today)]


def missing_owner(card: RiskCard, inputs: RiskInputs) -> list[Evidence]:
    """Key results with no owner, where the objective names none either."""
    return [Evidence(f"{kr.id or kr.text}: no owner is named — {kr.text}", "medium")
            for objective in inputs.okrs.objectives if not objective.owner
            for kr in objective.key_results if not (kr.owner or "").strip()]


def single_owner(card: RiskCard, inputs: RiskInputs, at_least: int = 3) -> list[Evidence]:
    """One person owns every key result of the set (three or more)."""
    owners = [(kr.owner or "").strip() for o in inputs.okrs.objectives for kr in o.key_results]
    if len(owners) < at_least or "" in owners or len(set(owners)) != 1:
        return []
    return [Evidence(f"All {len(owners)} key results have the same owner ({owners[0]})", "medium")]


@functools.lru_cache(maxsize=32)
def _dynamics(text: str) -> MeetingDynamics | None:
    """A transcript's dynamics, analysed once: the two meeting detectors read the same analysis, and
    the utterance classifier runs the embedding model, so analysing twice doubled a pre-mortem's time."""
    try:
        return analyse(parse_transcript(text, "plain"))
    except TranscriptError:
        return None


def _meeting_moments(inputs: RiskInputs, pick: Callable[[Moment], bool],
                     kind: Literal["decisions", "action_items"]) -> list[Evidence]:
    found = []
    for lines in meeting_lines(inputs.transcripts).values():
        dynamics = _dynamics("\n".join(line for line, _ in lines))
        if dynamics is None:
            continue  # a transcript too damaged to analyse still counts through its phrases
        chunk_of = {index: chunk for index, (_, chunk) in enumerate(lines, start=1)}
        for moment in getattr(dynamics, kind):
            if pick(moment):
                chunk = chunk_of.get(moment.line)
                title = chunk.title if chunk else "check-in"
                found.append(Evidence(f"Check-in ({title}) [{moment.at}] {moment.speaker}: {moment.text[:200]}",
                                      "medium", chunk))
    return found


def meeting_decision_without_owner(card: RiskCard, inputs: RiskInputs) -> list[Evidence]:
    """Decisions in check-ins that nobody took on, found by the meeting analysis."""
    return _meeting_moments(inputs, lambda m: m.detail == "no owner", "decisions")


def meeting_action_without_date(card: RiskCard, inputs: RiskInputs) -> list[Evidence]:
    """Actions in check-ins with no due date, found by the meeting analysis."""
    return _meeting_moments(inputs, lambda m: m.detail.endswith("no due date"), "action_items")


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


DETECTORS: dict[Detector, DetectorFn] = {
    "okr_phrases": okr_phrases, "transcript_phrases": transcript_phrases,
    "low_confidence": low_confidence, "stale_metrics": stale_metrics,
    "missing_owner": missing_owner, "single_owner": single_owner,
    "meeting_decision_without_owner": meeting_decision_without_owner,
    "meeting_action_without_date": meeting_action_without_date,
    "off_track_state": off_track_state, "stalled_state": stalled_state,
}
assert set(DETECTORS) == set(get_args(Detector)), "every declared detector needs its function"
