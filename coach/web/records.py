"""Team records read from what the team ingested (its OKR file and metric snapshots)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from coach.errors import NotFoundError, ValidationError
from coach.identity import Principal
from coach.okr import KeyResult, OkrSet
from coach.service import Coach
from coach.web.team import Latest, objective_ids


class IndexedRecords:
    """The team's OKR set and latest metric values, from its ingested files."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    def okr_set(self, principal: Principal) -> OkrSet | None:
        """The team's OKR file, parsed (the newest-named one when there are several)."""
        sources = self._sources(principal)
        if not sources:
            return None
        return OkrSet.model_validate(yaml.safe_load(Path(sources[-1]).read_text(encoding="utf-8")))

    def _sources(self, principal: Principal) -> list[str]:
        return sorted({c.source for c in self.coach.team_chunks(principal.team) if c.kind == "okr"})

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
        """Append to one objective, then store the whole set as the team's OKR file in the data dir
        and index it (the file it came from leaves the team's index: the new file holds all of it)."""
        okrs = self.okr_set(principal)
        if okrs is None:
            raise NotFoundError("this team has no OKR set yet: ask an admin to import the team's OKR file")
        ids = objective_ids(okrs)
        if objective_id not in ids:
            raise NotFoundError(f"no objective {objective_id!r} in this team's OKR set: reload and choose one")
        objective = okrs.objectives[ids.index(objective_id)]
        numbered = [kr.model_copy(update={"id": kr.id or f"{objective_id.replace('O', 'KR', 1)}.{n}"})
                    for n, kr in enumerate(key_results, start=len(objective.key_results) + 1)]
        objective.key_results.extend(numbered)
        previous = self._sources(principal)
        path = self.coach.settings.data_dir / "okrs" / principal.team / "okrs.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(okrs.model_dump(mode="json", exclude_none=True), sort_keys=False),
                        encoding="utf-8")
        report = self.coach.ingest([path], principal.team)
        if report.errors:
            raise ValidationError(f"the updated OKR set could not be stored: {report.errors[0]['error']}")
        self.coach.forget([Path(p) for p in previous if Path(p) != path], principal.team)
