"""The team workspace: the OKR set, key-result ideas, practices, the pre-mortem and the lint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, get_args

from fastapi import Form, Query, Request
from starlette.responses import HTMLResponse

from coach.cards import KrState
from coach.errors import NotFoundError, ValidationError
from coach.okr import KeyResult, OkrSet
from coach.team_access import TeamAccess
from coach.web.context import CheckedDep, Visitor, VisitorDep, allowed, is_htmx, page, web_app
from coach.web.routing import web_router
from coach.web.team import KeyResultRow, ObjectiveRow, WorkspaceRecords, objective_ids, okr_rows

router = web_router()


def _records(request: Request) -> WorkspaceRecords:
    return web_app(request).records_of(request)


def _okr_values(request: Request, visitor: Visitor, findings: dict[str, list[Any]] | None = None
                ) -> dict[str, Any]:
    records = _records(request)
    okrs = records.okr_set(visitor.principal)
    rows: list[ObjectiveRow] = []
    if okrs is not None:
        rows = okr_rows(okrs, records.latest_values(visitor.principal), records.states(visitor.principal),
                        findings)
    return {"rows": rows, "cycle": okrs.cycle if okrs else None, "objective_findings": {},
            "checked": findings is not None}


@router.get("/workspace")
def workspace(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """The OKR set and the forms that ask for ideas."""
    allowed(visitor, "read")
    return page(request, visitor, "workspace.html", "workspace", title="Workspace",
                **_okr_values(request, visitor))


@router.post("/workspace/ideas")
def ideas(request: Request, visitor: CheckedDep,
          objective: Annotated[str, Form(max_length=500)] = "") -> HTMLResponse:
    """Candidate key results for an objective, as cards that can be kept."""
    response = TeamAccess(visitor.coach, visitor.principal).suggest("key-results", {"objective": objective})
    items = response.items
    okrs = _records(request).okr_set(visitor.principal)
    objectives = list(zip(objective_ids(okrs), [o.title for o in okrs.objectives], strict=True)) if okrs else []
    values = [json.dumps(_kept(idea.model_dump(mode="json"))) for idea in items]
    return page(request, visitor, "_ideas.html", "workspace", objective=objective, items=items,
                idea_values=values, objectives=objectives, warnings=response.warnings)


def _kept(idea: dict[str, Any]) -> dict[str, Any]:
    """The facts of an idea that become a key result (no invented target)."""
    baseline = idea.get("baseline") or {}
    return {"text": idea["text"], "metric": idea["metric"], "unit": idea.get("unit") or None,
            "direction": idea["direction"], "baseline": baseline.get("value")}


@router.post("/workspace/keep")
def keep(request: Request, visitor: CheckedDep, idea: Annotated[list[str] | None, Form()] = None,
         objective_id: Annotated[str, Form(max_length=64)] = "") -> HTMLResponse:
    """Add the ticked ideas to an objective as key results."""
    allowed(visitor, "suggest")
    chosen = [_key_result(raw) for raw in idea or []]
    if not chosen:
        raise ValidationError("no idea is ticked: tick the ideas to keep, then add them")
    _records(request).add_key_results(visitor.principal, objective_id, chosen)
    notice = f"Added {len(chosen)} to {objective_id}."
    return page(request, visitor, "_okr_set.html", "workspace", notice=notice, **_okr_values(request, visitor))


def _key_result(raw: str) -> KeyResult:
    try:
        return KeyResult.model_validate(json.loads(raw))
    except (ValueError, TypeError) as exc:
        raise ValidationError("a ticked idea could not be read: suggest the ideas again, then tick them") from exc


@router.post("/workspace/checkin")
def checkin(request: Request, visitor: CheckedDep, kr_id: Annotated[str, Form(max_length=64)] = "",
            value: Annotated[str, Form(max_length=64)] = "", confidence: Annotated[str, Form(max_length=16)] = "",
            note: Annotated[str, Form(max_length=500)] = "") -> HTMLResponse:
    """Record a check-in for one key result; the OKR set again, with its newly computed state."""
    allowed(visitor, "suggest")
    view = _records(request).record_checkin(visitor.principal, kr_id, value, _confidence(confidence),
                                            note.strip() or None)
    notice = f"Recorded {value.strip()} for {kr_id}: {view.state.replace('_', ' ')}."
    return page(request, visitor, "_okr_set.html", "workspace", notice=notice, **_okr_values(request, visitor))


def _confidence(raw: str) -> float | None:
    """Empty, a share (0.6) or a percent (60%)."""
    text = raw.strip()
    if not text:
        return None
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        raise ValidationError(f"confidence {text!r} is not a number: give e.g. 0.6 or 60% for 60% sure") from None
    return number / 100 if text.endswith("%") else number


@router.post("/workspace/practices")
def practices(request: Request, visitor: CheckedDep,
              key_result: Annotated[str, Form(max_length=64)] = "",
              context: Annotated[str, Form(max_length=2000)] = "") -> HTMLResponse:
    """Three practices for one key result, matched to what is going on and to its state."""
    row = _row(request, visitor, key_result)
    state = row.state if row.state in get_args(KrState) else None
    asked: dict[str, str | None] = {"key_result": row.kr.text, "state": state}
    if context.strip():
        asked["context"] = context.strip()
    response = TeamAccess(visitor.coach, visitor.principal).suggest("practices", asked)
    return page(request, visitor, "_practices.html", "workspace", kr_id=row.id, items=response.items,
                warnings=response.warnings)


def _okrs(request: Request, visitor: Visitor) -> OkrSet:
    okrs = _records(request).okr_set(visitor.principal)
    if okrs is None:
        raise NotFoundError("this team has no OKR set yet: ask an admin to import the team's OKR file")
    return okrs


def _row(request: Request, visitor: Visitor, kr_id: str) -> KeyResultRow:
    for objective in _okr_values(request, visitor)["rows"]:
        for row in objective.key_results:
            if row.id == kr_id:
                return row  # type: ignore[no-any-return]
    raise NotFoundError(f"no key result {kr_id!r} in this team's OKR set: reload the page and choose one")


@router.post("/workspace/risks")
def risks(request: Request, visitor: CheckedDep) -> HTMLResponse:
    """A pre-mortem of the team's OKR set."""
    okrs = _okrs(request, visitor)
    response = TeamAccess(visitor.coach, visitor.principal).suggest("risks", {"okrs": okrs.model_dump(mode="json")})
    return page(request, visitor, "_risks.html", "workspace", items=response.items, warnings=response.warnings)


