"""Search, skills and who-am-I: validate → call the caller's TeamAccess → return a public model."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from coach.api.deps import AccessDep, PrincipalDep
from coach.api.errors import responses
from coach.errors import ValidationError
from coach.identity import Role
from coach.skills.registry import SKILLS

router = APIRouter()
# Every route below needs a key; each documents the statuses any authorised route can give.
AUTHED = (401, 403, 429)
# ... and those a JSON body can give: unreadable (400), too large (413), invalid (422).
WITH_BODY = (*AUTHED, 400, 413, 422)


class SearchHit(BaseModel):
    """One search result."""

    chunk_id: str
    source: str
    title: str
    kind: str
    text: str
    score: float


class SearchResponse(BaseModel):
    """Results, best first."""

    results: list[SearchHit]


class Me(BaseModel):
    """Who the key says the caller is."""

    team: str
    user: str
    role: Role


class SkillList(BaseModel):
    """Registered skills and the JSON schema of each one's request body."""

    skills: dict[str, dict[str, Any]]


@router.get("/me", response_model=Me, responses=responses(*AUTHED))
def me(principal: PrincipalDep) -> Me:
    """The team, user and role of the key sent."""
    return Me(team=principal.team, user=principal.user, role=principal.role)


@router.get("/search", response_model=SearchResponse, responses=responses(*AUTHED, 422, 502, 504))
def search(
    access: AccessDep,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
    kind: Annotated[list[str] | None, Query(max_length=20)] = None,
) -> SearchResponse:
    """Hybrid search over the library and the key's team (its own private notes included)."""
    if not q.strip():
        raise ValidationError("q must not be blank: give some words to look for")
    found = access.search(q, k, kinds=kind or ())
    return SearchResponse(results=[SearchHit.model_validate(r.as_json()) for r in found])


@router.get("/skills", response_model=SkillList, responses=responses(*AUTHED))
def list_skills(access: AccessDep) -> SkillList:
    """Registered skills and their request schemas."""
    access.principal.require("read")
    return SkillList(skills={name: s.request_model.model_json_schema() for name, s in SKILLS.items()})


def _skill_route(name: str, request_model: type[BaseModel], response_model: type[BaseModel]) -> None:
    """`POST /skills/<name>`: the body is the skill's request model, the answer its response."""

    def run(access: AccessDep, payload: BaseModel) -> Any:
        return access.suggest(name, payload)

    # The body's type is the skill's own request model, set at run time (annotations are strings here).
    run.__annotations__ = {"access": AccessDep, "payload": request_model, "return": Any}
    run.__doc__ = f"Run the {name} skill for the key's team."
    router.post(f"/skills/{name}", response_model=response_model, name=f"skill_{name}",
                responses=responses(*WITH_BODY, 404, 502, 504))(run)


for _name, _skill in SKILLS.items():
    _skill_route(_name, _skill.request_model, _skill.response_model)
