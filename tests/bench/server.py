"""A production-like Backcheck under gunicorn on 127.0.0.1, for benchmarks and load tests."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra: str) -> dict[str, str]:
    """Settings as in production (DEBUG off), on plain http on this machine."""
    # The browser tests allow sync database calls from Playwright's loop; a server must never inherit that.
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="false", SECRET_KEY="bench-" + "k" * 60, ALLOWED_HOSTS="127.0.0.1,localhost",
               SECURE_COOKIES="false", SECURE_SSL_REDIRECT="false", DJANGO_SETTINGS_MODULE="backend.config.settings",
               LOG_LEVEL="ERROR")
    env.update(extra)
    return env


def prepare(env: dict[str, str]) -> None:
    """Migrate, load the content and collect static files for this environment's database."""
    commands = [["migrate", "--no-input", "-v0"], ["createcachetable"], ["seed_content"]]
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        commands.append(["collectstatic", "--no-input", "-v0"])
    for command in commands:
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)


def wait_for(port: int, timeout: float = 60) -> None:
    """Until the server answers HTTP (any status, a 503 too). The port accepts connections as soon as gunicorn
    binds it, seconds before the master has warmed up (backend.ops.warmup) and forked a worker to answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=max(1.0, deadline - time.monotonic()))
            try:
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                return
            finally:
                connection.close()
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port} after {timeout} s")


@contextmanager
def gunicorn(workers: int = 2, env: dict[str, str] | None = None, port: int | None = None, prepared: bool = False):
    """Run gunicorn with the project's config file (a fresh SQLite file unless the environment names a
    database); yields its URL."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(env or production_env())
        if "DATABASE_URL" not in env and "SQLITE_PATH" not in env:
            env["SQLITE_PATH"] = str(Path(tmp) / "db.sqlite3")
        if not prepared:
            prepare(env)
        port = port or free_port()
        env.update(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers), ACCESS_LOG="/dev/null", LOG_LEVEL="warning")
        process = subprocess.Popen([PYTHON, "-m", "gunicorn", "-c", "backend/config/gunicorn.py"], cwd=ROOT, env=env)
        try:
            wait_for(port)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)
