"""The key's team's API keys (admin): list, create, revoke. Never shows a stored key again."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from coach.api.deps import CoachDep, PrincipalDep
from coach.api.errors import responses
from coach.api.routes import AUTHED, WITH_BODY
from coach.auth import KeyInfo, KeyRing
from coach.identity import Role

router = APIRouter(prefix="/keys")


class KeyView(BaseModel):
    """A key as listings show it: its id and prefix, never the key."""

    id: str
    team: str
    user: str
    role: Role
    prefix: str
    created_at: str
    revoked_at: str | None


class KeyList(BaseModel):
    """The team's keys, oldest first."""

    keys: list[KeyView]


class NewKey(BaseModel):
    """The role of the new key, and who will use it (private notes are matched to this name)."""

    role: Literal["member", "manager", "coach", "admin"]
    user: str | None = Field(default=None, min_length=1, max_length=120, pattern=r"\S")


class CreatedKey(BaseModel):
    """The new key, shown this once: only its hash is stored."""

    key: str
    id: str
    team: str
    role: Role
    user: str


def _view(info: KeyInfo) -> KeyView:
    return KeyView(id=info.id, team=info.team, user=info.user, role=info.role, prefix=info.prefix,
                   created_at=info.created_at, revoked_at=info.revoked_at)


@router.get("", response_model=KeyList, responses=responses(*AUTHED))
def list_keys(coach: CoachDep, principal: PrincipalDep) -> KeyList:
    """The team's keys: ids and prefixes only (admin)."""
    principal.require("admin")
    return KeyList(keys=[_view(info) for info in KeyRing(coach.database).list(principal.team)])


@router.post("", response_model=CreatedKey, responses=responses(*WITH_BODY))
def create_key(coach: CoachDep, principal: PrincipalDep, new: NewKey) -> CreatedKey:
    """A new key for the team (admin); the answer is the only time the key is shown."""
    key, info = KeyRing(coach.database).create(principal, new.role, new.user)
    return CreatedKey(key=key, id=info.id, team=info.team, role=info.role, user=info.user)


@router.delete("/{key_id}", response_model=KeyView, responses=responses(*AUTHED, 404))
def revoke_key(coach: CoachDep, principal: PrincipalDep, key_id: str) -> KeyView:
    """Revoke one of the team's keys (admin); another team's key id is reported as missing."""
    return _view(KeyRing(coach.database).revoke(principal, key_id))
