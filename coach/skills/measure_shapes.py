"""Measure shapes in the objective's own words, for when no catalogue pattern fits closely.

Five shapes (time to, share of, count of, rate of, satisfaction), ordered by what the
objective's qualifiers ask for ("safely" → count of harm first, "on time" → share on time
first), each with a counter-metric. No numbers: baselines and targets stay for the team.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from coach.nlp import parse
from coach.skills.objective import QUALIFIERS, ObjectiveReading
from coach.skills.objective_words import CHANGE_VERBS, LEADING_WORDS, PEOPLE, ObjectiveWords, Work

Shape = Literal["time-to", "share-of", "count-of", "rate-of", "satisfaction"]
Direction = Literal["increase", "decrease", "keep-within"]

ORDER: dict[str, tuple[Shape, ...]] = {
    "safety": ("count-of", "share-of", "rate-of", "time-to", "satisfaction"),
    "timeliness": ("share-of", "time-to", "count-of", "satisfaction", "rate-of"),
    "speed": ("time-to", "share-of", "satisfaction", "count-of", "rate-of"),
    "right-first-time": ("share-of", "count-of", "time-to", "satisfaction", "rate-of"),
    "predictability": ("count-of", "share-of", "time-to", "satisfaction", "rate-of"),
    "experience": ("satisfaction", "share-of", "count-of", "time-to", "rate-of"),
    "": ("share-of", "time-to", "satisfaction", "count-of", "rate-of"),
}


@dataclass(frozen=True)
class MeasureShape:
    """One way to measure the objective, named in its own words."""

    shape: Shape
    metric: str
    unit: str
    direction: Direction
    kind: Literal["leading", "lagging"]
    counter_metric: str
    how_to_measure: str


def compose_shapes(reading: ObjectiveReading, limit: int = 5) -> list[MeasureShape]:
    """Up to `limit` shapes, in the order the objective's first aim suggests."""
    order = ORDER.get(reading.aims[0] if reading.aims else "", ORDER[""])
    # "Time to fill seats" means nothing unless the objective cares about time.
    if not {"speed", "timeliness"} & set(reading.aims):
        order = tuple(shape for shape in order if shape != "time-to")
    words, aim = ObjectiveWords.of(reading), reading.aims[0] if reading.aims else ""
    problem = _problem_clause(reading.text)
    if problem is not None:
        return _guarded(_avoid(problem, words)[:limit], reading.constraint)
    direct = _conversion(reading) or _the_object_itself(reading)
    if direct is not None:
        return _guarded([direct, *(s for s in [_satisfaction(words)] if s)][:limit], reading.constraint)
    if reading.aims:  # the objective says what matters (safety, speed, accuracy…), not volume
        order = tuple(shape for shape in order if shape != "rate-of")
    built = [_count_of(words, aim) if shape == "count-of" else _SHAPES[shape](words) for shape in order]
    return _guarded([shape for shape in built if shape is not None][:limit], reading.constraint)


def _guarded(shapes: list[MeasureShape], constraint: str | None) -> list[MeasureShape]:
    """What the objective rules out ("without our vets working late") becomes the first idea's
    counter-metric: the guardrail the team itself named."""
    if not shapes or not constraint:
        return shapes
    first = shapes[0]
    counter = f"Track what the objective rules out ({constraint}) alongside, so the gain does not come from it"
    return [MeasureShape(first.shape, first.metric, first.unit, first.direction, first.kind, counter,
                         first.how_to_measure), *shapes[1:]]


# "No guest waits…", "Fewer students drop out…", "Stop losing candidates…": the objective names
# something to make rarer, so the measures count it.
_NEGATED = re.compile(r"^(?:no|nobody|no one|fewer|never|zero|stop|less)\b\s*|\bstop(?=\s+\w+ing\b)\s*",
                      re.IGNORECASE)
_SOMEONE = {"no": "a", "nobody": "someone", "no one": "someone", "fewer": "", "never": "", "zero": "",
            "stop": "", "less": ""}


def _problem_clause(objective: str) -> str | None:
    """The thing to make rarer, as a clause: "No guest waits in the lobby" → "a guest waits in the
    lobby"; None when the objective is not phrased as something to stop."""
    text = objective.strip().rstrip(".")
    found = _NEGATED.search(text)
    if not found:
        return None
    marker = found.group(0).strip().lower()
    clause = (text[:found.start()] + text[found.end():]).strip()
    lead = _SOMEONE.get(marker, "")
    clause = f"{lead} {clause}".strip()
    return clause[:1].lower() + clause[1:] if len(clause.split()) > 1 else None


