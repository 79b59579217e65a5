"""The app database engine: SQLite in the data dir by default, PostgreSQL by URL.

SQLite runs in WAL mode with foreign keys on, and every transaction starts with
`BEGIN IMMEDIATE`: a transaction that reads and then writes holds the write lock from its
start, so two processes never interleave a check and a change (the busy timeout makes the
second one wait instead of failing). PostgreSQL runs at READ COMMITTED; the statements that
must not race lock the row they check (see `coach.appdb`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from coach.db.base import Base
from coach.errors import ConfigError

Upsert = sqlite.Insert | postgresql.Insert
_BUSY_TIMEOUT_MS = 30_000


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file."""
    return URL.create("sqlite", database=str(path)).render_as_string()


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


def make_engine(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; ConfigError naming COACH_DATABASE_URL otherwise."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"invalid COACH_DATABASE_URL {url!r}: use postgresql+psycopg://USER:PASSWORD@"
                          "HOST:PORT/DB, or leave it unset for SQLite in the data dir") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(f"unsupported database {parsed.get_backend_name()!r} in COACH_DATABASE_URL: "
                          "coach runs on SQLite (the default) or PostgreSQL (postgresql+psycopg://...)")
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
            _sqlite_pragmas(engine)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise ConfigError(f"no driver for {parsed.drivername!r} in COACH_DATABASE_URL: use "
                          "postgresql+psycopg://... (psycopg 3 is installed with coach)") from exc


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is turned off; `_begin` below starts them.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """One app database: the engine, ORM sessions, and dialect-aware upserts."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in one transaction, committed on success, rolled back on error."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one transaction, committed on success, rolled back on error."""
        with self._sessions.begin() as session:
            yield session

    def upsert(self, table: type[Base]) -> Upsert:
        """`INSERT` with this dialect's `ON CONFLICT` clauses (same syntax on both)."""
        return (postgresql.insert(table) if self.dialect == "postgresql" else sqlite.insert(table))

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
