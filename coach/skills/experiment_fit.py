"""Which practice cards can carry an experiment for a key result, whatever the kind of team (pure).

A key result measures either how the work flows (how long it takes, how often it goes wrong) or
what people choose to do (sign up, give, complete, buy, come back). A change to the flow of work
is tested with the flow cards (map the stream, limit work in progress, review cycle time); a
change in what people choose is tested by learning from those people (interviews, a fake door,
an opportunity tree). Cards about testing itself (a riskiest assumption, a hypothesis canvas,
an A/B comparison) fit both. The kind is read from the key result's own words:

- flow: "Cut discharge wait from 6 to 3 hours", "Close the books in 5 working days",
  "Reduce mis-picks per 1000 orders", "Lower scrap on line 3";
- choice: "Raise monthly donors from 1200 to 1500", "Increase course completion rate",
  "Increase the win rate on qualified opportunities", "Grow trial-to-paid conversion";
- both or neither ("Increase week-1 activation rate", "Reduce patient falls"): every card
  about testing a change stays in, as before.
"""

from __future__ import annotations

from typing import Literal

from coach.nlp import lemmas
from coach.retrieval.search import SearchResult

MeasureKind = Literal["flow", "choice", "mixed"]

# Lemmas that say a measure is about time or mistakes in the work itself.
FLOW_WORDS = frozenset({
    "time", "wait", "waiting", "hour", "day", "minute", "turnaround", "backlog", "queue", "delay",
    "late", "lateness", "overdue", "response", "lead", "throughput", "close", "cycle", "speed",
    "error", "defect", "scrap", "rework", "mistake", "fault", "waste", "mis"})
# Lemmas that say a measure counts what people choose to do.
CHOICE_WORDS = frozenset({
    "donor", "donation", "give", "sign", "signup", "register", "registration", "enrol", "enrolment",
    "completion", "conversion", "convert", "renewal", "renew", "retention", "retain", "win",
    "adoption", "adopt", "attendance", "attend", "subscriber", "subscription", "satisfaction",
    "score", "rating", "nps", "volunteer", "purchase", "buy", "booking", "usage", "engagement",
    "referral", "upgrade", "activation", "active", "loyalty", "uptake", "join"})
# Lemmas in a card's summary that say it studies people's choices (customers, users, people).
PEOPLE_WORDS = frozenset({"customer", "user", "people", "someone", "product", "client", "audience"})


def measure_kind(key_result: str, context: str | None = None) -> MeasureKind:
    """flow, choice, or mixed (both or neither), from the key result's own words; where those
    leave it open, from what the team says is going on ("linen arrives late", "nobody has
    asked the ones who left")."""
    kind = _kind_of(key_result)
    return _kind_of(context) if kind == "mixed" and context else kind


def _kind_of(text: str) -> MeasureKind:
    words = set(lemmas(text.replace("-", " ")))
    flow, choice = bool(words & FLOW_WORDS), bool(words & CHOICE_WORDS)
    if flow == choice:
        return "mixed"
    return "flow" if flow else "choice"


def card_family(card: SearchResult) -> Literal["flow", "people", "testing"]:
    """flow: a card about how work moves through delivery and not about testing; people: a card
    whose summary is about learning from customers or users; testing: the rest."""
    meta = card.metadata
    topics = set(str(meta.get("topics", "")).split(", "))
    if {"flow", "delivery"} <= topics and "experiment-design" not in topics:
        return "flow"
    summary = str(meta.get("summary") or "")
    return "people" if set(lemmas(summary)) & PEOPLE_WORDS else "testing"


def fits(card: SearchResult, kind: MeasureKind) -> bool:
    """A flow card for a measure of choices, or a people card for a measure of flow, does not fit."""
    family = card_family(card)
    return not ((kind == "choice" and family == "flow") or (kind == "flow" and family == "people"))
