"""Wording one experiment from a practice card and the key result's own words (pure).

Numbers come only from the key result, the team's own check-ins and the cited card; where a
starting value or target is unknown the text says so in words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

from coach.ingest.documents import Metadata
from coach.nlp import lemmas
from coach.okr import Direction
from coach.retrieval.search import SearchResult
from coach.skills.experiment_evidence import team_evidence
from coach.skills.validators import cite

if TYPE_CHECKING:
    from coach.ritual.hooks import TrackedKr
    from coach.skills.experiments import ExperimentSuggestion

Stance = Literal["try", "do", "consider"]
_EFFORT = {"easy": "low", "medium": "medium", "hard": "high"}
_MOVE = {"increase": "up", "decrease": "down"}
_STATE_HINT = {"off_track": "off track behind", "stalled": "stalled no movement",
               "low_confidence": "low confidence unproven", "no_baseline": "baseline unknown starting point",
               "new": "new start commit", "on_track": "momentum keep", "done": "learn done"}


def compose_item(card: SearchResult, intro: SearchResult, reasons: list[str], rank: int, *, metric: str,
                 direction: Direction | None, state: str | None, request_context: str | None,
                 tracked: TrackedKr | None, learnings: list[SearchResult], today: dt.date) -> ExperimentSuggestion:
    """One experiment: hypothesis with cited evidence (the team's check-ins, notes and learnings
    where it has some, else the card, said so), test, signal, rule, timebox, effort, stance."""
    from coach.skills.experiments import ExperimentSuggestion  # the model lives with the skill

    name, meta = card.title, card.metadata
    summary = _clause(str(meta.get("summary") or _first_sentence(intro.text)))
    change = f"{_lower_first(name)} ({summary})"
    reason = _clause(_best_reason(reasons, intro, metric, state))
    own = team_evidence(f"{name} {summary} {' '.join(reasons)}", metric=metric, tracked=tracked,
                        learnings=learnings, context=_first_sentence(request_context) if rank == 0 and
                        request_context else None)[:2]
    if own:  # the team's own material is the evidence; the card says why the change speaks to it
        because = f'{"; ".join(e.clause for e in own)}; and the {name} card is meant for when "{reason}"'
    else:
        because = (f'the {name} card is meant for when "{reason}" (the team has recorded no check-in note, '
                   "value or learning on this key result yet, so this reason is the card's, not the team's)")
    moves = f"{metric} {_MOVE[direction]}" if direction in _MOVE else metric
    verb = "keep" if direction == "keep-within" else "move"
    hypothesis = f"We believe {change} will {verb} {moves} because {because}."
    cited = [*(e.source for e in own if e.source), card, intro, *(tracked.evidence[:1] if tracked else [])]
    return ExperimentSuggestion(
        hypothesis=hypothesis, metric=metric, test=_test(meta, metric),
        signal=_signal(metric, direction, tracked), decision_rule=_rule(metric, direction, tracked),
        timebox=_timebox(tracked, today), effort=_effort(meta), stance=_stance(meta, rank, state),
        practice_id=str(meta.get("practice_id") or card.source),
        citations=[cite(c) for c in {c.chunk_id: c for c in cited}.values()])


def _best_reason(reasons: list[str], intro: SearchResult, metric: str, state: str | None) -> str:
    """The card's 'when to use' line (else its opening sentence) closest to the metric and state."""
    if not reasons:
        return _first_sentence(intro.text)
    wanted = set(lemmas(f"{metric} {_STATE_HINT.get(state or '', '')}"))
    return max(reasons, key=lambda r: (len(wanted & set(lemmas(r))), -reasons.index(r)))


def _test(meta: Metadata, metric: str) -> str:
    step = str(meta.get("first_step") or "").strip()
    start = f"{step.rstrip('.')}. " if step else ""
    return (f"{start}Then make the change on one small part of the work first, leave the rest as it is, "
            f"and record {metric} for both at each check-in.")


def _signal(metric: str, direction: Direction | None, tracked: TrackedKr | None) -> str:
    way = {"increase": "rising", "decrease": "falling"}.get(direction or "", "staying inside its limit"
                                                             if direction == "keep-within" else "moving")
    latest = tracked.history[-1] if tracked and tracked.history else None
    since = (f"from {latest.value:g} (last recorded {latest.date})" if latest
             else "from a starting value measured before the change (none recorded yet)")
    return f"{metric} {way} {since}, in the part of the work that changed compared with the rest."


def _rule(metric: str, direction: Direction | None, tracked: TrackedKr | None) -> str:
    target = tracked.facts.target if tracked else None
    towards = {"increase": "rises", "decrease": "falls"}.get(direction or "", "moves the intended way")
    goal = f" towards {target:g}" if target is not None and direction in _MOVE else ""
    return (f"Keep it if {metric} {towards}{goal} in the changed part by the end of the timebox; "
            f"scale it to the rest of the work if it moves clearly and nothing the team cares about "
            f"gets worse; stop it if {metric} stays flat or moves the wrong way.")


def _timebox(tracked: TrackedKr | None, today: dt.date) -> str:
    due = tracked.facts.due if tracked else None
    tail = f", and well before the due date {due}" if due and due > today else ""
    return f"Until the next two check-ins{tail}."


def _effort(meta: Metadata) -> str:
    get = meta.get
    level = _EFFORT.get(str(get("difficulty") or ""), "not stated")
    time, people = get("time"), get("people")
    detail = ", ".join(p for p in (f"time {time}" if time else "", f"people {people}" if people else "") if p)
    return f"{level}{f' ({detail})' if detail else ''}"


def _stance(meta: Metadata, rank: int, state: str | None) -> Stance:
    """do: written for this state and leading; try: a test worth running (a card written for the
    state, a card about experiment design, or one of the two closest matches); consider: the rest."""
    get = meta.get
    fits = bool(state) and str(state) in str(get("kr_states") or "").split(", ")
    testing = "experiment-design" in str(get("topics") or "")
    if fits and rank == 0:
        return "do"
    return "try" if fits or testing or rank < 2 else "consider"


def _clause(text: str) -> str:
    return _lower_first(text.strip().rstrip(".!?").strip('"'))


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("WIP limits", "KR")."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first[1:2].isupper() else text[:1].lower() + text[1:]


def _first_sentence(text: str) -> str:
    body = text.split("\n", 1)[-1] if "›" in text.split("\n", 1)[0] else text
    return re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0][:300]
