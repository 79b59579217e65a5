"""Lint rules that read what a key result means, not only how it is written: numbers that
contradict the direction, targets already met, weak floors, dates outside the cycle, owners,
duplicates, key results that restate their objective, objectives with nothing to measure.

Key-result rules take `(KeyResult, KeyResultContext)`; set rules take the whole `OkrSet`
and return a list, because they compare key results with each other. Numbers printed in a
finding come only from the key results themselves or the cycle dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from coach.cards import LintRule
from coach.nlp import lemmas
from coach.okr import KeyResult, Objective, OkrSet
from coach.skills.lint_findings import (
    CHANGE_LEMMAS,
    SEVERITY,
    KeyResultContext,
    LintFinding,
    flag,
    number_text,
    stated_direction,
    words,
)

_NUM = r"[^\s\w]?(\d+(?:[.,]\d+)?)"
_FROM_TO = re.compile(rf"\bfrom\s+{_NUM}\s*\S*?\s+to\s+(?:\w+\s+){{0,2}}?{_NUM}", re.IGNORECASE)
_CEILING = re.compile(rf"\b(?:below|under|less than|fewer than|at most|no more than|max(?:imum)?"
                      rf"(?: of)?)\s+{_NUM}", re.IGNORECASE)
_FLOOR = re.compile(rf"\b(?:at least|minimum(?: of)?|min\.?|no (?:less|fewer) than|(?:maintain\w*|keep\w*"
                    rf"|stay\w*|remain\w*|hold\w*|sustain\w*)\s+(?:\S+\s+){{0,6}}?(?:above|over|at or above))"
                    rf"\s+{_NUM}", re.IGNORECASE)
_KEEP = words(r"keep\w*", r"kept", r"maintain\w*", r"stay\w*", r"remain\w*", r"sustain\w*")
_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _value(raw: str) -> float:
    return float(raw.replace(",", "."))


def baseline_and_target(kr: KeyResult) -> tuple[float | None, float | None]:
    """Fields first, then "from <x> to <y>" in the text.
    >>> baseline_and_target(KeyResult(text="Cut waits from 40 to 25 minutes"))
    (40.0, 25.0)
    """
    match = _FROM_TO.search(kr.text)
    baseline = kr.baseline if kr.baseline is not None else _value(match.group(1)) if match else None
    target = kr.target if kr.target is not None else _value(match.group(2)) if match else None
    return baseline, target


def direction_contradicts_numbers(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Error when the stated direction and the numbers disagree: "Reduce handling time from 6
    to 8 minutes", or direction `increase` with baseline 40 and target 30. Bounds ("below 3%")
    are left to `target_already_met` and `weak_floor_target`."""
    baseline, target = baseline_and_target(kr)
    verb = stated_direction(kr)
    if baseline is None or target is None or verb == "Keep" or _bound(kr.text):
        return None
    if (verb == "Raise" and target < baseline) or (verb == "Reduce" and target > baseline):
        word = "lower" if verb == "Raise" else "higher"
        return flag("direction_contradicts_numbers", kr, where, f"It says {verb.lower()}, but the "
                    f"target {number_text(target, kr.unit)} is {word} than the baseline "
                    f"{number_text(baseline, kr.unit)}: one of them is wrong.",
                    "Check which is right: the direction, the baseline or the target, and correct the other.")
    return None


def _bound(text: str) -> bool:
    return bool(_CEILING.search(text) or _FLOOR.search(text))


