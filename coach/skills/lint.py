"""Key result lint: one small pure rule per `LintRule`, plus a rewrite that invents nothing.

Rules read a `KeyResult` (or an `Objective`) and return a `LintFinding` or None. Fields win
over wording: a KR with `baseline: 4` has a baseline though its text never says "from 4".
Printed numbers come only from the KR, the cycle end passed in, or a count of key results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from coach.cards import LintRule
from coach.nlp import parse
from coach.okr import KeyResult, Objective, OkrSet, cycle_window
from coach.skills.lint_findings import (
    SEVERITY,
    KeyResultContext,
    LintFinding,
    Severity,
    flag,
    kept_things,
    rewrite_key_result,
    without_dates,
    words,
    work_phrase,
)
from coach.skills.lint_meaning import KEY_RESULT_MEANING, SET_RULES

__all__ = ["SEVERITY", "KeyResultContext", "LintFinding", "Severity", "rewrite_key_result"]

KeyResultRule = Callable[[KeyResult, KeyResultContext], LintFinding | None]
ObjectiveRule = Callable[[Objective, str], LintFinding | None]
_words = words


def _verbs(*stems: str) -> str:
    """Regular inflections of each stem ("creat" -> create, creates, created, creating)."""
    return "|".join(f"{stem}(?:e|es|s|ed|d|ing)?" for stem in stems)


# Verbs that name work to do rather than a change to see. "hold" and "run" only count
# with a meeting-like object, because "run" alone is too common.
_ACTIVITY = _words(
    _verbs("launch", "build", "ship", "shipp", "implement", "creat", "develop", "deliver",
           "releas", "migrat", "help", "support", "consult", "analys", "analyz", "research",
           "participat", "attend", "complet", "finish", "writ", "document", "introduc", "organis",
           "organiz"), r"built|wrote|written|roll(?:s|ed|ing)?\s+out|set(?:s|ting)?\s+up",
    r"(?:hold(?:s|ing)?|held)(?:\s+\w+){0,3}?\s+(?:meetings?|reviews?|workshops?|retros?"
    r"|sessions?|stand-?ups?|demos?)",
    r"(?:run(?:s|ning)?|ran)(?:\s+\w+){0,3}?\s+(?:workshops?|sessions?|trainings?)")
_CHANGE = _words(_verbs("increas", "decreas", "rais", "reduc", "grow", "cut", "cutt", "lift",
                        "improv", "keep", "lower", "boost", "ris", "doubl", "halv", "shrink",
                        "drop", "dropp"), r"grew|grown|rose|kept")
_QUANTITY_WORDS = _words(r"rates?", r"times?", r"counts?", r"scores?", r"ratios?",
                         r"percentage", r"percent", r"number of", r"share of", r"coverage",
                         r"yield", r"margins?", r"costs?", r"utili[sz]ation", r"attendance",
                         r"retention", r"churn", r"conversion", r"uptime", r"availability",
                         r"latency", r"backlog", r"turnover", r"occupancy", r"levels?")
# A number, optionally behind one currency or comparison sign ("$40", "~5").
_NUMBER = r"[^\s\w]?\d"
_FROM = re.compile(rf"\bfrom\s+{_NUMBER}", re.IGNORECASE)
_FROM_NUMBER = re.compile(rf"\bfrom\s+{_NUMBER}[\d.,]*\s*%?", re.IGNORECASE)
_TO = re.compile(rf"\b(?:to|within|below|under|above|over|at (?:least|most)|less than"
                 rf"|more than)\s+{_NUMBER}", re.IGNORECASE)
_MONTH = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\b[QH][1-4]\b"
                   rf"|\b(?:by|before|until|through|in|end of)\s+(?:the\s+)?(?:end\s+of\s+)?"
                   rf"(?:{_MONTH}|20\d{{2}}|the\s+(?:quarter|year|cycle)|quarter|year|cycle)\b",
                   re.IGNORECASE)
# "%" is not a word character, so "100%" sits outside the whole-word group.
_BINARY = re.compile(r"\b100\s?%|\b(?:all\b.*\b(?:migrated|moved|done|completed|converted|live"
                     r"|onboarded|shipped)|complete the|finish the|go(?:es)? live|is done)\b",
                     re.IGNORECASE)
_COMPLETING = _words(r"migrat\w*|complet\w*|finish\w*|done|moved|live|converted|onboarded|adopted")
_MAINTAIN_START = re.compile(r"^\W*((?:maintain|sustain|continue|keep)\w*)\b", re.IGNORECASE)
_RANGE = re.compile(rf"\b(?:within|below|under|above|over|at (?:least|most)|no (?:more|less) "
                    rf"than|less than|more than|between)\s+(?:\w+\s+){{0,3}}?{_NUMBER}",
                    re.IGNORECASE)
_PAY = _words(r"bonus(?:es)?", r"pay", r"payouts?", r"compensation", r"commissions?",
              r"salar(?:y|ies)", r"incentives?", r"paid when", r"promotions?")


def activity_wording(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Flags work-to-do phrasing, whatever the verb. Two readings, either suffices:
    - the parser (`work_phrase`): the key result opens with an instruction that is neither a
      change nor a level to reach ("Recruit 20 volunteers", "Audit every supplier contract"),
      or reports a deed with nothing to score ("Weekly retros held");
    - known activity verbs (launch, build, hold reviews, ...) that come before any change verb,
      or any of them when there is no measurable change.
    "Increase activation rate from 30% to 45% after we launch X" passes; "Launch X" does not.
    """
    activity = _ACTIVITY.search(kr.text)
    change = _CHANGE.search(kr.text)
    measurable = change is not None and (bool(kr.metric) or _has_quantity(kr.text))
    listed = activity is not None and not (
        measurable and change is not None and change.start() < activity.start())
    word = activity.group(0) if listed and activity is not None else work_phrase(kr.text)
    if word is None:
        return None
    return flag("activity_wording", kr, where, f"'{word}' describes work to do, not "
                "the change it should cause: that is an initiative rather than a key result.")


