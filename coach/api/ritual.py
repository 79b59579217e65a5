"""Check-ins, the agenda and the experiment ledger over HTTP; the team and the recorder always
come from the key's Principal, never from the request."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from coach.api.deps import CoachDep, PrincipalDep
from coach.api.errors import responses
from coach.api.routes import AUTHED, WITH_BODY
from coach.cards import KrState
from coach.ritual.agenda import Agenda
from coach.ritual.ledger import ExperimentRecord, ExperimentStatus, ExperimentUpdate

router = APIRouter(tags=["ritual"])


class CheckInBody(BaseModel):
    """A check-in value for one of the key's team's key results."""

    kr_id: str = Field(min_length=1, max_length=64)
    value: float | str = Field(description="a number, or a number with the key result's unit: '6.8%'")
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    note: str | None = Field(default=None, max_length=2000)
    date: dt.date | None = None


class CheckInView(BaseModel):
    """The stored check-in and the key result's new computed state."""

    id: int
    kr_id: str
    value: float
    unit: str
    confidence: float | None
    note: str | None
    date: dt.date
    recorded_by: str
    state: KrState
    explanation: str


class KrStateView(BaseModel):
    """A key result's computed state."""

    kr_id: str
    text: str
    owner: str | None
    state: KrState
    explanation: str


class ExperimentBody(BaseModel):
    """A new ledger entry."""

    kr_id: str = Field(min_length=1, max_length=64)
    hypothesis: str = Field(min_length=10, max_length=2000)
    test: str | None = Field(default=None, max_length=2000)


class ExperimentChange(BaseModel):
    """Move an entry on; a learning goes with done or abandoned."""

    status: ExperimentStatus
    result: str | None = Field(default=None, max_length=2000)
    learning: str | None = Field(default=None, max_length=2000)


class ExperimentView(BaseModel):
    """One ledger entry: key result → hypothesis → experiment → result → learning, dates, who."""

    id: int
    team: str
    kr_id: str
    hypothesis: str
    test: str | None
    status: Literal["planned", "running", "done", "abandoned"]
    result: str | None
    learning: str | None
    created_on: dt.date
    started_on: dt.date | None
    ended_on: dt.date | None
    reviewed_on: dt.date | None
    recorded_by: str
    updated_by: str


class ExperimentList(BaseModel):
    """The team's ledger, oldest first."""

    experiments: list[ExperimentView]


@router.post("/checkins", response_model=CheckInView, status_code=201, responses=responses(*WITH_BODY, 404))
def record_checkin(coach: CoachDep, principal: PrincipalDep, body: CheckInBody) -> CheckInView:
    """Record a value for a key result; the recorder is the key's user."""
    stored, tracked = coach.ritual.record_checkin(principal, body.kr_id, body.value, confidence=body.confidence,
                                                  note=body.note, on=body.date)
    assert tracked.status is not None
    return CheckInView(id=stored.id, kr_id=stored.kr_id, value=stored.value, unit=stored.unit,
                       confidence=stored.confidence, note=stored.note, date=stored.on,
                       recorded_by=stored.recorded_by, state=tracked.status.state,
                       explanation=tracked.status.explanation)


@router.get("/key-results/states", response_model=list[KrStateView], responses=responses(*AUTHED))
def key_result_states(coach: CoachDep, principal: PrincipalDep) -> list[KrStateView]:
    """Every key result of the team with its computed state and explanation."""
    principal.require("read")
    return [KrStateView(kr_id=k.facts.id, text=k.facts.text, owner=k.owner, state=k.status.state,
                        explanation=k.status.explanation)
            for k in coach.ritual.tracked(principal.team) if k.status is not None]


@router.post("/checkins/agenda", response_model=Agenda, responses=responses(*AUTHED, 404, 502, 504))
def prepare_agenda(coach: CoachDep, principal: PrincipalDep) -> Agenda:
    """The next check-in's agenda (POST: finished experiments are shown once, then marked reviewed)."""
    return coach.ritual.prepare(principal)


@router.post("/experiments", response_model=ExperimentView, status_code=201,
             responses=responses(*WITH_BODY, 404))
def add_experiment(coach: CoachDep, principal: PrincipalDep, body: ExperimentBody) -> ExperimentView:
    """Add a planned experiment for one of the team's key results."""
    return _view(coach.ritual.add_experiment(principal, body.kr_id, body.hypothesis, body.test))


@router.patch("/experiments/{experiment_id}", response_model=ExperimentView,
              responses=responses(*WITH_BODY, 404))
def update_experiment(coach: CoachDep, principal: PrincipalDep,
                      experiment_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                      body: ExperimentChange) -> ExperimentView:
    """Move an experiment on (another team's id is 404)."""
    update = ExperimentUpdate(body.status, body.result, body.learning)
    return _view(coach.ritual.update_experiment(principal, experiment_id, update))


@router.get("/experiments", response_model=ExperimentList, responses=responses(*AUTHED, 404, 422))
def list_experiments(coach: CoachDep, principal: PrincipalDep,
                     kr_id: Annotated[str | None, Query(max_length=64)] = None) -> ExperimentList:
    """The team's experiments (of one key result)."""
    return ExperimentList(experiments=[_view(e) for e in coach.ritual.experiments(principal, kr_id)])


def _view(entry: ExperimentRecord) -> ExperimentView:
    return ExperimentView.model_validate(entry.as_json())
