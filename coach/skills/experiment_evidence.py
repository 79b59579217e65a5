"""The evidence behind an experiment's "because" (pure): the team's own material first, the card
second, and said honestly when the card is all there is.

The team's material is what it recorded about the key result: a learning from an earlier
experiment, the notes of its check-ins, the run of values it recorded, and a line of context in
the request. Each piece is cited (a check-in is cited as its own record). When the team has
recorded nothing on the key result, the hypothesis says that its reason is the card's, not the
team's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.nlp import lemmas
from coach.retrieval.search import SearchResult
from coach.ritual.hooks import TrackedKr, learning_sentence
from coach.ritual.state import CheckIn

CHECKIN_KIND = "checkin"
# Lemmas every note and card share that say nothing about the situation.
_PLAIN = frozenset({"team", "week", "time", "work", "get", "make", "go", "be", "have", "do", "one", "new"})


@dataclass(frozen=True)
class Evidence:
    """One clause of "because", with the record it is read from (None: the request itself)."""

    clause: str
    source: SearchResult | None = None


def checkin_records(tracked: TrackedKr | None) -> list[SearchResult]:
    """Each recorded check-in of the key result as a citable record (snapshots are cited as
    the files they came from, elsewhere), oldest first."""
    if tracked is None:
        return []
    return [_record(tracked, c) for c in tracked.history if c.source == "check-in"]


def _record(tracked: TrackedKr, checkin: CheckIn) -> SearchResult:
    kr = tracked.facts
    note = f' Note: "{checkin.note.strip()}"' if checkin.note else ""
    who = f" by {checkin.recorded_by}" if checkin.recorded_by else ""
    text = f"{kr.text}: {checkin.value:g} recorded on {checkin.date}{who}.{note}"
    meta: dict[str, str | int | float | bool] = {"kr_id": kr.id or "", "date": checkin.date.isoformat(),
                                                 "recorded_by": checkin.recorded_by}
    return SearchResult(f"checkin:{kr.id}:{checkin.date.isoformat()}", f"check-ins/{kr.id}",
                        f"Check-in of {checkin.date}", CHECKIN_KIND, text, 0.0, meta)


def team_evidence(card_text: str, *, metric: str, tracked: TrackedKr | None,
                  learnings: Sequence[SearchResult], context: str | None) -> list[Evidence]:
    """What the team's own material says that bears on this card: a learning, the check-in note
    closest to the card (else the latest), the run of recorded values, the request's context."""
    records = checkin_records(tracked)
    found = [Evidence(learning_sentence(chunk), chunk) for chunk in learnings[:1]]
    noted = [(r, c) for r, c in zip(records, _checkins(tracked), strict=True) if c.note]
    if noted:
        record, checkin = _closest(card_text, noted)
        found.append(Evidence(f'at the check-in of {checkin.date} the team noted "{_clause(checkin.note or "")}"',
                              record))
    if len(records) >= 2:
        values = ", ".join(f"{c.value:g}" for c in _checkins(tracked)[-3:])
        first, last = _checkins(tracked)[-3:][0], _checkins(tracked)[-1]
        found.append(Evidence(f"{metric} read {values} at the check-ins from {first.date} to {last.date}",
                              records[-1]))
    if context:
        found.append(Evidence(f'the team notes "{_lower_first(_clause(context))}"'))
    return found


def _checkins(tracked: TrackedKr | None) -> list[CheckIn]:
    return [c for c in tracked.history if c.source == "check-in"] if tracked else []


def _closest(card_text: str, noted: list[tuple[SearchResult, CheckIn]]) -> tuple[SearchResult, CheckIn]:
    """The note sharing the most content words with the card; the latest on a tie."""
    card = set(lemmas(card_text)) - _PLAIN
    return max(enumerate(noted), key=lambda p: (len(card & set(lemmas(p[1][1].note or ""))), p[0]))[1]


def _lower_first(text: str) -> str:
    """Lower-case the first letter inside a quote, unless the first word is an acronym ("KR")."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first[1:2].isupper() else text[:1].lower() + text[1:]


def _clause(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first.rstrip(" .!?").strip('"')[:240]