def _has_quantity(text: str) -> bool:
    """A number that is not a date, or a word that names a measure."""
    return bool(re.search(r"\d|%", without_dates(text)) or _QUANTITY_WORDS.search(text)
                or any(t.like_num and t.is_alpha for t in parse(text)))


def missing_metric(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Error when there is no metric field and nothing countable in the text."""
    if kr.metric or _has_quantity(kr.text):
        return None
    return flag("missing_metric", kr, where, f"'{kr.text}' names nothing to measure: no metric, "
                 "number, rate or share.")


def missing_baseline(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Warns when neither the baseline field nor a "from <number>" phrase gives today's value."""
    if kr.baseline is not None or _FROM.search(kr.text):
        return None
    return flag("missing_baseline", kr, where, f"'{kr.text}' does not say where the measure "
                 "stands today (no 'from ...').")


def missing_target(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Warns when neither the target field, a "to/within/below <number>" phrase nor a stated
    count ("Recruit 20 volunteers", "ten clauses") sets a goal. A "from <number>" alone is the
    baseline, and dates or numbers inside words ("week-1") are not targets."""
    if kr.target is not None or _TO.search(kr.text) or _stated_count(kr.text):
        return None
    return flag("missing_target", kr, where, f"'{kr.text}' does not say what value counts as "
                 "success (no 'to ...').")


_COUNT = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)?(?![\w-])")


def _stated_count(text: str) -> bool:
    rest = _FROM_NUMBER.sub(" ", without_dates(text))
    return bool(_COUNT.search(rest)) or any(t.like_num and t.is_alpha for t in parse(rest))


def missing_date(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Warns when no due field or date/quarter/"by <month>" phrase; the rewrite offers the cycle end."""
    if kr.due is not None or _DATE.search(kr.text):
        return None
    return flag("missing_date", kr, where, f"'{kr.text}' has no date, so nobody can tell when "
                 "to score it.")


def binary_kr(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Flags done/not-done key results ("100% migrated", "complete the ...", "go live")."""
    match = _BINARY.search(kr.text)
    full = kr.target == 100 and kr.unit in ("%", "percent") and _COMPLETING.search(kr.text)
    if match is None and not full:
        return None
    # The completion numbers measure the work itself, so the example leaves the outcome open.
    outcome = kr.model_copy(update=dict.fromkeys(("metric", "unit", "baseline", "target",
                                                  "direction")))
    example = rewrite_key_result(outcome, cycle_end=where.cycle_end)
    return flag("binary_kr", kr, where, f"'{match.group(0) if match else kr.text}' can only "
                 "score done or not done: this is an initiative, not a key result.",
                 f"Move '{kr.text}' to initiatives and add a key result for the change it should "
                 f"cause, e.g. {example}")


def maintain_wording(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Notes maintain/continue/keep/sustain key results that give no keep-within range. "Keep"
    meaning not to lose people or things ("Keep the customers we sign") asks for retention, a
    change to see, so it is no maintenance ("Keep response times" still is: times are a measure)."""
    match = _MAINTAIN_START.search(kr.text)
    if match is None or _RANGE.search(kr.text):
        return None
    kept = kept_things(kr.text)
    if kept is not None and not _QUANTITY_WORDS.search(kept):
        return None
    return flag("maintain_wording", kr, where, f"'{match.group(1)}' asks for no "
                 "change; without a range to stay within this is a health metric, not a key result.")


def target_tied_to_pay(kr: KeyResult, where: KeyResultContext) -> LintFinding | None:
    """Error when the key result links its score to pay, bonus, commission or promotion."""
    match = _PAY.search(kr.text)
    if match is None:
        return None
    word = match.group(0)
    return flag("target_tied_to_pay", kr, where, f"'{word}' ties pay to this key result, which "
                 "invites low targets and bent definitions.", f"Decouple pay from this key "
                 f"result: drop '{word}' and keep compensation talks apart from scoring.")


def too_few_krs(objective: Objective, objective_id: str) -> LintFinding | None:
    """Warns when an objective has exactly one key result (none at all is `no_key_results`)."""
    if len(objective.key_results) != 1:
        return None
    return LintFinding("too_few_krs", "warning", objective_id, None,
                       f"'{objective.title}' has only 1 key result, so one number carries the whole "
                       "objective.", "Add a key result that shows the objective from another angle, "
                       "such as a leading measure or a guardrail that should not get worse.")


def too_many_krs(objective: Objective, objective_id: str) -> LintFinding | None:
    """Warns when an objective has more than five key results."""
    count = len(objective.key_results)
    if count <= 5:
        return None
    return LintFinding("too_many_krs", "warning", objective_id, None,
                       f"'{objective.title}' has {count} key results, which spreads attention thin.",
                       f"Of the {count} key results, keep the 3-5 that best show the outcome and "
                       "move the rest to initiatives or a health dashboard.")


KEY_RESULT_RULES: dict[LintRule, KeyResultRule] = {
    "activity_wording": activity_wording, "missing_metric": missing_metric,
    "missing_baseline": missing_baseline, "missing_target": missing_target,
    "missing_date": missing_date, "binary_kr": binary_kr, "maintain_wording": maintain_wording,
    "target_tied_to_pay": target_tied_to_pay, **KEY_RESULT_MEANING}
OBJECTIVE_RULES: dict[LintRule, ObjectiveRule] = {
    "too_few_krs": too_few_krs, "too_many_krs": too_many_krs}
SetRule = Callable[[OkrSet], list[LintFinding]]
RULES: dict[LintRule, KeyResultRule | ObjectiveRule | SetRule] = {
    **KEY_RESULT_RULES, **OBJECTIVE_RULES, **SET_RULES}


def lint_key_result(kr: KeyResult, *, objective_id: str, kr_id: str, cycle_end: date | None = None,
                    cycle_start: date | None = None) -> list[LintFinding]:
    """Every key-result-level finding for one key result, in rule order."""
    where = KeyResultContext(objective_id, kr_id, cycle_end, cycle_start)
    found = (rule(kr, where) for rule in KEY_RESULT_RULES.values())
    return [finding for finding in found if finding is not None]


def lint_objective(objective: Objective, *, objective_id: str, cycle_end: date | None = None,
                   number: int | None = None, cycle_start: date | None = None) -> list[LintFinding]:
    """Objective-level findings, then each key result's. A key result without an id is named
    "KR<o>.<n>", <o> being `number` (1-based position) or the digits of an "O<n>" objective id."""
    found = (rule(objective, objective_id) for rule in OBJECTIVE_RULES.values())
    findings = [finding for finding in found if finding is not None]
    prefix = str(number) if number is not None else re.sub(r"^[Oo](?=\d+$)", "", objective_id)
    for index, kr in enumerate(objective.key_results, start=1):
        findings += lint_key_result(kr, objective_id=objective_id, kr_id=kr.id or f"KR{prefix}.{index}",
                                    cycle_end=cycle_end, cycle_start=cycle_start)
    return findings


def lint_okrs(okrs: OkrSet, *, cycle_end: date | None = None) -> list[LintFinding]:
    """Every finding for a team's OKRs; objectives without an id are named "O<n>". The cycle
    comes from the file's `cycle` label ("2026-Q4"); a `cycle_end` passed in (the team's
    configured cycle) wins over the label's end."""
    window = cycle_window(okrs.cycle)
    start = window[0] if window else None
    end = cycle_end or (window[1] if window else None)
    findings: list[LintFinding] = []
    for number, objective in enumerate(okrs.objectives, start=1):
        findings += lint_objective(objective, objective_id=objective.id or f"O{number}",
                                   cycle_end=end, number=number, cycle_start=start)
    for rule in SET_RULES.values():
        findings += rule(okrs)
    return findings
