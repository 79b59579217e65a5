"""Team records read from what the team ingested (its OKR file and metric snapshots)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from coach.errors import ValidationError
from coach.identity import Principal
from coach.okr import KeyResult, OkrSet
from coach.service import Coach
from coach.web.team import Latest


class IndexedRecords:
    """The team's OKR set and latest metric values, from its ingested files."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    def okr_set(self, principal: Principal) -> OkrSet | None:
        """The team's OKR file, parsed (the newest-named one when there are several)."""
        sources = sorted({c.source for c in self.coach.team_chunks(principal.team) if c.kind == "okr"})
        if not sources:
            return None
        return OkrSet.model_validate(yaml.safe_load(Path(sources[-1]).read_text(encoding="utf-8")))

    def latest_values(self, principal: Principal) -> dict[str, Latest]:
        """The newest snapshot of each metric."""
        found: dict[str, Latest] = {}
        for chunk in self.coach.team_chunks(principal.team):
            meta = chunk.metadata
            if chunk.kind == "metric" and "value" in meta:
                found[str(meta["metric"]).lower()] = Latest(float(meta["value"]), str(meta.get("unit", "")),
                                                            str(meta.get("as_of", "")))
        return found

    def states(self, principal: Principal) -> dict[str, str]:
        """No computed states yet."""
        return {}

    def add_key_results(self, principal: Principal, objective_id: str, key_results: Sequence[KeyResult]) -> None:
        """Not stored yet."""
        raise ValidationError("adding key results needs the team records database: not available here")
