"""The app database opens, migrates to the newest schema once, and matches the models."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from coach.config import Settings
from coach.db import Database, open_database
from coach.db.migrate import current, head
from coach.db.models import Base
from coach.errors import BackendError, ConfigError


def test_a_new_database_is_at_the_newest_migration(database: Database) -> None:
    assert current(database) == head()
    assert set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names())


def test_the_models_and_the_migrations_agree(database: Database) -> None:
    # A model changed without a migration shows up here as a difference.
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       Base.metadata)
    assert differences == []


def test_reopening_and_concurrent_opens_migrate_once(database: Database, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=database.url if database.dialect != "sqlite"
                        else "")
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            open_database(settings).close()
        except Exception as exc:  # collected and asserted below, in the test thread
            errors.append(exc)

    workers = [threading.Thread(target=open_one) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == [] and current(database) == head()


def test_sqlite_is_the_default_in_the_data_dir(tmp_path: Path) -> None:
    database = open_database(Settings(data_dir=tmp_path / "data"))
    assert database.dialect == "sqlite" and (tmp_path / "data" / "coach.db").is_file()
    database.close()


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db"])
def test_an_unusable_url_names_the_setting(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError, match="COACH_DATABASE_URL"):
        open_database(Settings(data_dir=tmp_path, database_url=url))


def test_an_unreachable_server_is_a_clear_error_without_the_password(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://coach:s3cret@127.0.0.1:{port}/coach?connect_timeout=2"
    with pytest.raises(BackendError, match="COACH_DATABASE_URL") as caught:
        open_database(Settings(data_dir=tmp_path, database_url=url))
    assert "s3cret" not in str(caught.value)
