"""Open the configured app database and bring its schema up to date."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import OperationalError

from coach.config import Settings
from coach.db.engine import Database, safe_url, sqlite_url
from coach.db.migrate import upgrade
from coach.errors import BackendError

# What a first-release `app.db` is renamed to once its rows are in the app database.
LEGACY_APP_DB = "app.db.release-0.1"


def database_url(settings: Settings) -> str:
    """`COACH_DATABASE_URL`, or SQLite at `DATA_DIR/coach.db`."""
    return settings.database_url or sqlite_url(settings.db_path)


def open_database(settings: Settings) -> Database:
    """The app database, migrated to the newest schema; BackendError if it cannot be reached."""
    url = database_url(settings)
    if not settings.database_url:
        settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    database = Database(url)
    try:
        imported = upgrade(database, data_dir=settings.data_dir)
    except OperationalError as exc:
        database.close()
        raise BackendError(f"cannot open the app database at {safe_url(url)}: {exc.orig}; check "
                           "COACH_DATABASE_URL (or the data dir's permissions for SQLite)") from exc
    if imported:
        _set_aside(settings.data_dir / "app.db")
    return database


def _set_aside(app_db: Path) -> None:
    """Keep the imported first-release file, renamed so nothing reads it as current again."""
    for suffix in ("", "-wal", "-shm"):
        old = app_db.with_name(app_db.name + suffix)
        if old.exists():
            old.rename(app_db.with_name(f"{LEGACY_APP_DB}{suffix}"))
