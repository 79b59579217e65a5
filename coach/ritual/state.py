"""A key result's state, computed from its history and never typed in.

Pure: a key result's facts and its check-ins (plus metric snapshots of the same metric) in,
a state and an explanation in words out. The rules, in the order they are tried:

- `done`: the latest value has reached the target (for `keep-within`, the due date has
  passed with the value still inside the limit).
- `no_baseline`: no baseline and no value yet, so nobody knows the starting point. A key
  result without a baseline but with values takes its first value as the baseline.
- `new`: a baseline but no check-in value yet, or no target to judge progress against.
- `stalled`: the last `stall_after` values moved less than `movement` of the range.
- `off_track`: the latest value is behind the straight line from the baseline at cycle start
  to the target at the due date by more than `tolerance` of the range, or moved backwards.
- `low_confidence`: on the line, but the latest confidence is below `low_confidence`.
- `on_track`: otherwise.

Progress is the share of the way from baseline to target, so a decreasing metric (target
below baseline) needs no special case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coach.cards import KrState
from coach.okr import Direction

CheckInSource = Literal["check-in", "snapshot"]


@dataclass(frozen=True)
class CheckIn:
    """One value of a key result on a date: recorded at a check-in or read from a metric snapshot."""

    value: float
    date: dt.date
    confidence: float | None = None
    note: str | None = None
    recorded_by: str = ""
    source: CheckInSource = "check-in"


@dataclass(frozen=True)
class KrFacts:
    """What the state needs to know about a key result (from the team's OKR records)."""

    id: str
    text: str
    direction: Direction | None = None
    baseline: float | None = None
    target: float | None = None
    due: dt.date | None = None
    unit: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class StateRules:
    """The thresholds of the state computation, in one place."""

    stall_after: int = 3  # this many values in a row without movement is a stall
    movement: float = 0.02  # a change under this share of the baseline→target range is no movement
    tolerance: float = 0.10  # behind the line by up to this share of the range still counts on track
    low_confidence: float = 0.4


@dataclass(frozen=True)
class KrStatus:
    """A computed state with its explanation; `progress`/`expected` are shares of the range."""

    kr_id: str
    state: KrState
    explanation: str
    progress: float | None = None
    expected: float | None = None
    latest: CheckIn | None = None

    @property
    def gap(self) -> float:
        """How far behind the line (0 when ahead or unknown); sorts the agenda within a state."""
        if self.progress is None or self.expected is None:
            return 0.0
        return max(0.0, self.expected - self.progress)


def compute_state(kr: KrFacts, history: Sequence[CheckIn], *, today: dt.date,
                  cycle_start: dt.date | None = None, cycle_end: dt.date | None = None,
                  rules: StateRules = StateRules()) -> KrStatus:
    """The state of one key result from its history (any order), judged as of `today`."""
    values = sorted((c for c in history if c.date <= today), key=lambda c: c.date)
    said = _last_said(values)
    if kr.baseline is None and not values:
        return KrStatus(kr.id, "no_baseline", "No baseline and no value recorded yet, so nobody "
                        "knows the starting point; measure it before judging progress.")
    baseline, start = _baseline(kr, values, cycle_start)
    latest = values[-1] if values else None
    if latest is None:
        return KrStatus(kr.id, "new", f"Starts from {_n(baseline, kr.unit)}; no check-in value yet, "
                        "so there is no progress to judge.")
    if kr.target is None or kr.target == baseline:
        return _without_line(kr, values, baseline, rules, said)
    if kr.direction == "keep-within":
        return _keep_within(kr, values, today, cycle_end, said)
    progress = (latest.value - baseline) / (kr.target - baseline)
    if progress >= 1.0:
        return KrStatus(kr.id, "done", f"Reached {_n(latest.value, kr.unit)} on {latest.date}, at or past "
                        f"the target of {_n(kr.target, kr.unit)}.{said}", progress, 1.0, latest)
    if _stalled(values, baseline, kr.target, rules):
        return KrStatus(kr.id, "stalled", f"No movement across the last {rules.stall_after} values "
                        f"(still {_n(latest.value, kr.unit)} on {latest.date}, from {_n(baseline, kr.unit)} "
                        f"towards {_n(kr.target, kr.unit)}).{said}", progress, None, latest)
    return _against_line(kr, latest, baseline, start, cycle_end, progress, rules, said)


def _baseline(kr: KrFacts, values: list[CheckIn], cycle_start: dt.date | None) -> tuple[float, dt.date | None]:
    """(baseline, the date the line starts): the KR's baseline at cycle start, else its first value."""
    if kr.baseline is not None:
        return kr.baseline, cycle_start or (values[0].date if values else None)
    return values[0].value, values[0].date


def _against_line(kr: KrFacts, latest: CheckIn, baseline: float, start: dt.date | None,
                  cycle_end: dt.date | None, progress: float, rules: StateRules, said: str) -> KrStatus:
    due = kr.due or cycle_end
    where = (f"{_n(latest.value, kr.unit)} on {latest.date}: {_pct(progress)} of the way from "
             f"{_n(baseline, kr.unit)} to {_n(kr.target or 0, kr.unit)}")
    if due is None or start is None:
        moving = progress > rules.movement
        state: KrState = "on_track" if moving else "off_track"
        line = "no due date, so only the direction of movement can be judged"
        return _confidence_or(kr, state, f"{where}; {line}.{said}", progress, None, latest, rules)
    expected = _expected(start, due, latest.date)
    line = (f"the straight line from {start} to {due} expected {_pct(expected)} "
            f"({_n(baseline + expected * ((kr.target or 0) - baseline), kr.unit)}) by then")
    if latest.date > due:
        line += "; the due date has passed"
    behind = progress < 0 or expected - progress > rules.tolerance
    state = "off_track" if behind else "on_track"
    verdict = "moving the wrong way" if progress < 0 else ("behind" if behind else "on the line")
    return _confidence_or(kr, state, f"{where}, {verdict}: {line}.{said}", progress, expected, latest, rules)


def _confidence_or(kr: KrFacts, state: KrState, explanation: str, progress: float,
                   expected: float | None, latest: CheckIn, rules: StateRules) -> KrStatus:
    """On track by the numbers but the team doubts it: that doubt is the state to discuss."""
    confidence = latest.confidence if latest.confidence is not None else kr.confidence
    if state == "on_track" and confidence is not None and confidence < rules.low_confidence:
        explanation = f"Confidence is low ({confidence:g}) although the numbers are on track. {explanation}"
        return KrStatus(kr.id, "low_confidence", explanation, progress, expected, latest)
    return KrStatus(kr.id, state, explanation[:1].upper() + explanation[1:], progress, expected, latest)


def _expected(start: dt.date, due: dt.date, on: dt.date) -> float:
    """Share of the way the straight line has covered on a date (0 before start, 1 from due)."""
    span = (due - start).days
    if span <= 0:
        return 1.0 if on >= due else 0.0
    return min(1.0, max(0.0, (on - start).days / span))


def _stalled(values: list[CheckIn], baseline: float, target: float, rules: StateRules) -> bool:
    recent = [c.value for c in values[-rules.stall_after:]]
    if len(recent) < rules.stall_after:
        return False
    return max(recent) - min(recent) <= rules.movement * abs(target - baseline)


def _without_line(kr: KrFacts, values: list[CheckIn], baseline: float, rules: StateRules,
                  said: str) -> KrStatus:
    latest = values[-1]
    recent = [c.value for c in values[-rules.stall_after:]]
    if len(recent) >= rules.stall_after and max(recent) == min(recent):
        return KrStatus(kr.id, "stalled", f"The last {rules.stall_after} values are all "
                        f"{_n(latest.value, kr.unit)}, and there is no target yet.{said}", latest=latest)
    return KrStatus(kr.id, "new", f"{_n(latest.value, kr.unit)} on {latest.date} (from "
                    f"{_n(baseline, kr.unit)}), but no target yet, so there is no line to judge "
                    f"progress against; agree a target.{said}", latest=latest)


def _keep_within(kr: KrFacts, values: list[CheckIn], today: dt.date, cycle_end: dt.date | None,
                 said: str) -> KrStatus:
    """A limit: the baseline says which side of the target is inside."""
    latest, target = values[-1], kr.target or 0.0
    ceiling = (kr.baseline if kr.baseline is not None else values[0].value) <= target
    inside = latest.value <= target if ceiling else latest.value >= target
    limit = f"{'at most' if ceiling else 'at least'} {_n(target, kr.unit)}"
    where = f"{_n(latest.value, kr.unit)} on {latest.date}, {'inside' if inside else 'outside'} the limit of {limit}"
    due = kr.due or cycle_end
    if inside and due is not None and today > due:
        return KrStatus(kr.id, "done", f"{where}, and the due date {due} has passed.{said}", latest=latest)
    return KrStatus(kr.id, "on_track" if inside else "off_track", f"{where}.{said}", latest=latest)


def _last_said(values: list[CheckIn], last: int = 2) -> str:
    """What the last check-ins said, as a sentence tail."""
    parts = []
    for c in values[-last:]:
        who = f", {c.recorded_by}" if c.recorded_by and c.source == "check-in" else ""
        confidence = f", confidence {c.confidence:g}" if c.confidence is not None else ""
        note = f': "{c.note}"' if c.note else ""
        kind = "snapshot" if c.source == "snapshot" else "check-in"
        parts.append(f"{kind} {c.date}{who}{confidence}{note}")
    return f" Last said: {'; '.join(parts)}." if parts else ""


def _n(value: float, unit: str | None) -> str:
    value = round(value, 2)
    if unit in ("%", "percent"):
        return f"{value:g}%"
    return f"{value:g} {unit}".rstrip() if unit else f"{value:g}"


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"
