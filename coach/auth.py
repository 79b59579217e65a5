"""API keys: random secrets stored only as a hash, resolved into a `Principal` at the edge.

A key reads `coach_` followed by 43 URL-safe characters (32 random bytes). Only its SHA-256
is stored (enough for a high-entropy secret: no salt or slow hash is needed against
guessing), plus its first characters as a prefix to recognise it by in listings. Resolving
looks rows up by prefix and compares hashes in constant time.

`resolve_key(db, key)` is what the API dependency and the web app's login both call.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select

from coach.appdb_records import iso, utc_now
from coach.config import check_team
from coach.db import Database
from coach.db.models import ApiKeyRow, TeamRow
from coach.errors import NotFoundError, UnauthorizedError, ValidationError
from coach.identity import ROLES, Principal, Role

KEY_PREFIX = "coach_"
_SHOWN = len(KEY_PREFIX) + 8  # characters of a key kept as its display prefix


def new_key() -> str:
    """A fresh key: 32 random bytes, URL-safe, recognisable by its `coach_` start."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    """What is stored instead of the key."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_fingerprint(key: str) -> str:
    """A short, non-reversible name for a key (rate-limit buckets, logs)."""
    return key_hash(key)[:16]


@dataclass(frozen=True)
class KeyInfo:
    """A key as listings show it: never the secret, only its prefix."""

    id: str
    team: str
    user: str
    role: Role
    prefix: str
    created_at: str
    revoked_at: str | None

    def as_json(self) -> dict[str, str | None]:
        """The public fields."""
        return {"id": self.id, "team": self.team, "user": self.user, "role": self.role,
                "prefix": self.prefix, "created_at": self.created_at, "revoked_at": self.revoked_at}


def _info(row: ApiKeyRow) -> KeyInfo:
    return KeyInfo(row.id, row.team, row.user or row.id, cast(Role, row.role), row.prefix,
                   row.created_at, row.revoked_at)


class KeyRing:
    """Create, list, revoke and resolve the API keys in the app database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, actor: Principal, role: str, user: str | None = None) -> tuple[str, KeyInfo]:
        """A new key for the actor's team; returns the key itself, shown once, and its record."""
        actor.require("admin")
        if role not in ROLES:
            raise ValidationError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
        if user is not None and not 1 <= len(user.strip()) <= 120:
            raise ValidationError("a key's user name must be 1 to 120 characters")
        team = check_team(actor.team)
        key, key_id = new_key(), "key_" + secrets.token_hex(6)
        row = ApiKeyRow(id=key_id, team=team, user=user.strip() if user else key_id, role=role,
                        prefix=key[:_SHOWN], hash=key_hash(key), created_at=iso(utc_now()),
                        revoked_at=None)
        with self.db.session() as session:
            if session.get(TeamRow, team) is None:
                raise NotFoundError(f"no team {team!r}: create it first with `coach team create {team}` "
                                    "(or ingest or import something for it)")
            session.add(row)
        return key, _info(row)

    def list(self, team: str | None = None) -> list[KeyInfo]:
        """Every key (of one team), oldest first; revoked ones say when."""
        query = select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.id)
        if team is not None:
            query = query.where(ApiKeyRow.team == team)
        with self.db.session() as session:
            return [_info(row) for row in session.scalars(query)]

    def get(self, key_id: str, team: str | None = None) -> KeyInfo:
        """One key's record; a key of another team than `team` is reported as missing."""
        with self.db.session() as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None or (team is not None and row.team != team):
                raise NotFoundError(f"no API key with id {key_id!r}; `coach keys list` shows the ids")
            return _info(row)

    def revoke(self, actor: Principal, key_id: str) -> KeyInfo:
        """Revoke one of the actor's team's keys; it stops working at once. Revoking twice is a no-op."""
        actor.require("admin")
        with self.db.session() as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None or row.team != actor.team:
                raise NotFoundError(f"no API key with id {key_id!r} in team {actor.team!r}; "
                                    "`coach keys list` shows the ids")
            row.revoked_at = row.revoked_at or iso(utc_now())
            return _info(row)

    def resolve(self, key: str) -> Principal:
        """The Principal a live key stands for, or UnauthorizedError (the same for every failure)."""
        digest = key_hash(key)
        query = select(ApiKeyRow).where(ApiKeyRow.prefix == key[:_SHOWN], ApiKeyRow.revoked_at.is_(None))
        with self.db.session() as session:
            for row in session.scalars(query):
                if hmac.compare_digest(row.hash, digest):
                    info = _info(row)
                    return Principal(team=info.team, user=info.user, role=info.role)
        raise UnauthorizedError("the API key is unknown or revoked: ask a team admin for a key "
                                "(`coach keys create`)")


def resolve_key(db: Database, key: str) -> Principal:
    """`Authorization: Bearer KEY` → the key's Principal (the API and the web app share this)."""
    return KeyRing(db).resolve(key.strip())
