"""Real servers for the production tests: gunicorn nodes and, where needed, their own PostgreSQL and Redis."""

import os
import subprocess
import uuid
from pathlib import Path
from typing import Self

import pytest

from tests.bench.server import ROOT, free_port, production_env


class ThrowawayServer:
    """A server started by one of the tests' scripts: `start DIR PORT` prints its URL, `stop DIR` removes it."""

    script: Path
    name: str

    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port
        # stderr is left to pytest, so that a failed start (or install) shows the script's message.
        self.url = subprocess.run([str(self.script), "start", str(directory), str(port)], check=True,
                                  stdout=subprocess.PIPE, text=True).stdout.strip()

    @classmethod
    def fresh(cls) -> Self:
        """One on a spare port, in a new directory under /tmp (which the postgres user can reach)."""
        return cls(Path(f"/tmp/backcheck-{cls.name}-{uuid.uuid4().hex[:8]}"), free_port())

    def stop(self) -> None:
        subprocess.run([str(self.script), "stop", str(self.directory)], check=False, capture_output=True)


class OwnPostgres(ThrowawayServer):
    """A throwaway PostgreSQL cluster that a test may stop and start without touching the suite's own."""

    script, name = ROOT / "tests" / "postgres.sh", "pg"

    def pg_ctl(self, action: str) -> None:
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        command = [str(bindir / "pg_ctl"), "-D", str(self.directory / "data"), "-l", str(self.directory / "server.log"),
                   "-w", "-m", "fast", "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
                   action]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)


class OwnRedis(ThrowawayServer):
    """A throwaway Redis server, for nodes that share their cache in Redis (CACHE_URL=redis://...)."""

    script, name = ROOT / "tests" / "redis.sh", "redis"


def postgresql_pass_only() -> None:
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("runs once, in the PostgreSQL pass of `make test`")


@pytest.fixture(scope="module")
def own_postgres():
    postgresql_pass_only()
    server = OwnPostgres.fresh()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_redis():
    postgresql_pass_only()
    server = OwnRedis.fresh()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def node_env(request, tmp_path_factory):
    """Settings for gunicorn nodes on a database of the suite's kind (a fresh SQLite file, or PostgreSQL),
    with production's default cache: no CACHE_URL, so the nodes must share the database's."""
    if os.environ.get("DATABASE_URL"):
        # The module's own cluster, which the outage test stops and starts: migrating it and loading the content
        # (a minute on PostgreSQL) is then done once for every node of the module, not once more for the outage.
        yield production_env(DATABASE_URL=request.getfixturevalue("own_postgres").url, CACHE_URL="")
    else:
        path = tmp_path_factory.mktemp("nodes") / "db.sqlite3"
        yield production_env(SQLITE_PATH=str(path), CACHE_URL="")
