"""Real servers for the production tests: gunicorn nodes and, where needed, their own PostgreSQL."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.bench.server import ROOT, free_port, production_env

PG_SCRIPT = ROOT / "tests" / "postgres.sh"


class OwnPostgres:
    """A throwaway PostgreSQL cluster that a test may stop and start without touching the suite's own."""

    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port
        self.url = subprocess.run([str(PG_SCRIPT), "start", str(directory), str(port)], check=True,
                                  capture_output=True, text=True).stdout.strip()

    def pg_ctl(self, action: str) -> None:
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        command = [str(bindir / "pg_ctl"), "-D", str(self.directory / "data"), "-l", str(self.directory / "server.log"),
                   "-w", "-m", "fast", "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
                   action]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run([str(PG_SCRIPT), "stop", str(self.directory)], check=False, capture_output=True)


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory):
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("PostgreSQL tests run in the PostgreSQL pass of `make test`")
    server = OwnPostgres(Path(f"/tmp/backcheck-pg-{uuid.uuid4().hex[:8]}"), free_port())
    yield server
    server.stop()


@pytest.fixture(scope="module")
def node_env(tmp_path_factory):
    """Settings for gunicorn nodes on a database of the suite's kind (a fresh SQLite file, or PostgreSQL)."""
    if os.environ.get("DATABASE_URL"):
        server = OwnPostgres(Path(f"/tmp/backcheck-pg-{uuid.uuid4().hex[:8]}"), free_port())
        yield production_env(DATABASE_URL=server.url, CACHE_URL="db")
        server.stop()
    else:
        path = tmp_path_factory.mktemp("nodes") / "db.sqlite3"
        yield production_env(SQLITE_PATH=str(path), CACHE_URL="db")
