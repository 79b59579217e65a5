"""The OKR file model (YAML or JSON): objectives with key results. Documented in README."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Direction = Literal["increase", "decrease", "keep-within"]


class KeyResult(BaseModel):
    """One key result as a team wrote it; every field but `text` may be missing."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    text: str = Field(min_length=1)
    metric: str | None = None
    unit: str | None = None
    direction: Direction | None = None
    baseline: float | None = None
    target: float | None = None
    due: dt.date | None = None
    owner: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class Objective(BaseModel):
    """An objective and its key results."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    title: str = Field(min_length=1)
    owner: str | None = None
    key_results: list[KeyResult] = Field(default_factory=list)
    initiatives: list[str] = Field(default_factory=list)


class OkrSet(BaseModel):
    """A team's OKRs for one cycle."""

    model_config = ConfigDict(extra="forbid")

    team: str | None = None
    cycle: str | None = None
    objectives: list[Objective] = Field(min_length=1)


def describe_key_result(kr: KeyResult) -> str:
    """A one-line rendering of a key result with the facts the file gives."""
    facts = [f"metric: {kr.metric}" if kr.metric else "",
             f"baseline: {_num(kr.baseline)}" if kr.baseline is not None else "baseline: unknown",
             f"target: {_num(kr.target)}" if kr.target is not None else "target: not set",
             f"due: {kr.due.isoformat()}" if kr.due else "due: no date",
             f"owner: {kr.owner}" if kr.owner else "",
             f"confidence: {_num(kr.confidence)}" if kr.confidence is not None else ""]
    label = f"{kr.id} " if kr.id else ""
    return f"{label}{kr.text} ({'; '.join(f for f in facts if f)})"


def _num(value: float) -> str:
    return f"{value:g}"


_CYCLE = re.compile(r"(?:FY)?(\d{4})(?:[-\s]?(Q[1-4]|H[12]))?", re.IGNORECASE)
_QUARTER_START = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7}
_QUARTER_END = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31), "H1": (6, 30), "H2": (12, 31)}


def cycle_window(label: str | None) -> tuple[date, date] | None:
    """First and last day of a cycle named "2026-Q4", "2026 H1", "FY2026" or "2026".
    >>> cycle_window("2026-Q4")
    (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    """
    match = _CYCLE.fullmatch(label.strip()) if label else None
    if match is None:
        return None
    year, part = int(match.group(1)), (match.group(2) or "").upper()
    if not part:
        return date(year, 1, 1), date(year, 12, 31)
    month, day = _QUARTER_END[part]
    return date(year, _QUARTER_START[part], 1), date(year, month, day)
