"""The declarative base every table model derives from, with stable constraint names.

Named constraints keep Alembic migrations identical on SQLite and PostgreSQL (SQLite
would otherwise leave them unnamed, and a later batch migration could not refer to them).
"""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of coach's table models; `Base.metadata` is what the migrations create."""

    metadata = MetaData(naming_convention=NAMING)
