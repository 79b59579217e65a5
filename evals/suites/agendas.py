"""Check-in agendas: the state a coach would call each key result, what comes first, an idea
for every key result in trouble, a round that gives every owner a voice, and questions in the
key result's own words (`evals/datasets/agendas.yaml`).

Each case imports a team's OKRs and records its check-ins through the same service the CLI
and the API use (`Ritual.record_checkin`), then prepares the agenda on the case's day.
The labels were written by someone who never read the state rules: what a coach reading the
history would call it, often more than one state where coaches would disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from coach.cards import KrState
from coach.identity import Principal
from coach.okr import OkrSet
from coach.retrieval.search import SearchResult
from coach.ritual.agenda import NEEDS_IDEA, Agenda
from coach.ritual.service import Ritual
from evals.env import Env
from evals.harness import Case, CaseView, Cited, Evaluator, Score, Suite, ratio
from evals.suites.common import load_cases, warm


class CheckInRow(BaseModel):
    """One recorded value of a key result."""

    date: dt.date
    value: float
    confidence: float | None = None
    note: str | None = None


class AgendaLabels(BaseModel):
    """What a coach reading the histories would say."""

    states: dict[str, list[KrState]]
    first: list[str] = Field(min_length=1)
    # Key result → the practice ids a coach would accept as the one idea for it ("none": saying
    # that nothing fits is acceptable too). Only the cases written to judge the idea have them.
    ideas: dict[str, list[str]] = Field(default_factory=dict)


class AgendaCase(BaseModel):
    """A team's OKR file, its check-ins, the day of the agenda, and the labels."""

    team_kind: str
    today: dt.date
    okrs: dict[str, Any]
    checkins: dict[str, list[CheckInRow]] = Field(default_factory=dict)
    expect: AgendaLabels

    @property
    def team(self) -> str:
        """The team the OKR file names."""
        return str(self.okrs["team"])


@dataclass(frozen=True)
class AgendaRun:
    """The agenda prepared for a case, the team's OKRs, and every chunk the ideas could cite."""

    agenda: Agenda
    okrs: OkrSet
    retrieved: Mapping[str, SearchResult]


def load() -> list[Case[AgendaCase]]:
    """The labelled team histories."""
    return load_cases("agendas.yaml", AgendaCase)


def run(case: AgendaCase, env: Env) -> AgendaRun:
    """Import the OKRs, record each check-in as its owner, prepare the agenda on the case's day."""
    coach = env.coach
    with tempfile.TemporaryDirectory(prefix="coach-agenda-") as scratch:
        path = Path(scratch) / f"{case.team}-okrs.yaml"
        path.write_text(yaml.safe_dump(case.okrs, sort_keys=False), encoding="utf-8")
        coach.import_team_file(path, case.team, "okr")
        okrs = OkrSet.model_validate(case.okrs)
        owners = {kr.id: kr.owner for objective in okrs.objectives for kr in objective.key_results}
        ritual = Ritual(coach, coach.ritual.data, coach.ritual.store, today=lambda: case.today)
        for kr_id, rows in case.checkins.items():
            principal = Principal.operator(case.team, user=owners.get(kr_id) or "operator")
            for row in rows:
                ritual.record_checkin(principal, kr_id, row.value, confidence=row.confidence,
                                      note=row.note, on=row.date)
        coach.seen = {}
        agenda = ritual.prepare(Principal.operator(case.team), offline=env.backend == "offline")
    return AgendaRun(agenda, okrs, dict(coach.seen))


def state_agreement(case: AgendaCase, out: AgendaRun) -> Score:
    """Share of labelled key results whose computed state a coach accepts."""
    labelled = [i for i in out.agenda.items if i.kr_id in case.expect.states]
    wrong = [f"{i.kr_id} {i.state} (coach: {'/'.join(case.expect.states[i.kr_id])})"
             for i in labelled if i.state not in case.expect.states[i.kr_id]]
    score = ratio(len(labelled) - len(wrong), len(labelled), "states a coach accepts")
    return Score(score.value, score.reason + (f"; not: {', '.join(wrong)}" if wrong else ""), ok=score.ok)


def first_item(case: AgendaCase, out: AgendaRun) -> Score:
    """1 when the agenda opens with a key result a coach would discuss first."""
    if not out.agenda.items:
        return Score(0.0, "the agenda has no items", ok=False)
    first = out.agenda.items[0].kr_id
    ok = first in case.expect.first
    return Score(1.0 if ok else 0.0, f"opens with {first} (coach: {', '.join(case.expect.first)})", ok=ok)


def ideas_for_trouble(case: AgendaCase, out: AgendaRun) -> Score:
    """Share of off-track or stalled key results that come with a cited idea to try, or with an
    honest note that nothing in the cards fits (never a silent gap)."""
    troubled = [i for i in out.agenda.items if i.state in NEEDS_IDEA]
    good = [i for i in troubled if i.idea is not None and (i.idea.citations or i.idea.kind == "none")]
    return ratio(len(good), len(troubled), "key results in trouble with a cited idea or a nothing-fits note")


