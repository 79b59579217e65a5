"""The team's OKR set as the workspace shows it: each key result with its latest value and state.

`WorkspaceRecords` is the one interface the web reads team records through; `okr_rows` is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from coach.identity import Principal
from coach.okr import KeyResult, OkrSet


@dataclass(frozen=True)
class Latest:
    """The newest value of a metric, from the team's snapshots or check-ins."""

    value: float
    unit: str
    as_of: str


@dataclass(frozen=True)
class StateView:
    """A key result's computed state, the explanation in words, and its newest recorded value."""

    state: str
    explanation: str
    latest: Latest | None = None
    confidence: float | None = None  # from the newest check-in that gave one


@dataclass(frozen=True)
class KeyResultRow:
    """One key result with what the workspace shows beside it."""

    objective_id: str
    id: str
    kr: KeyResult
    latest: Latest | None
    state: str | None
    findings: list[str] = field(default_factory=list)
    explanation: str | None = None
    confidence: float | None = None  # the newest check-in's, else the OKR file's


@dataclass(frozen=True)
class ObjectiveRow:
    """An objective and its key results."""

    id: str
    title: str
    key_results: list[KeyResultRow]


class WorkspaceRecords(Protocol):
    """Where the web reads and writes a team's OKR records; the Principal names the team."""

    def okr_set(self, principal: Principal) -> OkrSet | None:
        """The team's current OKR set, or None when it has none yet."""
        ...

    def latest_values(self, principal: Principal) -> dict[str, Latest]:
        """The latest value of each metric, by metric name (lower case)."""
        ...

    def states(self, principal: Principal) -> dict[str, StateView]:
        """Each key result's computed state with its explanation, by key result id."""
        ...

    def record_checkin(self, principal: Principal, kr_id: str, value: str, confidence: float | None,
                       note: str | None) -> StateView:
        """Record a check-in for one key result as the principal; its new state."""
        ...

    def add_key_results(self, principal: Principal, objective_id: str, key_results: Sequence[KeyResult]) -> None:
        """Append key results to one objective of the team's set."""
        ...


def objective_ids(okrs: OkrSet) -> list[str]:
    """Each objective's id, or its position (O1, O2…) where the file gave none."""
    return [o.id or f"O{i}" for i, o in enumerate(okrs.objectives, start=1)]


def okr_rows(okrs: OkrSet, latest: dict[str, Latest], states: dict[str, StateView],
             findings: dict[str, list[str]] | None = None) -> list[ObjectiveRow]:
    """Objectives with their key results, latest values, states and any lint findings. The latest
    value is the key result's own newest value (a check-in or a snapshot in its unit), else the
    newest snapshot of its metric."""
    rows = []
    for i, (objective, oid) in enumerate(zip(okrs.objectives, objective_ids(okrs), strict=True), start=1):
        krs = []
        for j, kr in enumerate(objective.key_results, start=1):
            kid = kr.id or f"KR{i}.{j}"  # the same fallback ids lint gives
            view = states.get(kid)
            value = latest.get((kr.metric or "").lower()) if kr.metric else None
            krs.append(KeyResultRow(oid, kid, kr, view.latest if view and view.latest else value,
                                    view.state if view else None, (findings or {}).get(kid, []),
                                    view.explanation if view else None,
                                    view.confidence if view and view.confidence is not None else kr.confidence))
        rows.append(ObjectiveRow(oid, objective.title, krs))
    return rows
