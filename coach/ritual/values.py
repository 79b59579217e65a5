"""Reading a check-in value as typed ("7", "6.8%", "45 minutes") against the key result's unit.

A value may carry its unit; a unit that differs from the key result's is refused with the fix,
never converted silently (minutes vs hours, percent vs a count). A percent key result given a
fraction (0.07 where the baseline and target are 6 and 9) is refused too.
"""

from __future__ import annotations

import re

from coach.errors import ValidationError

_VALUE = re.compile(r"^\s*(?P<number>[-+]?\d+(?:[.,]\d+)?)\s*(?P<unit>.*?)\s*$")
_SAME = {"%": "percent", "per cent": "percent", "pct": "percent", "percentage": "percent",
         "mins": "minute", "min": "minute", "hrs": "hour", "hr": "hour", "h": "hour"}


def normalise_unit(unit: str | None) -> str:
    """A comparable form of a unit: lower case, one spelling of percent, singular words."""
    text = " ".join((unit or "").lower().split())
    text = _SAME.get(text, text)
    return " ".join(_SAME.get(w, w[:-1] if len(w) > 3 and w.endswith("s") else w) for w in text.split())


def parse_value(raw: str | float, *, kr_id: str, unit: str | None, baseline: float | None = None,
                target: float | None = None) -> float:
    """The number of a check-in value, or ValidationError naming the key result and the fix."""
    if isinstance(raw, int | float):
        number, given = float(raw), ""
    else:
        found = _VALUE.match(raw)
        if not found:
            raise ValidationError(f"value {raw!r} for {kr_id} is not a number: give it like 7 or 6.5"
                                  f"{f' (in {unit})' if unit else ''}")
        number, given = float(found["number"].replace(",", ".")), found["unit"]
    if given and normalise_unit(given) != normalise_unit(unit):
        expected = f"in {unit}" if unit else "as a plain number (the key result has no unit)"
        raise ValidationError(f"value {raw!r} is in {given!r} but {kr_id} is measured {expected}: "
                              f"give the number {expected}, without converting it in your head")
    if normalise_unit(unit) == "percent" and 0 < abs(number) < 1 and _whole_percent(baseline, target):
        raise ValidationError(f"value {raw!r} for {kr_id} looks like a fraction, but the key result is in "
                              f"percent (baseline {baseline:g}, target {target:g}): give 7 for 7%")
    return number


def _whole_percent(baseline: float | None, target: float | None) -> bool:
    known = [v for v in (baseline, target) if v is not None]
    return bool(known) and all(abs(v) >= 1 for v in known)
