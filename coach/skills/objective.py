"""Reading an objective with spaCy: who it is about, what should change, how, and by when.

"Discharge patients safely before noon" → subject "patients", outcome "discharge patients",
qualifiers ("safely", "before noon"). "Residents applying for a permit get a decision
quickly" → subject "residents applying for a permit", qualifiers ("quickly",).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.nlp import lemmas, parse

if TYPE_CHECKING:
    from spacy.tokens import Token

# Words that state the ambition rather than the outcome ("make", "improve"): dropped from the
# front of the outcome so measure names read "time to discharge patients", not "time to make…".
GOAL_VERBS = frozenset({"make", "improve", "ensure", "help", "get", "increase", "boost", "raise",
                        "grow", "drive", "deliver", "achieve", "enable", "build", "create", "become",
                        "keep", "stop", "reduce", "cut", "lower", "strengthen", "support", "give"})
# Qualifier phrases and the measure shape each one asks for.
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "safety": ("safely", "safe", "safer", "without harm", "without injury", "without incident"),
    "timeliness": ("on time", "in time", "on schedule", "before noon", "same day", "by the deadline",
                   "without delay", "promptly"),
    "speed": ("quickly", "quick", "quicker", "faster", "fast", "sooner", "rapidly", "speed up"),
    "right-first-time": ("right first time", "first time", "without errors", "accurately", "accurate",
                         "error-free", "without mistakes", "correctly"),
    "predictability": ("without surprises", "no surprises", "predictable", "predictably", "reliably",
                       "consistently", "dependable"),
    "experience": ("happier", "satisfied", "with dignity", "kindly", "welcoming", "feel", "enjoy",
                   "confident", "trust"),
    "cost": ("cheaper", "at lower cost", "less waste", "efficiently", "within budget"),
    "equity": ("fairly", "fairer", "equally", "for everyone", "inclusive", "accessible"),
}
_TIMEFRAME = re.compile(
    r"\b(?:by|before|within|in|during|until|this|next|end of)\s+(?:the\s+)?(?:end\s+of\s+)?"
    r"(?:(?:q[1-4]|h[12])(?:\s*\d{4})?|\d{4}-\d{2}(?:-\d{2})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*(?:\s+\d{4})?|\d+\s+(?:days?|weeks?|months?)|(?:quarter|year|month|term|semester|season|"
    r"cycle|summer|winter|spring|autumn)(?:\s+\d{4})?)\b", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:the|our|their|its|his|her|my|your|a|an|more|fewer|less|all|every)\s+)+",
                      re.IGNORECASE)
_PRONOUNS = frozenset({"we", "us", "our", "i", "you", "they", "it", "team", "everyone"})


@dataclass(frozen=True)
class ObjectiveReading:
    """What the objective says, in its own words."""

    text: str
    lemmas: frozenset[str]
    subject: str | None
    outcome: str
    qualifiers: tuple[str, ...]
    aims: tuple[str, ...]
    timeframe: str | None
    # What the objective rules out ("without our vets working late"): a guardrail to watch,
    # not part of the outcome to measure.
    constraint: str | None = None


# A period word after "in" is not a timeframe ("pupils in Year 2"); "in 6 weeks", "in Q3" are.
_NOT_A_TIMEFRAME = re.compile(r"^in\s+(?:quarter|year|month|term|semester|season|cycle|summer|winter|spring|"
                              r"autumn)$", re.IGNORECASE)
_WITHOUT = re.compile(r"\s*,?\s*\bwithout\b\s+([^,;]+)", re.IGNORECASE)


_CADENCE = re.compile(r"\s*(?:\b(?:at|by)\s+the\s+(?:end|start|close)\s+of\s+)?\b(?:every|each)\s+(?:single\s+)?"
                      r"(?:day|week|month|year|quarter|shift|time)\b",
                      re.IGNORECASE)
_EVERYONE = frozenset({"everyone", "everybody"})


def _everyone(text: str) -> str:
    """"Everyone is paid correctly" → "people are paid correctly": the people the objective is
    about, so measures read "Share of people who are paid…"."""
    doc = parse(text)
    if not len(doc) or doc[0].lower_ not in _EVERYONE:
        return text
    words = ["people", *(t.text_with_ws for t in doc[1:])]
    verb = next((t for t in doc[1:] if t.tag_ == "VBZ"), None)
    if verb is not None:
        plural = {"be": "are", "have": "have", "do": "do"}.get(verb.lemma_, verb.lemma_)
        words[verb.i] = plural + verb.whitespace_
    return words[0] + " " + "".join(words[1:]).strip()


def _timeframe(text: str) -> re.Match[str] | None:
    return next((m for m in _TIMEFRAME.finditer(text) if not _NOT_A_TIMEFRAME.match(m.group(0))), None)


def read_objective(text: str) -> ObjectiveReading:
    """Parse an objective into subject, outcome, qualifiers (with the aim each names) and timeframe."""
    timeframe = _timeframe(text)
    core = (text[:timeframe.start()] + text[timeframe.end():]).strip(" ,.;") if timeframe else text.strip(" .")
    lowered = f" {core.lower()} "
    found = [(aim, phrase) for aim, phrases in QUALIFIERS.items() for phrase in phrases
             if re.search(rf"\b{re.escape(phrase)}\b", lowered)]
    phrases = list(dict.fromkeys(p for _, p in found))
    qualifiers = tuple(p for p in phrases if not any(p != q and p in q for q in phrases))
    plain = core
    # Adverbial qualifiers ("safely", "on time") come out of the outcome; words that carry the
    # outcome itself ("happier", "trust") stay in it.
    strip = [p for a, p in found if a not in ("experience", "equity") and p in qualifiers]
    for phrase in sorted(strip, key=len, reverse=True):  # with its article: "seen the same day"
        plain = re.sub(rf"\s*\b(?:(?:the|a|an)\s+)?{re.escape(phrase)}\b", "", plain, flags=re.IGNORECASE)
    rule_out = _WITHOUT.search(plain)
    constraint = rule_out.group(1).strip(" ,.;") if rule_out else None
    plain = _WITHOUT.sub("", plain) if rule_out else plain
    plain = _CADENCE.sub("", plain)  # "paid on time every month": how often, not what
    plain = re.sub(r"\s{2,}", " ", plain).strip(" ,.;")
    plain = re.sub(r"\s+(?:and|or|but)$", "", plain)
    plain = _everyone(plain)
    return ObjectiveReading(text=text, lemmas=frozenset(lemmas(text)), subject=_subject(plain or core),
                            outcome=_outcome(plain or core), qualifiers=qualifiers,
                            aims=tuple(dict.fromkeys(a for a, _ in found)),
                            timeframe=timeframe.group(0) if timeframe else None,
                            constraint=f"without {constraint}" if constraint else None)


def _subject(text: str) -> str | None:
    """The people or things the objective is about: a non-pronoun subject, else the object.
    "More of our singers come…" is about the singers; "Release hedgehogs back into the wild" is
    about hedgehogs (an adverb after a noun says where, not which)."""
    doc = parse(text)
    for dep in ("nsubj", "nsubjpass", "dobj", "pobj"):
        for token in doc:
            if token.dep_ != dep:
                continue
            token = _of_whom(token)
            if token.pos_ in ("NOUN", "PROPN") and token.lower_ not in _PRONOUNS:
                cut = [c for c in token.children if c.i > token.i and (
                    c.dep_ == "advmod" or (c.dep_ == "prep" and _says_when(c)))]
                end = min([c.i for c in cut], default=max(t.i for t in token.subtree) + 1)
                phrase = doc[min(t.i for t in token.subtree):end].text
                phrase = _LEADING.sub("", phrase).strip(" ,.;")
                return phrase[:1].lower() + phrase[1:] if phrase and not phrase[:2].isupper() else phrase
    nouns = [t for t in doc if t.pos_ == "NOUN" and t.tag_ == "NNS"]  # "Discharge patients": the plural
    return nouns[-1].text.lower() if nouns else None


_TIME_NOUNS = frozenset({"minute", "hour", "day", "week", "month", "year", "night", "morning", "evening"})


def _says_when(prep: Token) -> bool:
    """"claims within days", "calls at night": a phrase of time after a noun says when, not which."""
    return any(t.lemma_.lower() in _TIME_NOUNS for t in prep.subtree)


_QUANTIFIERS = frozenset({"more", "most", "many", "some", "all", "few", "fewer", "none", "half", "each"})


def _of_whom(token: Token) -> Token:
    """"More of our singers" → "singers": a quantifier's "of" noun is who the objective is about."""
    if token.lower_ not in _QUANTIFIERS:
        return token
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), token) if of is not None else token


def _outcome(text: str) -> str:
    """The objective without a leading ambition verb that only frames the outcome ("Make deploys
    boring" → "deploys boring", "Help students stay" → "students stay"); a verb that is the
    outcome stays ("Raise money from donors")."""
    doc = parse(text)
    words = text.split()
    # "Help X do Y" always frames Y, even where the small model reads Y as a noun ("ship").
    framing = len(doc) > 2 and doc[0].lower_ in GOAL_VERBS \
        and (doc[0].lower_ == "help" or any(c.dep_ in ("ccomp", "xcomp", "acomp", "oprd") for c in doc[0].children))
    if framing:
        words = words[1:]
        if words[0].lower() in ("sure", "that", "it"):
            words = words[1:]
    phrase = " ".join(words)
    return phrase[:1].lower() + phrase[1:] if not re.match(r"^[A-Z]{2}", phrase) else phrase