def _avoid(problem: str, w: ObjectiveWords) -> list[MeasureShape]:
    gerund = any(word.endswith("ing") for word in problem.split()[:2])
    cases = f"Cases of {problem}" if gerund else f"Cases where {problem}"
    shapes: list[MeasureShape] = [
        MeasureShape("count-of", cases, "per month", "decrease", "lagging",
                     "How many are reported and how much work was done in the period, so the count does not "
                     "fall because fewer are reported or less was done",
                     "Each case logged with its date and what happened, counted monthly; read the notes as well "
                     "as the count."),
    ]
    split = None if gerund else _subject_and_rest(problem)
    if split is not None:  # "residents fall at night" → of the residents, how many fall at night
        subject, rest, people = split
        shapes.append(MeasureShape(
            "share-of", f"Share of {subject} {'who' if people else 'that'} {rest}", "%", "decrease", "leading",
            f"Number of {subject} in the period, so the share does not fall because the hardest are left out",
            f"Of the {subject} in the period, how many {rest}, from the team's own records, with the "
            "definition written down before the first count."))
    elif not gerund:  # "a guest waits in the lobby": no group named, so the share is of all cases
        shapes.append(MeasureShape(
            "share-of", f"Share of all cases where {problem}", "%", "decrease", "leading",
            "How the share is recorded, so cases are not quietly reclassified to lower it",
            "Cases with the problem over all cases in the period, from the team's own records."))
    satisfaction = _satisfaction(w)
    return shapes + ([satisfaction] if satisfaction else [])


def _subject_and_rest(clause: str) -> tuple[str, str, bool] | None:
    """"invoices are paid late" → ("invoices", "are paid late", False); None unless the clause has
    a plural subject of its own (a share needs a group to be a share of). A bare plural opening a
    clause ("parcels arrive damaged") can be tagged a proper noun by the small model, so the clause
    is read again after "the", which it then does not keep."""
    for lead in ("", "the "):
        doc = parse(lead + clause)
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        subject = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None) if root else None
        if root is None or subject is None or subject.tag_ not in ("NNS", "NNPS") or root.pos_ not in ("VERB", "AUX"):
            continue
        end = max(t.i for t in subject.subtree) + 1
        rest = doc[end:].text.strip()
        if rest:
            return LEADING_WORDS.sub("", doc[:end].text).strip(), rest, subject.lemma_.lower() in PEOPLE
        return None
    return None


def _the_object_itself(reading: ObjectiveReading) -> MeasureShape | None:
    """"Raise more money from regular donors" → the measure "money from regular donors", increase."""
    doc = parse(reading.outcome)
    if not len(doc) or doc[0].lemma_.lower() not in CHANGE_VERBS:
        return None
    words = [t.text for t in doc[1:] if t.lower_ not in ("more", "fewer", "less", "the", "our", "their")]
    if not words:
        return None
    metric = " ".join(words)
    direction: Direction = "increase" if CHANGE_VERBS[doc[0].lemma_.lower()] == "increase" else "decrease"
    return MeasureShape(
        "rate-of", metric[:1].upper() + metric[1:], "per month", direction, "lagging",
        "A quality or cost measure of the same work, so the number does not move at the expense of what it stands for",
        "Counted the same way each month from the team's own records, with the definition written down first.")


# "Turn one-off donors into regular givers", "Convert trial users to paying customers": the
# measure is the share of the first group that becomes the second.
# "Move patients to the lounge" names a place, not a new group, so only these verbs count.
_CONVERT_VERBS = frozenset({"turn", "convert", "transform", "change"})


def _conversion(reading: ObjectiveReading) -> MeasureShape | None:
    """"Turn more one-off donors into regular givers" → "Share of one-off donors who become
    regular givers" (increase); None when the outcome is not "<verb> X into/to Y"."""
    doc = parse(reading.outcome)
    if not len(doc) or doc[0].lemma_.lower() not in _CONVERT_VERBS:
        return None
    joins = ("into", "to") if doc[0].lemma_.lower() == "convert" else ("into",)
    into = next((t for t in doc[1:] if t.lower_ in joins and t.head.i == 0), None)
    group = next((t for t in doc[0].children if t.dep_ == "dobj" and (into is None or t.i < into.i)), None)
    if into is None or group is None or into.i + 1 >= len(doc):
        return None
    start = min(t.i for t in group.subtree)
    source = LEADING_WORDS.sub("", doc[start:into.i].text).strip()
    target = doc[into.i + 1:].text.strip()
    if not source or not target:
        return None
    who = "who" if group.lemma_.lower() in PEOPLE else "that"
    return MeasureShape(
        "share-of", f"Share of {source} {who} become {target}", "%", "increase", "lagging",
        f"Number of {source} reached in total, so the share does not rise by counting only the likeliest",
        f"Of the {source} in a period, how many became {target} within an agreed window, counted the same "
        "way each month from the team's own records.")




def _who(w: ObjectiveWords) -> str:
    return "who" if w.people else "that"


def _time_to(w: ObjectiveWords) -> MeasureShape | None:
    """"Time to discharge patients", "Time until new starters are productive"."""
    if w.work:  # "Time to reach rural calls", counted over the calls
        return _time_to_work(w.work, w.time_unit)
    if w.done:
        metric = f"Time to {w.outcome}"
    elif w.predicate:
        metric = f"Time until {w.subject} {w.predicate}"
    else:
        return None
    # People are not "redone": for them the cost of haste is coming back for the same need.
    counter = (f"Share of {w.subject} who had to come back for the same need, so speed does not cost quality"
               if w.people else
               f"Share of {w.subject} that had to be redone, reopened or returned, so speed does not cost quality")
    return MeasureShape(
        "time-to", metric, w.time_unit, "decrease", "lagging", counter,
        f"Median time from the start of each case to the moment it is done, read from wherever {w.subject} "
        "are already recorded; report the slowest tenth too.")


