"""What every lint rule shares: the finding type, where a key result sits, the rewrite that
invents nothing, and reading a key result's wording with the parser (coach/nlp.py).

Split from `lint.py` so the form rules there and the meaning rules in `lint_meaning.py` share
one vocabulary without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal, get_args

from coach.cards import LintRule
from coach.nlp import parse
from coach.okr import Direction, KeyResult

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class LintFinding:
    """One problem with an objective or key result, explained, with a concrete next step."""

    rule: LintRule
    severity: Severity
    objective_id: str
    kr_id: str | None
    message: str
    suggestion: str


@dataclass(frozen=True)
class KeyResultContext:
    """Where a key result sits, the cycle end a rewrite may propose as its date, and the
    cycle's first day when it is known (for due dates outside the cycle)."""

    objective_id: str
    kr_id: str
    cycle_end: date | None = None
    cycle_start: date | None = None


_NOT_WARNINGS: dict[LintRule, Severity] = {
    "missing_metric": "error", "target_tied_to_pay": "error", "maintain_wording": "info",
    "direction_contradicts_numbers": "error", "missing_owner": "info"}
SEVERITY: dict[LintRule, Severity] = {rule: _NOT_WARNINGS.get(rule, "warning")
                                     for rule in get_args(LintRule)}


def words(*patterns: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive alternation of the given regex fragments."""
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


# Verbs whose subject is the change itself ("churn falls", "raise NPS"): outcome wording.
CHANGE_LEMMAS = frozenset({
    "increase", "decrease", "raise", "reduce", "grow", "cut", "lift", "improve", "keep", "lower",
    "boost", "rise", "double", "halve", "shrink", "drop", "fall", "decline", "climb", "shorten",
    "speed", "accelerate", "expand", "minimise", "minimize", "maximise", "maximize", "eliminate",
    "triple", "narrow", "widen", "slash", "tighten"})
# Verbs that state a level to be at rather than work to do ("reach 40", "have 95% staffed").
STATE_LEMMAS = frozenset({
    "be", "have", "get", "make", "reach", "hit", "achieve", "attain", "exceed", "see", "stay",
    "remain", "maintain", "sustain", "hold", "run", "operate", "serve", "score", "land", "win",
    "retain", "return", "resolve", "answer", "close", "convert", "save", "earn", "generate"})


def _leading_verb(text: str) -> str | None:
    """The verb a key result opens with, read as an instruction ("Onboard 3 carriers"), or None.

    The small English model often tags a sentence-initial imperative as an adjective or a name,
    so the first word is also parsed after "you must" and after "they": it counts as a verb
    when the "you must" reading is a verb and either the "they" reading or the plain one agrees.
    >>> _leading_verb("Complete GDPR training for all staff"), _leading_verb("Weekly repair huddles held")
    ('complete', None)
    """
    plain = parse(text)
    if not len(plain) or not plain[0].is_alpha or plain[0].dep_ in _SUBJECT or _reports_a_deed(plain) \
            or (plain[0].tag_ == "VBG" and plain[0].dep_ in ("compound", "amod")):  # "Waiting times fell"
        return None
    rest = text[0].lower() + text[1:]
    must, they = parse(f"you must {rest}")[2], parse(f"they {rest}")[1]
    if must.pos_ == "VERB" and (they.pos_ == "VERB" or plain[0].pos_ in ("VERB", "PROPN")):
        return must.lemma_.lower()
    return None


def _reports_a_deed(doc: Doc) -> bool:
    """"Weekly repair huddles held": a later verb with its own subject, so the first word
    ("Weekly") is no instruction, however the "you must" reading tags it."""
    return any(t.dep_ == "ROOT" and t.i > 0 and t.pos_ == "VERB" and any(c.dep_ in _SUBJECT for c in t.children)
               for t in doc)


# An instruction has no subject: a first word the parser reads as one is a noun ("Bonus for...").
_SUBJECT = ("nsubj", "nsubjpass")
# Verbs of doing that count as work when their object is a plural count of things ("Run 4
# evenings", "Make 60 calls", "Hold weekly circles"), and as a level otherwise ("Run the
# checkout without errors", "Hold churn below 3%").
_DOING = frozenset({"run", "make", "hold", "host", "conduct", "do"})


def _counts_things(text: str) -> bool:
    doc = parse(f"you must {text[0].lower() + text[1:]}")
    verb = doc[2]
    return any(child.dep_ == "dobj" and child.tag_ == "NNS" for child in verb.children)


# Words after "keep X" that say at what level X should stay ("high", "below 3%", "down").
_LEVEL = ("oprd", "acomp", "prep", "prt", "advmod", "npadvmod")


def kept_things(text: str) -> str | None:
    """The people or things a key result asks to keep in the sense of not losing them, or None.

    "Keep the customers we sign" and "Keep our best people" ask for retention, an outcome;
    "Keep NPS high", "Keep churn below 3%" and "Maintain NPS" ask to hold a measure where it is.
    Read with the parser: "keep" is the instruction, its direct object a plural common noun
    (a name such as "NPS" is a measure), and nothing after it says at what level. The caller
    still rules out objects that name a measure ("Keep response times").
    >>> kept_things("Keep the customers we sign"), kept_things("Keep NPS high")
    ('the customers', None)
    """
    if not text.strip():
        return None
    verb = parse(f"you must {text[0].lower() + text[1:]}")[2]
    if verb.lemma_.lower() != "keep" or any(c.dep_ in _LEVEL for c in verb.children):
        return None
    kept = [c for c in verb.children if c.dep_ == "dobj" and c.tag_ == "NNS"]
    return " ".join(t.text for t in kept[0].subtree) if kept else None


_DATES = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\b(?:19|20)\d{2}\b")
_COMPLETE = re.compile(r"\b100\s?%|\ball\b", re.IGNORECASE)


def without_dates(text: str) -> str:
    """The text with its dates and years removed, so "by 2026-11-30" counts as no quantity."""
    return _DATES.sub(" ", text)


def _has_number(text: str) -> bool:
    return bool(re.search(r"\d|%", without_dates(text)))


def work_phrase(text: str) -> str | None:
    """The words naming work to do rather than a change to see, found with the parser, or None.

    Two shapes: an instruction whose verb is neither a change nor a level to reach
    ("Recruit 20 new volunteers", "Audit every supplier contract"), and a done-deed whose
    participle has no number to score ("Weekly retros held", "New rota published").
    Outcome wording passes: "Customer satisfaction rises to 4.5", "Reduce waits from 40 to 25
    minutes", "90% of tickets resolved within 8 hours", "Run the checkout without errors".
    """
    verb = _leading_verb(text)
    if verb is not None:
        if verb in CHANGE_LEMMAS or (verb in STATE_LEMMAS and not (verb in _DOING and _counts_things(text))):
            return None
        return text.split()[0]
    if _has_number(_COMPLETE.sub("", text)):  # "100% of X updated" counts work done, not a change
        return None
    for token in parse(text):
        lemma = token.lemma_.lower()
        if lemma in CHANGE_LEMMAS:
            continue
        if (token.tag_ == "VBN" and token.dep_ in ("acl", "ROOT", "conj", "amod") and lemma not in STATE_LEMMAS) \
                or _deed(token):
            return token.text
    return None


def _deed(token: Token) -> bool:
    """A clause that ends in its past-tense verb with nothing to reach: "Weekly huddles held",
    "New rota published" (the small model tags either as a past tense). "Hold NPS above 40" has
    a level after the verb, so it is not a deed."""
    return token.dep_ == "ROOT" and token.tag_ in ("VBN", "VBD") \
        and any(c.dep_ in _SUBJECT for c in token.children) \
        and not any(c.dep_ in _COMPLEMENT for c in token.children)


_COMPLEMENT = ("dobj", "attr", "acomp", "prep", "oprd", "xcomp", "ccomp", "advmod", "npadvmod")


def number_text(value: float, unit: str | None) -> str:
    """A value as the key result wrote it, with its unit."""
    shown = format(value, ".12g")  # 12 digits, so no value is rounded into a number nobody wrote
    return f"{shown}%" if unit in ("%", "percent") else f"{shown} {unit}" if unit else shown


Verb = Literal["Raise", "Reduce", "Keep"]
_VERBS: dict[Direction, Verb] = {"increase": "Raise", "decrease": "Reduce", "keep-within": "Keep"}
REDUCE_WORDS = words(r"reduc\w*", r"cut\w*", r"decreas\w*", r"lower\w*", r"fewer", r"less",
                     r"shorten\w*", r"fall\w*", r"halv\w*", r"minimi[sz]\w*")
_KEEP_WORDS = words(r"keep\w*", r"kept", r"maintain\w*", r"within")


def stated_direction(kr: KeyResult) -> Verb:
    """The direction field, else the wording's: Reduce, Keep, or Raise by default."""
    if kr.direction is not None:
        return _VERBS[kr.direction]
    if REDUCE_WORDS.search(kr.text):
        return "Reduce"
    return "Keep" if _KEEP_WORDS.search(kr.text) else "Raise"


def rewrite_key_result(kr: KeyResult, *, cycle_end: date | None = None) -> str:
    """A well-formed key result built only from what this one states: "<Raise|Reduce> <metric>
    from <baseline> to <target> by <date>" or "Keep <metric> within <target> (now <baseline>) by
    <date>", naming each missing part in words ("baseline unknown — measure it first").
    A metric that itself names work to do ("feature flags implemented") is left out, so the
    rewrite never brings back the activity a finding flagged.
    """
    # Missing parts are shown as bracketed gaps, so the rewrite reads as a template to fill.
    usable = kr.metric if kr.metric and work_phrase(kr.metric) is None else None
    metric = usable or "[the outcome this should change]"
    baseline = (number_text(kr.baseline, kr.unit) if kr.baseline is not None
                else "[baseline unknown — measure it first]")
    when = kr.due or cycle_end
    deadline = when.isoformat() if when else "[a date to agree]"
    verb = stated_direction(kr)
    if verb == "Keep":
        limit = number_text(kr.target, kr.unit) if kr.target is not None else "[a range to be agreed]"
        return f"Keep {metric} within {limit} (now {baseline}) by {deadline}"
    target = number_text(kr.target, kr.unit) if kr.target is not None else "[target to be agreed]"
    return f"{verb} {metric} from {baseline} to {target} by {deadline}"


def flag(rule: LintRule, kr: KeyResult, where: KeyResultContext, message: str,
         suggestion: str | None = None) -> LintFinding:
    """A key-result finding whose suggestion is, unless given, the rewrite of `kr`."""
    suggestion = suggestion or rewrite_key_result(kr, cycle_end=where.cycle_end)
    return LintFinding(rule, SEVERITY[rule], where.objective_id, where.kr_id, message, suggestion)
