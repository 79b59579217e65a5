"""The app database: SQLAlchemy models, the engine, and Alembic migrations run on open.

SQLite at `DATA_DIR/coach.db` by default; PostgreSQL when `COACH_DATABASE_URL` is set.
"""

from coach.db.engine import Database, safe_url, sqlite_url
from coach.db.open import open_database

__all__ = ["Database", "open_database", "safe_url", "sqlite_url"]
