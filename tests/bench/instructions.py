"""What one request costs in machine instructions, counted by valgrind's callgrind:
`python -m tests.bench.instructions`.

A speed on a shared 2-core machine drifts by a fifth within a minute (production_bench measures in rounds
because of it), so a change of a few per cent in what a quiz step costs is lost in wrk's numbers. The
count of instructions is the same from one run to the next, whatever else the machine is doing.

Counted: an htmx GET of question 3 (a session that has been through the red-flag screen, who, about,
describe and two questions) and the floor view (a fixed 100-byte page through the same middleware),
each through Django's WSGI handler in one process with production settings, after gc.freeze() as
gunicorn's master does before it forks the workers. Only the requests are counted (callgrind collects
inside the loop that sends them); each is counted over a short and a long run and the difference divided,
so that the loop's own start and end fall out. The ratio floor / quiz step is the instruction-count twin
of production_bench's speed ratio (which also holds gunicorn's and the network's share, the same for both).
"""

from __future__ import annotations

import functools
import gc
import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.production_bench import TO_THE_QUESTIONS, report
from tests.bench.server import PYTHON, ROOT, prepare, production_env

SHORT, LONG = 40, 240


def count(target: str, requests: int) -> None:
    """In the process valgrind runs: answer the quiz up to question 3, then send `requests` GETs of the target."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    client = Client()
    response = client.post("/quiz/back-lump/", {"action": "restart"}, follow=True)
    for answer in TO_THE_QUESTIONS:
        response = client.post(response.redirect_chain[-1][0], answer, follow=True)
    for _ in range(2):
        items = re.search(r'name="items" value="([^"]*)"', response.text).group(1)
        response = client.post(response.redirect_chain[-1][0], {"items": items, "answer": "unknown"}, follow=True)
    question = response.redirect_chain[-1][0]
    assert question.endswith("/q/3/"), question
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    path, headers = {"quiz": (question, {"HTTP_COOKIE": cookie, "HTTP_HX_REQUEST": "true"}),
                     "floor": ("/bench/floor/", {})}[target]
    handler, statuses = WSGIHandler(), []

    def get(*_) -> int:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
                   "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
                   "wsgi.errors": sys.stderr, **headers}
        return len(b"".join(handler(environ, lambda status, _headers, *__: statuses.append(status))))

    for _ in range(5):  # the first requests fill Django's caches (templates, URL resolver)
        get()
    assert statuses[-1].startswith("200"), statuses[-1]
    gc.freeze()
    # valgrind counts only inside functools.reduce (--toggle-collect): the requests and nothing else.
    subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
    functools.reduce(get, range(requests), 0)
    assert all(status.startswith("200") for status in statuses), set(statuses)


def instructions(env: dict, target: str, requests: int) -> int:
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no",
               "--toggle-collect=functools_reduce", "--callgrind-out-file=/dev/null",
               PYTHON, "-m", "tests.bench.instructions", "--count", target, str(requests)]
    out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    collected = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode or not collected or not int(collected.group(1)):
        sys.exit(f"callgrind counted nothing for {target}:\n{out.stderr[-3000:]}")
    return int(collected.group(1))


def per_request(env: dict, target: str) -> int:
    return round((instructions(env, target, LONG) - instructions(env, target, SHORT)) / (LONG - SHORT))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--count":
        count(sys.argv[2], int(sys.argv[3]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        # Hash seed fixed: the same dictionary and set orders in every run, so the same instructions. The content
        # version is checked once a run, not every 5 s: under valgrind a request takes 50 times as long, and a
        # check per 5 s of a slower (busier) run would make the count follow the machine's load.
        env = production_env(SQLITE_PATH=str(Path(tmp) / "bench.sqlite3"), BENCHMARK_ENDPOINTS="true", CACHE_URL="",
                             ALLOWED_HOSTS="127.0.0.1,testserver", PYTHONHASHSEED="0",
                             ENGINE_VERSION_CHECK_SECONDS="3600")
        prepare(env)
        quiz, floor = per_request(env, "quiz"), per_request(env, "floor")
    report("instructions per request", {"quiz_step": quiz, "floor": floor, "ratio": round(floor / quiz, 3)})


if __name__ == "__main__":
    main()
