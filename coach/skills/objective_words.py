"""The objective's words as the measure shapes need them: who it is about, the outcome's verbs
as participles ("discharge" → "discharged") and gerunds, what comes after its own subject, the
unit of time it names. Read with spaCy (`coach.nlp`), not hand-made stemming."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.nlp import parse
from coach.skills.objective import GOAL_VERBS, ObjectiveReading

# Past participles the "+ed" rule gets wrong.
_IRREGULAR = {"lose": "lost", "get": "got", "make": "made", "pay": "paid", "send": "sent", "give": "given",
              "take": "taken", "do": "done", "see": "seen", "keep": "kept", "build": "built",
              "find": "found", "hold": "held", "meet": "met", "run": "run", "sell": "sold",
              "teach": "taught", "write": "written", "bring": "brought", "buy": "bought",
              "put": "put", "set": "set", "cut": "cut", "feed": "fed", "lead": "led", "win": "won"}
PEOPLE = frozenset({"resident", "patient", "student", "customer", "guest", "volunteer", "donor", "staff",
                     "starter", "user", "client", "learner", "pupil", "employee", "colleague", "applicant",
                     "tenant", "member", "visitor", "family", "parent", "candidate", "agent", "nurse",
                     "driver", "people", "person", "supporter", "traveller", "diner", "caller", "buyer",
                     "citizen", "hire", "joiner", "manager", "worker", "teacher", "partner", "supplier",
                     "engineer", "developer", "seller", "officer", "carer", "advisor", "adviser", "trainee"})


# "Raise money from donors": the verb names a change in the object, which is the measure itself.
CHANGE_VERBS = {"raise": "increase", "increase": "increase", "grow": "increase", "boost": "increase",
                 "improve": "increase", "lift": "increase", "double": "increase", "reduce": "decrease",
                 "cut": "decrease", "lower": "decrease", "decrease": "decrease", "halve": "decrease",
                 "shrink": "decrease", "minimise": "decrease", "minimize": "decrease"}


# Verbs that frame the outcome rather than name it: "Show funders that sessions change lives" is
# not measured as "sessions showed".
_FRAMING = GOAL_VERBS | {"show", "prove", "demonstrate"}
# Minutes for a rescue, weeks for a planning decision: without a unit in the objective, the
# team chooses it rather than the composer guessing "days".
ANY_UNIT = "minutes, hours or days (agree which)"
_UNIT = re.compile(r"(?<![\w-])(minute|hour|day|week|month)s?(?![\w-])", re.IGNORECASE)  # not "last-minute"


def _time_unit(objective: str) -> str:
    """"Settle claims within days" → "days"; no unit named → `ANY_UNIT`. ("Every month" is a
    cadence, not how long something takes.)"""
    found = [m for m in _UNIT.finditer(objective) if not re.search(r"(?:every|each|per|a)\s+$",
                                                                    objective[:m.start()], re.IGNORECASE)]
    return f"{found[0].group(1).lower()}s" if found else ANY_UNIT


@dataclass(frozen=True)
class Work:
    """What the team does to a group of things or people: "fire crews reach rural calls" → the
    calls are what a share or a time is counted over, not the crews."""

    things: str     # "rural calls"
    done: str       # "reached"
    to_do: str      # "reach rural calls" (the verb in its base form)
    people: bool    # "urgent patients": people, who come back rather than get redone


@dataclass(frozen=True)
class ObjectiveWords:
    """The objective's words for composing measure shapes."""

    subject: str          # "patients", "residents applying for a permit", "cases"
    outcome: str          # "discharge patients"
    done: str | None      # "discharged" (the outcome's verb as a participle), None without a verb
    doing: str | None     # "discharging patients"
    predicate: str | None  # "get a decision", "are productive": the outcome after its own subject
    qualifier: str        # "before noon", "right first time", or ""
    people: bool          # the subject is people, so asking them how it felt makes sense
    plural: bool          # "orders", "patients": countable, so shares and counts read well
    generic: bool         # the verb only frames the outcome ("get", "help", "show"): no participle
    time_unit: str = ANY_UNIT  # the unit of time the objective names ("within days"), else left to agree
    work: Work | None = None  # the subject acts on a plural object, which is what gets counted

    @classmethod
    def of(cls, reading: ObjectiveReading) -> ObjectiveWords:
        subject = reading.subject or "cases"
        # The phrase's own head ("festival volunteers" → volunteers), not its first noun.
        nouns = [t for t in parse(subject) if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "ROOT"] \
            or [t for t in parse(subject) if t.pos_ in ("NOUN", "PROPN")]
        head = nouns[0].lemma_.lower() if nouns else ""
        plural = (bool(nouns) and nouns[0].tag_ in ("NNS", "NNPS")) or head in ("people", "staff")
        outcome = _first_clause(reading.outcome)
        verbs, rest = _leading_verbs(outcome, reading.text)
        predicate = None
        if not verbs:  # "Our new beekeepers get…", "More of our singers come…": after the subject
            outcome = _OUTCOME_LEAD.sub("", outcome)
        if not verbs and outcome.lower().startswith(subject.lower() + " "):
            predicate = outcome[len(subject):].strip()
            after = [t for t in parse(outcome) if t.idx >= len(subject)]
            # "ship" after a plural subject is a verb, though the small model may tag it a noun.
            verb = (after and after[0].pos_ in ("VERB", "AUX")) or parse(f"they {predicate}")[1].pos_ in ("VERB", "AUX")
            predicate = predicate if verb else f"are {predicate}"
            first = parse(f"they {predicate}")[1]
            if first.tag_ == "VBG":  # "Keep visitors coming back": the visitors who come back
                predicate = f"{first.lemma_.lower()}{predicate[len(first.text):]}"
        doing = " and ".join(_ing(v) for v in verbs) + (f" {rest}" if rest else "") if verbs else None
        return cls(subject=subject, outcome=outcome,
                   done=" and ".join(_pp(v) for v in verbs) or None, doing=doing,
                   predicate=predicate, qualifier=reading.qualifiers[0] if reading.qualifiers else "",
                   people=head in PEOPLE, plural=plural, generic=bool(verbs) and verbs[0] in _FRAMING,
                   time_unit=_time_unit(reading.text), work=_work(predicate) if predicate else None)