def idea_fit(case: AgendaCase, out: AgendaRun) -> Score:
    """Share of labelled off-track or stalled key results whose one idea a coach accepts for the
    situation (or, where the labels allow it, an honest "nothing fits")."""
    judged = [i for i in out.agenda.items if i.state in NEEDS_IDEA and i.kr_id in case.expect.ideas]
    if not judged:
        return Score(None, "no idea labels for the key results in trouble here")
    wrong = []
    for item in judged:
        offered = item.idea.practice_id if item.idea and item.idea.kind != "none" else None
        if (offered or "none") not in case.expect.ideas[item.kr_id]:
            wrong.append(f"{item.kr_id} got {offered or 'no idea'} (coach: {', '.join(case.expect.ideas[item.kr_id])})")
    score = ratio(len(judged) - len(wrong), len(judged), "ideas that fit the situation")
    return Score(score.value, score.reason + (f"; not: {'; '.join(wrong)}" if wrong else ""), ok=not wrong)


def ideas_cited(case: AgendaCase, out: AgendaRun) -> Score:
    """Every idea's citations were retrieved for this agenda, or are check-ins the case recorded."""
    cited = [c.chunk_id for i in out.agenda.items if i.idea for c in i.idea.citations]
    recorded = {f"checkin:{kr}:{row.date.isoformat()}" for kr, rows in case.checkins.items() for row in rows}
    missing = [c for c in cited if c not in out.retrieved and c not in recorded]
    if not cited:
        return Score(None, "no idea cites anything")
    return Score(0.0 if missing else 1.0, f"{len(cited) - len(missing)} of {len(cited)} citations retrieved",
                 ok=not missing)


def round_covers_owners(case: AgendaCase, out: AgendaRun) -> Score:
    """Every key-result owner has a place in the round."""
    owners = {kr.owner for objective in out.okrs.objectives for kr in objective.key_results if kr.owner}
    missing = sorted(owners - set(out.agenda.round))
    return ratio(len(owners) - len(missing), len(owners), "owners in the round" +
                 (f" (missing {', '.join(missing)})" if missing else ""))


def questions_name_the_metric(case: AgendaCase, out: AgendaRun) -> Score:
    """For key results to discuss, the questions use the key result's own words (its metric)."""
    texts = {kr.id: kr.metric or kr.text for objective in out.okrs.objectives for kr in objective.key_results}
    asked = [i for i in out.agenda.items if i.state in ("off_track", "stalled", "no_baseline", "new")]
    named = [i for i in asked if _words(texts.get(i.kr_id, "")) & _words(" ".join(i.questions))]
    return ratio(len(named), len(asked), "questions in the key result's words")


def explanation_states_the_value(case: AgendaCase, out: AgendaRun) -> Score:
    """Where a value was recorded, the explanation states the latest one (no vague verdicts)."""
    latest = {kr: max(rows, key=lambda r: r.date).value for kr, rows in case.checkins.items() if rows}
    items = [i for i in out.agenda.items if i.kr_id in latest]
    stated = [i for i in items if f"{round(latest[i.kr_id], 2):g}" in i.explanation]
    return ratio(len(stated), len(items), "explanations stating the latest value")


_SMALL = frozenset({"the", "and", "for", "per", "of", "to", "a", "in", "on", "by", "rate", "share", "number"})


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in _SMALL}


def view(case: AgendaCase, out: AgendaRun) -> CaseView:
    """The histories, the agenda, and the passages the ideas cite."""
    ids = dict.fromkeys(c.chunk_id for i in out.agenda.items if i.idea for c in i.idea.citations)
    cited = [Cited(i, r.title, r.source, r.text) for i in ids if (r := out.retrieved.get(i))]
    inputs = {"team_kind": case.team_kind, "today": case.today.isoformat(), "okrs": case.okrs,
              "checkins": {k: [r.model_dump(mode="json") for r in v] for k, v in case.checkins.items()}}
    return CaseView(inputs, out.agenda.model_dump(mode="json"), cited)


def evaluators() -> dict[str, Evaluator[Any, AgendaRun]]:
    """State agreement, first item, ideas, round, questions, explanations."""
    return {"state_agreement": state_agreement, "first_item": first_item,
            "ideas_for_trouble": ideas_for_trouble, "idea_fit": idea_fit, "ideas_cited": ideas_cited,
            "round_covers_owners": round_covers_owners, "questions_in_words": questions_name_the_metric,
            "explanation_value": explanation_states_the_value}


SUITE: Suite[AgendaCase, AgendaRun] = Suite(
    "agendas", "Check-in agendas for teams of many kinds: states, order, ideas and their fit, round",
    load, run, evaluators(), view, prepare=warm,
    notes=("State labels were written from the histories by someone who never read the state rules; "
           "where coaches would disagree, every acceptable state is listed.",))
