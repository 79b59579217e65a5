"""The workspace's team records from the app database: the OKR set and metric snapshots from the
`TeamRepository`, each key result's state computed by the ritual (`Coach.ritual`) from its check-ins and snapshots."""

from __future__ import annotations

from collections.abc import Sequence

from coach.errors import NotFoundError
from coach.identity import Principal
from coach.okr import KeyResult, OkrSet
from coach.ritual.hooks import TrackedKr
from coach.service import Coach
from coach.web.team import Latest, StateView, objective_ids


class RepositoryRecords:
    """The workspace's records for one request."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    def okr_set(self, principal: Principal) -> OkrSet | None:
        """The team's current OKR set (the newest cycle)."""
        sets = self.coach.repository.okrs(principal.team)
        return sets[0].okrs if sets else None

    def latest_values(self, principal: Principal) -> dict[str, Latest]:
        """The newest snapshot of each metric, by lower-case name."""
        return {s.metric.lower(): Latest(s.value, s.unit, s.as_of.isoformat())
                for s in self.coach.repository.latest_metrics(principal.team)}

    def states(self, principal: Principal) -> dict[str, StateView]:
        """Each key result's computed state (check-ins and snapshots against the straight line); where
        two OKR files share an id, the newest cycle's key result wins, as in the OKR set shown."""
        views: dict[str, StateView] = {}
        for tracked in self.coach.ritual.tracked(principal.team):
            if tracked.status is not None:
                views.setdefault(tracked.facts.id, _view(tracked))
        return views

    def record_checkin(self, principal: Principal, kr_id: str, value: str, confidence: float | None,
                       note: str | None) -> StateView:
        """Record a check-in through the ritual (the recorder is the principal); the new state."""
        _, tracked = self.coach.ritual.record_checkin(principal, kr_id, value, confidence=confidence, note=note)
        return _view(tracked)

    def add_key_results(self, principal: Principal, objective_id: str, key_results: Sequence[KeyResult]) -> None:
        """Append key results to one objective of the team's current set (new ids follow the last)."""
        principal.require("suggest")
        sets = self.coach.repository.okrs(principal.team)
        if not sets:
            raise NotFoundError("this team has no OKR set yet: ask an admin to import the team's OKR file")
        current = sets[0]
        okrs = current.okrs.model_copy(deep=True)
        ids = objective_ids(okrs)
        if objective_id not in ids:
            raise NotFoundError(f"no objective {objective_id!r} in this team's OKR set: reload and choose one")
        objective = okrs.objectives[ids.index(objective_id)]
        objective.key_results.extend(with_new_ids(objective_id, objective.key_results, key_results))
        self.coach.repository.import_okrs(principal.team, current.file, okrs)


def _view(tracked: TrackedKr) -> StateView:
    status = tracked.status
    newest = tracked.history[-1] if tracked.history else None
    latest = Latest(newest.value, tracked.facts.unit or "", newest.date.isoformat()) if newest else None
    said = [c.confidence for c in tracked.history if c.confidence is not None]
    confidence = said[-1] if said else None
    if status is None:
        return StateView("new", "No state yet.", latest, confidence)
    return StateView(status.state, status.explanation, latest, confidence)


def with_new_ids(objective_id: str, existing: Sequence[KeyResult], added: Sequence[KeyResult]) -> list[KeyResult]:
    """The added key results, each with the next free id under the objective (O2 → KR2.5, KR2.6…)."""
    prefix = objective_id.replace("O", "KR", 1) if objective_id.startswith("O") else f"{objective_id}-KR"
    used = {kr.id for kr in existing}
    numbered, n = [], len(existing)
    for kr in added:
        n += 1
        while f"{prefix}.{n}" in used:
            n += 1
        numbered.append(kr.model_copy(update={"id": f"{prefix}.{n}"}))
    return numbered