# Verbs that name no work done to the object: "residents get a decision" is about the residents.
_NO_WORK = frozenset({"be", "have", "get", "make", "become", "help", "ensure", "achieve", "enable", "feel",
                      "show", "prove", "demonstrate", *CHANGE_VERBS})


_GROUPS = frozenset({"staff", "people", "personnel"})  # one noun, many people ("a team" is one team)


def _work(predicate: str) -> Work | None:
    """"sees urgent patients" → Work("urgent patients", "seen", "see urgent patients"); None unless
    the predicate opens with a verb that is not a framing one and has a plural direct object."""
    doc = parse(f"they {predicate}")
    verb = doc[1] if len(doc) > 2 else None
    if verb is None or verb.pos_ != "VERB" or verb.lemma_.lower() in _NO_WORK:
        return None
    thing = next((c for c in verb.children if c.dep_ == "dobj"
                  and (c.tag_ in ("NNS", "NNPS") or c.lemma_.lower() in _GROUPS)), None)
    if thing is None:
        return None
    # The things themselves, without what is said of them after ("repairs | in one call",
    # "patients | between wards"): that part belongs to how they are done.
    said_after = [c for c in thing.children if c.i > thing.i and c.dep_ in ("prep", "relcl", "acl")]
    end = min((min(t.i for t in c.subtree) for c in said_after), default=max(t.i for t in thing.subtree) + 1)
    span = doc[min(t.i for t in thing.subtree):end]
    things = LEADING_WORDS.sub("", span.text).strip()
    after = doc[span.end:].text.strip()
    done = _pp(verb.lemma_.lower()) + (f" {after}" if after else "")
    return Work(things, done, doc[1:].text.replace(verb.text, verb.lemma_.lower(), 1),
                thing.lemma_.lower() in PEOPLE)


_OUTCOME_LEAD = re.compile(r"^(?:(?:more|most|many|some|all|fewer|half)\s+of\s+)?(?:(?:our|their|the)\s+)+",
                           re.IGNORECASE)


def _first_clause(outcome: str) -> str:
    """The first of two joined outcomes: "fix leaks and lose less water" → "fix leaks" (one
    measure names one change); verbs sharing an object stay together ("pick and pack orders")."""
    doc = parse(outcome)
    for token in doc[2:]:
        joined = doc[token.i - 1].lower_ in ("and", "or")
        has_object = any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in doc[1:token.i - 1])
        if joined and has_object and token.pos_ in ("VERB", "AUX") and token.dep_ == "conj":
            return doc[:token.i - 1].text
    return outcome


LEADING_WORDS = re.compile(r"^(?:(?:more|fewer|the|our|their|all|every)\s+)+", re.IGNORECASE)


def _leading_verbs(outcome: str, objective: str) -> tuple[list[str], str]:
    """(lemmas of the verbs the outcome starts with, the words after them): "pick and pack
    orders" → (["pick", "pack"], "orders"). A first word counts as a verb when the outcome's own
    parse, or the whole objective's ("Discharge patients safely"), reads it as one."""
    alone = parse(outcome)
    leads = objective.lower().split()[:1] == outcome.lower().split()[:1]  # imperative position: "Discharge patients…"
    # "Council tax bills are right": a later verb with its own subject, so no imperative opens it.
    has_subject = any(t.dep_ == "ROOT" and t.i > 0 and t.pos_ in ("VERB", "AUX")
                      and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) for t in alone)
    first_is_verb = bool(len(alone)) and not has_subject and (alone[0].pos_ == "VERB" or (
        leads and parse(f"to {outcome}")[1].pos_ == "VERB"))
    if not first_is_verb or alone[0].lemma_.lower() in CHANGE_VERBS:
        return [], outcome
    verbs, end = [alone[0].lemma_.lower()], 1
    while end + 1 < len(alone) and alone[end].lower_ in ("and", "or") \
            and (alone[end + 1].pos_ == "VERB" or alone[end + 1].dep_ == "conj"):
        verbs.append(alone[end + 1].lemma_.lower())
        end += 2
    return verbs, alone[end:].text


def _pp(lemma: str) -> str:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _ing(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith("ee"):
        return lemma[:-1] + "ing"
    return lemma + "ing"
