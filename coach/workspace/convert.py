"""Rows ↔ records for teams and OKR sets (no queries here)."""

from __future__ import annotations

import json

from coach.db.models import KeyResultRow, ObjectiveRow, OkrSetRow, TeamRow
from coach.okr import KeyResult, Objective, OkrSet
from coach.vocabulary import Vocabulary
from coach.workspace.records import Cycle, Team


def team_of(row: TeamRow) -> Team:
    """The Team record of a teams row."""
    cycle = Cycle(row.cycle_label, row.cycle_start, row.cycle_end) if row.cycle_label else None
    vocabulary = Vocabulary.model_validate_json(row.vocabulary) if row.vocabulary else Vocabulary()
    return Team(row.name, row.display_name, vocabulary, cycle, row.webhook_url, row.retention_days)


def okrs_of(row: OkrSetRow) -> OkrSet:
    """The OKR set stored in an okr_sets row and its objectives and key results."""
    return OkrSet(team=row.team, cycle=row.cycle, objectives=[
        Objective(id=o.code, title=o.title, owner=o.owner, initiatives=json.loads(o.initiatives),
                  key_results=[_key_result(k) for k in o.key_results])
        for o in row.objectives])


def _key_result(row: KeyResultRow) -> KeyResult:
    return KeyResult(id=row.code, text=row.text, metric=row.metric, unit=row.unit,
                     direction=row.direction,  # type: ignore[arg-type]  # stored from a checked Direction
                     baseline=row.baseline, target=row.target, due=row.due, owner=row.owner,
                     confidence=row.confidence)


def okr_rows(okrs: OkrSet) -> list[ObjectiveRow]:
    """New objective rows (with their key results) for an OKR set, in file order."""
    return [ObjectiveRow(position=i, code=o.id, title=o.title, owner=o.owner,
                         initiatives=json.dumps(o.initiatives),
                         key_results=[KeyResultRow(position=j, code=k.id, text=k.text, metric=k.metric,
                                                   unit=k.unit, direction=k.direction, baseline=k.baseline,
                                                   target=k.target, due=k.due, owner=k.owner,
                                                   confidence=k.confidence)
                                      for j, k in enumerate(o.key_results)])
            for i, o in enumerate(okrs.objectives)]