@router.post("/workspace/check")
def check(request: Request, visitor: CheckedDep) -> HTMLResponse:
    """The OKR set again, with the lint findings beside each key result."""
    okrs = _okrs(request, visitor)
    response = TeamAccess(visitor.coach, visitor.principal).suggest("lint", {"okrs": okrs.model_dump(mode="json")})
    by_kr: dict[str, list[Any]] = {}
    by_objective: dict[str, list[Any]] = {}
    for item in response.items:
        target = by_kr.setdefault(item.key_result_id, []) if item.key_result_id else by_objective.setdefault(
            item.objective_id, [])
        target.extend(item.findings)
    values = _okr_values(request, visitor, by_kr)
    values["objective_findings"] = by_objective
    return page(request, visitor, "_okr_set.html", "workspace", **values)


@router.get("/citations")
def citation(request: Request, visitor: VisitorDep, chunk: Annotated[str, Query(max_length=200)],
             source: Annotated[str, Query(max_length=2000)]) -> HTMLResponse:
    """The cited excerpt and its attribution (the library or this team's shared data only)."""
    allowed(visitor, "read")
    found = [c for c in visitor.coach.file_chunks(source, visitor.principal.team) if c.chunk_id == chunk]
    if not found:
        raise NotFoundError("that source is not in this team's data or the library: it may have been "
                            "removed; suggest again to get fresh citations")
    hit = found[0]
    values: dict[str, Any] = {"title": hit.title or Path(hit.source).name, "authors": hit.metadata.get("authors"),
              "where": _where(hit.source, hit.metadata), "excerpt": hit.text}
    template = "_citation.html" if is_htmx(request) else "citation.html"
    return page(request, visitor, template, None, **values)


def _where(source: str, metadata: dict[str, Any]) -> str:
    kind = str(metadata.get("kind", ""))
    name = Path(source).name
    return f"{name} ({kind.replace('_', ' ')})" if kind else name