def target_already_met(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Warns when the baseline already meets the target: a point target equal to the baseline
    ("from 12 to 12"), or a ceiling the baseline is already under ("Get complaints below 20 a
    month" with baseline 14). Keep/maintain guardrails are meant to hold, so they pass."""
    baseline, target = baseline_and_target(kr)
    if baseline is None or _KEEP.search(kr.text) or kr.direction == "keep-within":
        return None
    ceiling = _CEILING.search(kr.text)
    limit = _value(ceiling.group(1)) if ceiling else target
    met = limit is not None and (baseline < limit if ceiling else baseline == limit)
    if not met or limit is None:
        return None
    return flag("target_already_met", kr, where, f"The baseline {number_text(baseline, kr.unit)} "
                f"already meets the target {number_text(limit, kr.unit)}, so the key result asks "
                "for no change.", "Set a target beyond today's value, or track it as a health "
                "metric rather than a key result.")


def weak_floor_target(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Warns when an "at least", "minimum" or "maintain above" target is at or below today's
    value: "Maintain bed occupancy above 85%" with baseline 91 commits to a drop."""
    floor = _FLOOR.search(kr.text)
    baseline, _ = baseline_and_target(kr)
    if floor is None or baseline is None or baseline < _value(floor.group(1)):
        return None
    return flag("weak_floor_target", kr, where, f"'{floor.group(0)}' is at or below today's "
                f"{number_text(baseline, kr.unit)}, so it could be met while getting worse.",
                f"Either raise the floor above {number_text(baseline, kr.unit)} or say it is a "
                "guardrail and pair it with a key result that asks for a change.")


def due_outside_cycle(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Warns when the due date (field, else an ISO date in the text) falls before the cycle
    starts or after it ends."""
    due = kr.due or _text_date(kr.text)
    if due is None or (where.cycle_end is None and where.cycle_start is None):
        return None
    late = where.cycle_end is not None and due > where.cycle_end
    early = where.cycle_start is not None and due < where.cycle_start
    if not late and not early:
        return None
    edge = where.cycle_end if late else where.cycle_start
    side = "after the cycle ends" if late else "before the cycle starts"
    return flag("due_outside_cycle", kr, where, f"Due {due.isoformat()}, {side} ({edge}): it cannot "
                "be scored with the rest of the set.", f"Move the date inside the cycle (it ends "
                f"{where.cycle_end}) or plan it as part of a later cycle." if where.cycle_end else
                "Move the date inside the cycle or plan it as part of another cycle.")


def _text_date(text: str) -> date | None:
    match = _ISO.search(text)
    try:
        return date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Placed:
    """A key result with its objective and ids, as set rules see it."""

    objective: Objective
    objective_id: str
    kr_id: str
    kr: KeyResult


def placed(okrs: OkrSet) -> Iterator[Placed]:
    """Every key result with the ids lint reports ("O<n>", "KR<o>.<n>" when the file has none)."""
    for number, objective in enumerate(okrs.objectives, start=1):
        objective_id = objective.id or f"O{number}"
        for index, kr in enumerate(objective.key_results, start=1):
            yield Placed(objective, objective_id, kr.id or f"KR{number}.{index}", kr)


def _set_finding(rule: LintRule, objective_id: str, kr_id: str | None, message: str,
                 suggestion: str) -> LintFinding:
    return LintFinding(rule, SEVERITY[rule], objective_id, kr_id, message, suggestion)


# Words that carry no topic of their own in a key result.
_GENERIC = CHANGE_LEMMAS | {"target", "baseline", "rate", "number", "share", "percent", "level",
                            "time", "month", "week", "quarter", "year", "end", "new", "good",
                            "well", "per", "cycle", "day"}


def _topic(text: str) -> set[str]:
    return {lemma for lemma in lemmas(text) if lemma not in _GENERIC}


def _similar(a: Placed, b: Placed) -> bool:
    """The same metric field; or the same baseline-to-target pair under one objective or with
    a topic word in common; or mostly the same topic words."""
    if a.kr.metric and b.kr.metric and a.kr.metric.strip().lower() == b.kr.metric.strip().lower():
        return True
    first, second = _topic(a.kr.text), _topic(b.kr.text)
    pair = baseline_and_target(a.kr)
    if None not in pair and pair == baseline_and_target(b.kr) and (
            first & second or a.objective_id == b.objective_id):
        return True
    if len(first) < 2 or len(second) < 2:
        return False
    return len(first & second) / len(first | second) >= 0.6


def duplicate_kr(okrs: OkrSet) -> list[LintFinding]:
    """Warns on a key result that repeats an earlier one: the same metric field, or mostly the
    same topic words ("Cut average wait in A&E" / "Reduce A&E average waiting time")."""
    seen: list[Placed] = []
    found = []
    for item in placed(okrs):
        twin = next((s for s in seen if _similar(s, item)), None)
        if twin is not None:
            found.append(_set_finding("duplicate_kr", item.objective_id, item.kr_id,
                                      f"'{item.kr.text}' measures the same thing as {twin.kr_id} "
                                      f"('{twin.kr.text}').", f"Merge it into {twin.kr_id}, or "
                                      "replace it with a key result that shows another side of "
                                      "the objective."))
        seen.append(item)
    return found


def single_owner(okrs: OkrSet) -> list[LintFinding]:
    """Warns when one person owns every key result of a set of three or more."""
    owners = [p.kr.owner.strip() for p in placed(okrs) if p.kr.owner]
    everyone = list(placed(okrs))
    if len(everyone) < 3 or len(owners) != len(everyone) or len(set(owners)) != 1:
        return []
    return [_set_finding("single_owner", "set", None, f"{owners[0]} owns all {len(owners)} key "
                         "results, so progress depends on one person's time.", "Ask who is closest "
                         "to each measure and share ownership; the lead can stay accountable for "
                         "the objective.")]


def missing_owner(okrs: OkrSet) -> list[LintFinding]:
    """Notes objectives and key results without a named owner."""
    found = []
    for number, objective in enumerate(okrs.objectives, start=1):
        if not objective.owner:
            found.append(_set_finding("missing_owner", objective.id or f"O{number}", None,
                                      f"'{objective.title}' has no owner.", "Name one person who "
                                      "keeps the objective moving and reports on it."))
    found += [_set_finding("missing_owner", p.objective_id, p.kr_id, f"'{p.kr.text}' has no owner.",
                           "Name the person who will track this key result and bring it to each "
                           "check-in.") for p in placed(okrs) if not p.kr.owner]
    return found


def restates_objective(okrs: OkrSet) -> list[LintFinding]:
    """Warns on a key result with no number whose topic words are the objective's own
    ("Patients feel safe" under "Make patients feel safe on the ward")."""
    found = []
    for p in placed(okrs):
        topic = _topic(p.kr.text)
        if not topic or re.search(r"\d", p.kr.text) or p.kr.target is not None:
            continue
        shared = topic & _topic(p.objective.title)
        if len(shared) / len(topic) >= 2 / 3:
            found.append(_set_finding("restates_objective", p.objective_id, p.kr_id,
                                      f"'{p.kr.text}' repeats the objective instead of saying how "
                                      "progress will be measured.", "Ask what you would see change "
                                      "if the objective were met, and measure that."))
    return found


def no_key_results(okrs: OkrSet) -> list[LintFinding]:
    """Warns on an objective with no key results at all."""
    return [_set_finding("no_key_results", o.id or f"O{n}", None, f"'{o.title}' has no key "
                         "results, so nobody can tell whether it is being met.", "Add two to four "
                         "key results: what would you see change if this objective were met?")
            for n, o in enumerate(okrs.objectives, start=1) if not o.key_results]


KEY_RESULT_MEANING: dict[LintRule, Callable[[KeyResult, KeyResultContext], LintFinding | None]] = {
    "direction_contradicts_numbers": direction_contradicts_numbers,
    "target_already_met": target_already_met, "weak_floor_target": weak_floor_target,
    "due_outside_cycle": due_outside_cycle}
SET_RULES: dict[LintRule, Callable[[OkrSet], list[LintFinding]]] = {
    "no_key_results": no_key_results, "duplicate_kr": duplicate_kr,
    "restates_objective": restates_objective, "single_owner": single_owner,
    "missing_owner": missing_owner}
