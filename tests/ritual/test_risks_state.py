"""Risks read each key result's computed state from the team's records: a stalled or off-track
key result raises the matching risk, with the state's explanation as cited evidence."""

from __future__ import annotations

import datetime as dt

import yaml

from coach.identity import Principal
from coach.service import Coach
from coach.skills.risks import RisksResponse
from tests.conftest import CORPUS

GROWTH = CORPUS / "examples" / "growth"
SOFIA = Principal(team="growth", user="sofia", role="member")


def _okrs(*ids: str) -> dict[str, object]:
    """The growth team's first objective with some of its key results (a set under review)."""
    objective = yaml.safe_load((GROWTH / "okrs.yaml").read_text(encoding="utf-8"))["objectives"][0]
    return {"objectives": [{**objective, "key_results": [k for k in objective["key_results"] if k["id"] in ids]}]}


def _risks(coach: Coach, team: str, *ids: str) -> RisksResponse:
    response = coach.suggest("risks", {"okrs": _okrs(*ids)}, team)
    assert isinstance(response, RisksResponse)
    return response


def _computed(response: RisksResponse) -> list[str]:
    return [e for item in response.items for e in item.evidence if "(computed from its recorded values)" in e]


def test_stalled_and_backwards_key_results_raise_the_matching_risk(coach: Coach) -> None:
    assert coach.ingest([GROWTH], team="growth").errors == []
    assert coach.ingest([CORPUS / "examples" / "platform"], team="platform").errors == []
    today = dt.date.today()
    for days in (21, 14, 7):
        coach.ritual.record_checkin(SOFIA, "KR1.4", 44, on=today - dt.timedelta(days=days))
    coach.ritual.record_checkin(SOFIA, "KR1.1", "5.1%", note="fewer trials converted", on=today)
    response = _risks(coach, "growth", "KR1.1", "KR1.4")
    item = next(i for i in response.items if "is behind or stuck and the plan stays the same" in i.risk)
    stalled = next(e for e in item.evidence if e.startswith("KR1.4 is stalled (computed from its recorded values)"))
    assert "No movement across the last 3 values" in stalled
    backwards = next(e for e in item.evidence if e.startswith("KR1.1 is off track (computed"))
    assert "moving the wrong way" in backwards and '"fewer trials converted"' in backwards
    assert item.severity == "high"  # a value moving away from the target
    assert any(c.source.endswith("okrs.yaml") for c in item.citations)  # the team's record of the KR
    # the same key results asked about by a team that does not track them: no computed evidence
    assert _computed(_risks(coach, "platform", "KR1.1", "KR1.4")) == []


def test_low_confidence_comes_from_the_latest_check_in(coach: Coach) -> None:
    assert coach.ingest([GROWTH], team="growth").errors == []
    today = dt.date.today()
    coach.ritual.record_checkin(SOFIA, "KR1.4", 30, confidence=0.2, note="not sure the template helps",
                                on=today - dt.timedelta(days=1))
    tracked = coach.ritual.find("growth", "", "KR1.4")
    assert tracked is not None and tracked.status is not None
    assert tracked.status.state == "low_confidence"
    response = _risks(coach, "growth", "KR1.4")
    item = next(i for i in response.items if i.risk.startswith("Low confidence"))
    assert item.evidence == [f"KR1.4 is low confidence (computed from its recorded values): "
                             f"{tracked.status.explanation}"]
    assert "not sure the template helps" in item.evidence[0]