# "Share of books closed faster" says nothing: a share needs a standard to meet, so a speed
# qualifier becomes the agreed time.
_SPEED = frozenset(QUALIFIERS["speed"])


def _share_of(w: ObjectiveWords) -> MeasureShape | None:
    quality = "within the agreed time" if w.qualifier in _SPEED else w.qualifier or "to the agreed standard"
    quality = f"the {quality}" if quality.startswith("same ") else quality  # "seen the same day"
    if w.work:  # "renewed online" already says how: no agreed standard to add
        how = "" if not w.qualifier and " " in w.work.done else f" {quality}"
        return MeasureShape(
            "share-of", f"Share of {w.work.things} {w.work.done}{how}", "%", "increase", "leading",
            f"Number of {w.work.things} in total, so the share does not rise by taking on fewer or easier ones",
            "Those that met the standard over all in the period; agree in writing what counts as meeting it "
            "before the first count.")
    if w.done and not w.generic:
        metric = f"Share of {w.subject} {w.done} {quality}"
    elif w.predicate and w.plural:  # "Share of allotment waiting list that are shorter" means nothing
        standard = "within the agreed time" if w.qualifier in _SPEED else w.qualifier
        standard = "" if standard and standard.lower() in w.predicate.lower() else standard  # "feel confident"
        metric = f"Share of {w.subject} {_who(w)} {w.predicate} {standard}".strip()
    else:
        return None
    return MeasureShape(
        "share-of", metric, "%", "increase", "leading",
        f"Number of {w.subject} handled in total, so the share does not rise by taking on fewer or easier cases",
        "Cases that met the standard over all cases in the period; agree in writing what counts as meeting "
        "it before the first count.")


_PROBLEMS = {"safety": "harm incidents and near misses",
             "predictability": "surprises (late changes, escalations, missed dates)"}


def _count_of(w: ObjectiveWords, aim: str) -> MeasureShape | None:
    problem = _PROBLEMS.get(aim)
    if problem and w.doing and not w.generic:
        metric = f"Count of {problem} while {w.doing}"
    elif problem:
        metric = f"Count of {problem} involving {w.subject}"
    elif w.done and w.plural and not w.people and not w.generic:
        metric = f"Count of {w.subject} sent back, redone or complained about"
    else:
        return None
    return MeasureShape(
        "count-of", metric, "per month", "decrease", "lagging",
        "How many reports are made, so the count does not fall because fewer people report",
        "Each one logged with its date and a one-line description, counted monthly; read the descriptions "
        "as well as the count.")


def _time_to_work(work: Work, unit: str) -> MeasureShape:
    counter = (f"Share of {work.things} who had to come back for the same need, so speed does not cost quality"
               if work.people else
               f"Share of {work.things} that had to be redone, reopened or returned, so speed does not cost quality")
    return MeasureShape(
        "time-to", f"Time to {work.to_do}", unit, "decrease", "lagging", counter,
        f"Median time from the start of each to the moment it is done, read from wherever {work.things} are "
        "already recorded; report the slowest tenth too.")


def _rate_of(w: ObjectiveWords) -> MeasureShape | None:
    if not w.done or w.generic or not w.plural:
        return None
    metric = f"{w.subject[:1].upper()}{w.subject[1:]} {w.done} per week"
    return MeasureShape(
        "rate-of", metric, "per week", "increase", "leading",
        f"Share of {w.subject} done right first time, so volume does not crowd out quality",
        "A weekly count from the team's own records, compared week on week rather than against a single figure.")


def _satisfaction(w: ObjectiveWords) -> MeasureShape | None:
    # "People who rate the experience" asks nobody in particular; "pupils who are behind catch up
    # … who rate" stacks two clauses: both read badly, so no satisfaction shape.
    if w.work:  # the experience is theirs who are worked for ("urgent patients"), not the doers'
        return _rated_by(w.work.things) if w.work.people else None
    words = w.subject.lower().split()
    if not w.people or not w.plural or {words[0], words[-1]} & {"people", "staff", "everyone"} \
            or {"who", "that", "which"} & set(words):
        return None
    return _rated_by(w.subject)


def _rated_by(who: str) -> MeasureShape:
    metric = f"Share of {who} who rate the experience good or better"
    return MeasureShape(
        "satisfaction", metric, "%", "increase", "lagging",
        "Survey response rate, so the result is not carried by the few who always answer",
        f"One or two short questions asked of {who} soon after each case, the same wording every time, "
        "with the number of answers shown beside the result.")


_SHAPES = {"time-to": _time_to, "share-of": _share_of, "rate-of": _rate_of, "satisfaction": _satisfaction}
