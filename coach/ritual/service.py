"""The weekly ritual as a service: check-ins, computed states, the agenda and the ledger.

Every method takes the caller's `Principal`: the team and the recorder come from it, never
from the request. Reads and writes go through two small interfaces (`TeamData`,
`RitualStore`); the pure parts (state, agenda, ledger rules) live in their own modules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.errors import CoachError, NotFoundError, ValidationError
from coach.identity import Principal
from coach.meetings.dynamics import analyse
from coach.meetings.service import read_transcript
from coach.retrieval.search import SearchResult
from coach.ritual.agenda import Agenda, AgendaIdea, LastMeeting, build_agenda, situation
from coach.ritual.hooks import LEARNING_KIND, TrackedKr
from coach.ritual.learnings import index_learning, learning_chunk
from coach.ritual.ledger import ENDED, ExperimentRecord, ExperimentStatus, ExperimentUpdate, apply_update
from coach.ritual.metric import direction_of
from coach.ritual.records import CheckInRecord, RitualStore, TeamData, TeamKeyResult
from coach.ritual.state import CheckIn, KrFacts, compute_state
from coach.ritual.values import normalise_unit, parse_value

if TYPE_CHECKING:
    from coach.service import Coach


class Ritual:
    """Check-ins, states, agenda and ledger for the principal's team."""

    def __init__(self, coach: Coach, data: TeamData, store: RitualStore,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.coach, self.data, self.store, self.today = coach, data, store, today

    # -- key results and their computed state -------------------------------------------
    def tracked(self, team: str) -> list[TrackedKr]:
        """Every key result of the team with its history and computed state."""
        start, end = self.data.cycle(team)
        okr_chunks = [c for c in self.coach.team_chunks(team) if c.kind == "okr"]
        return [self._track(team, entry, start, end, okr_chunks) for entry in self.data.key_results(team)]

    def find(self, team: str, text: str, kr_id: str | None) -> TrackedKr | None:
        """One key result by id, else by its exact text (None when the team has no such one)."""
        return find_tracked(self.tracked(team), text, kr_id)

    def _entry(self, team: str, kr_id: str) -> TeamKeyResult:
        entries = self.data.key_results(team)
        for entry in entries:
            if entry.id == kr_id:
                return entry
        known = ", ".join(e.id for e in entries if e.id) or "none: import the team's OKRs first"
        raise NotFoundError(f"team {team!r} has no key result {kr_id!r}; its key results: {known}")

    def _track(self, team: str, entry: TeamKeyResult, start: dt.date | None, end: dt.date | None,
               okr_chunks: list[SearchResult]) -> TrackedKr:
        kr = entry.key_result
        facts = KrFacts(entry.id, kr.text, kr.direction or direction_of(kr.text), kr.baseline, kr.target,
                        kr.due, kr.unit, kr.confidence)
        history = self._history(team, entry)
        status = compute_state(facts, history, today=self.today(), cycle_start=start, cycle_end=end)
        evidence = [c for c in okr_chunks if kr.text in c.text][:1]
        return TrackedKr(facts=facts, metric=kr.metric, direction=facts.direction, owner=kr.owner,
                         status=status, history=tuple(sorted(history, key=lambda c: c.date)),
                         initiatives=entry.initiatives, evidence=evidence)

    def _history(self, team: str, entry: TeamKeyResult) -> list[CheckIn]:
        """Check-ins, plus snapshots of the same metric in the same unit (a snapshot is a value too)."""
        kr = entry.key_result
        values = [CheckIn(c.value, c.on, c.confidence, c.note, c.recorded_by)
                  for c in self.store.checkins(team, entry.id)]
        if kr.metric:
            values += [CheckIn(s.value, s.as_of, None, s.notes, s.source or "", "snapshot")
                       for s in self.data.metric_history(team, kr.metric)
                       if normalise_unit(s.unit) == normalise_unit(kr.unit)]
        return values

    # -- check-ins ------------------------------------------------------------------------
    def record_checkin(self, principal: Principal, kr_id: str, value: str | float, *,
                       confidence: float | None = None, note: str | None = None,
                       on: dt.date | None = None) -> tuple[CheckInRecord, TrackedKr]:
        """Store a check-in recorded by the principal; returns it and the key result's new state."""
        principal.require("suggest")
        kr = self._entry(principal.team, kr_id).key_result
        number = parse_value(value, kr_id=kr_id, unit=kr.unit, baseline=kr.baseline, target=kr.target)
        if confidence is not None and not 0.0 <= confidence <= 1.0:
            raise ValidationError(f"confidence {confidence:g} is outside 0–1: give e.g. 0.6 for 60% sure")
        day = on or self.today()
        if day > self.today():
            raise ValidationError(f"check-in date {day} is in the future: record values once they are known")
        record = self.store.add_checkin(principal.team, kr_id, number, kr.unit or "", confidence,
                                        (note or "").strip() or None, day, principal.user)
        found = self.find(principal.team, kr.text, kr_id)
        assert found is not None
        return record, found

    # -- the agenda -----------------------------------------------------------------------
    def prepare(self, principal: Principal, *, offline: bool = True) -> Agenda:
        """The next check-in's agenda; finished experiments are shown once, then marked reviewed."""
        principal.require("read")
        team, today = principal.team, self.today()
        krs = self.tracked(team)
        if not krs:
            raise NotFoundError(f"team {team!r} has no key results yet: import its OKRs first "
                                "(coach okrs import FILE --team T)")
        ideas = {k.facts.id: idea for k in krs if k.status and k.status.state in ("off_track", "stalled")
                 if (idea := self._idea(team, k, offline)) is not None}
        finished = [e for e in self.store.experiments(team) if e.status in ENDED and e.reviewed_on is None]
        agenda = build_agenda(team, today, krs, finished, ideas, self._last_meeting(team))
        for record in finished:
            self.store.save_experiment(_reviewed(record, today))
        vocabulary = self.coach.vocabulary(team)
        data = vocabulary.apply_all(agenda.model_dump(mode="json"),
                                    skip=lambda k: k in ("kr_id", "state", "stance", "kind", "practice_id",
                                                         "citations"))
        data["terms"] = {"objective": vocabulary.objective, "key_result": vocabulary.key_result,
                         "initiative": vocabulary.initiative}
        return Agenda.model_validate(data)

    def _idea(self, team: str, kr: TrackedKr, offline: bool) -> AgendaIdea | None:
        # The check-in notes say what is going on: the idea must fit that, not only the metric.
        notes = situation(kr)
        request = {"key_result": kr.facts.text, "kr_id": kr.facts.id, "n": 3} | ({"context": notes} if notes else {})
        response = self.coach.suggest("experiments", request, team, offline=offline, today=self.today())
        if not response.items:  # say so rather than pad with an idea that does not fit
            metric = kr.metric or kr.facts.text
            return AgendaIdea(kind="none", stance="consider", text=(
                f"Nothing in the practice cards fits {metric} well enough to suggest: ask the team "
                "which one change it could test before the next check-in."))
        first = response.items[0]
        return AgendaIdea(kind="experiment", text=first.hypothesis, stance=first.stance,
                          practice_id=first.practice_id, citations=first.citations)

    def _last_meeting(self, team: str) -> LastMeeting | None:
        path = self.data.last_meeting(team)
        if path is None or not path.is_file():
            return None
        try:
            transcript = read_transcript(path)
            return LastMeeting(path.name, transcript, analyse(transcript))
        except CoachError:
            return None  # an unreadable transcript costs the notes, not the agenda

    # -- the experiment ledger --------------------------------------------------------------
    def add_experiment(self, principal: Principal, kr_id: str, hypothesis: str, test: str | None = None,
                       status: ExperimentStatus = "planned") -> ExperimentRecord:
        """A new ledger entry for one of the team's key results, recorded by the principal."""
        principal.require("suggest")
        self._entry(principal.team, kr_id)
        if len(hypothesis.strip()) < 10:
            raise ValidationError("the hypothesis is too short: write 'We believe <change> will move "
                                  "<metric> because <evidence>'")
        if status in ENDED:
            raise ValidationError("add the experiment first, then finish it with "
                                  "`coach experiments update ID --status done --learning TEXT`")
        return self.store.add_experiment(principal.team, kr_id, hypothesis.strip(),
                                         (test or "").strip() or None, status, self.today(), principal.user)

    def update_experiment(self, principal: Principal, experiment_id: int, update: ExperimentUpdate) -> ExperimentRecord:
        """Move an entry on; a learning is indexed in the team's scope for later suggestions."""
        principal.require("suggest")
        record = self.store.experiment(principal.team, experiment_id)
        if record is None:
            raise NotFoundError(f"team {principal.team!r} has no experiment {experiment_id}; "
                                "`coach experiments list` shows its ids")
        updated = apply_update(record, update, today=self.today(), user=principal.user)
        self.store.save_experiment(updated)
        if updated.learning and updated.learning != record.learning:
            self._index(updated)
        return updated

    def experiments(self, principal: Principal, kr_id: str | None = None) -> list[ExperimentRecord]:
        """The team's ledger (of one key result)."""
        principal.require("read")
        if kr_id:
            self._entry(principal.team, kr_id)
        return self.store.experiments(principal.team, kr_id)

    def _index(self, record: ExperimentRecord) -> None:
        kr = self._entry(record.team, record.kr_id).key_result
        chunk = learning_chunk(record, kr_text=kr.text, metric=kr.metric)
        earlier = [c.chunk_id for c in self.coach.team_chunks(record.team)
                   if c.kind == LEARNING_KIND and c.source == chunk.source]
        index_learning(self.coach.store, self.coach.embedder, chunk, replaces=earlier)
        self.coach.manifest.bump(record.team)  # the lexical index must see the new chunk


def find_tracked(tracked: list[TrackedKr], text: str, kr_id: str | None) -> TrackedKr | None:
    """One of the team's tracked key results by id, else by its exact text (None when none is)."""
    found = [k for k in tracked if (kr_id and k.facts.id == kr_id)
             or (not kr_id and k.facts.text.strip().lower() == text.strip().lower())]
    return found[0] if found else None


def _reviewed(record: ExperimentRecord, on: dt.date) -> ExperimentRecord:
    return dataclasses.replace(record, reviewed_on=on)
