"""The experiment ledger's rules (pure): key result → hypothesis → experiment → result → learning.

An entry starts `planned`, may run, and ends `done` or `abandoned`; an ended entry does not
reopen (start a new one instead, so the history stays true). A learning belongs to an ended
entry: it is what the team concluded, and it is what later suggestions cite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

from coach.errors import ValidationError

ExperimentStatus = Literal["planned", "running", "done", "abandoned"]
STATUSES: tuple[ExperimentStatus, ...] = get_args(ExperimentStatus)
ENDED: frozenset[ExperimentStatus] = frozenset({"done", "abandoned"})
_NEXT: dict[ExperimentStatus, frozenset[ExperimentStatus]] = {
    "planned": frozenset(STATUSES),
    "running": frozenset({"running", "done", "abandoned"}),
    "done": frozenset({"done"}),
    "abandoned": frozenset({"abandoned"}),
}


@dataclass(frozen=True)
class ExperimentRecord:
    """One ledger entry as stored; dates are when each step happened, `recorded_by` who added it."""

    id: int
    team: str
    kr_id: str
    hypothesis: str
    test: str | None
    status: ExperimentStatus
    result: str | None
    learning: str | None
    created_on: dt.date
    started_on: dt.date | None
    ended_on: dt.date | None
    recorded_by: str
    updated_by: str
    reviewed_on: dt.date | None = None  # when a check-in agenda showed it ("what did we learn?")


@dataclass(frozen=True)
class ExperimentUpdate:
    """What `coach experiments update` may change."""

    status: ExperimentStatus
    result: str | None = None
    learning: str | None = None


def apply_update(record: ExperimentRecord, update: ExperimentUpdate, *, today: dt.date,
                 user: str) -> ExperimentRecord:
    """The entry after an update, or ValidationError naming the rule and the fix."""
    if update.status not in _NEXT[record.status]:
        allowed = ", ".join(sorted(_NEXT[record.status]))
        raise ValidationError(f"experiment {record.id} is {record.status} and cannot become {update.status} "
                              f"(allowed: {allowed}); add a new experiment to try again")
    learning = _text(update.learning) or record.learning
    if learning and update.status not in ENDED:
        raise ValidationError(f"a learning belongs to a finished experiment: update experiment {record.id} "
                              "with --status done (or abandoned) and the learning together")
    started = record.started_on or (today if update.status in ("running", *ENDED) else None)
    ended = record.ended_on or (today if update.status in ENDED else None)
    return ExperimentRecord(
        id=record.id, team=record.team, kr_id=record.kr_id, hypothesis=record.hypothesis, test=record.test,
        status=update.status, result=_text(update.result) or record.result, learning=learning,
        created_on=record.created_on, started_on=started, ended_on=ended,
        recorded_by=record.recorded_by, updated_by=user, reviewed_on=record.reviewed_on)


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
