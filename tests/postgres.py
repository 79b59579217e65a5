"""A throwaway PostgreSQL server for tests: initdb into a temp dir, pg_ctl start, stop.

PostgreSQL refuses to run as root, so as root (CI, this machine) every server command
runs as the unprivileged `postgres` user through `runuser`; as anyone else it runs as
that user. The server listens on 127.0.0.1 on a free port, with its socket in its own dir.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

_NAMES = itertools.count(1)


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin dir (Debian layout), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresServer:
    """A running throwaway server; `create_database()` gives each test its own database."""

    root: Path
    bin: Path
    port: int = field(default_factory=_free_port)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def start(self) -> None:
        """initdb (trust auth, superuser `coach`) and start on 127.0.0.1:port."""
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(_as_server_user([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust",
                                        "-U", "coach", "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True)
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        subprocess.run(_as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                                        "-l", str(self.root / "server.log"), "-w", "start"]),
                       check=True, capture_output=True)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        subprocess.run(_as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                                        "-w", "stop"]), check=False, capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"coach_test_{os.getpid()}_{next(_NAMES)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=coach dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://coach@127.0.0.1:{self.port}/{name}"


def start_server() -> PostgresServer:
    """Start a server, or raise RuntimeError saying how to install PostgreSQL."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                           "run `make test`, which installs the postgresql package, or "
                           "`apt-get install postgresql`")
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="coach-pg-")), binaries)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        log = (server.root / "server.log")
        detail = log.read_text() if log.exists() else exc.stderr.decode(errors="replace")
        server.stop()
        raise RuntimeError(f"the test PostgreSQL server did not start: {detail}") from exc
    return server
