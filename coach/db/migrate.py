"""Alembic migrations, run in code when the database opens (they ship inside the package).

The script location is this package's `migrations` folder, so upgrades work the same from
a checkout or an installed wheel, with no alembic.ini. Concurrent openers are serialised:
SQLite by its write lock (`BEGIN IMMEDIATE`), PostgreSQL by an advisory lock, so several
workers starting at once upgrade the schema exactly once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from coach.db.engine import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY = 0x636F616368  # "coach": one advisory lock id for schema upgrades


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest migration's revision id."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "coach ships at least one migration"
    return revision


def current(database: Database) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head", data_dir: Path | None = None) -> bool:
    """Bring the schema up to `revision` in one transaction. `data_dir` is where a first-release
    `app.db` is looked for; True when one was imported."""
    config = alembic_config()
    with database.begin() as connection:
        if database.dialect == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
        config.attributes["connection"] = connection
        config.attributes["data_dir"] = data_dir
        command.upgrade(config, revision)
    return bool(config.attributes.get("imported_app_db"))
