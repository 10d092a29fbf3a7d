"""The long production runs of `make bench`, on SQLite and on PostgreSQL (a throwaway cluster):
`python -m tests.bench.production_bench`.

1. 200 simulated phone users taking whole quizzes for 60 s: requests, errors, p50 / p95 / p99.
2. 2,000 story submissions and feedback votes at once from many clients (distinct addresses through
   the trusted proxy header, production rate limits on): accepted against stored, refused with 4xx.
   Then the story limit under concurrency: 20 clients send 15 stories each at once to two nodes, each
   client's tries together; accepted against allowed (20 x the limit of 10), with the database cache
   (production's default) and, on PostgreSQL, with Redis (a throwaway server).
3. PostgreSQL stopped for 10 s in the middle of a load run: what clients get while it is down, how
   long the app takes to recover, and whether any accepted write was lost.
4. Speed against the framework's floor: throughput of an htmx quiz step and of the assessment API as a
   ratio to a fixed 100-byte view through the same middleware (wrk, same concurrency), and p99.
   After a warm-up, the three are measured in turn, five rounds; the ratio is the median of the rounds'
   ratios (each between runs seconds apart) and each endpoint is reported by its median round: on a
   shared 2-core machine the speed drifts by a fifth within a minute.
Every server runs on 127.0.0.1; every run is bounded in time.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.bench.server import ROOT, gunicorn, prepare, production_env
from tests.load.outage import run_outage
from tests.ops.conftest import OwnPostgres, OwnRedis
from tests.ops.test_production import Browser, post_story, stored_stories, stories_at_once

WORKERS = 2  # gunicorn's config default on this 2-core machine (one per core)
WRK_SECONDS, WRK_CONNECTIONS, WARM_UP_SECONDS, ROUNDS = 6, 16, 3, 5
# After "start again": no red flags, for me, 45 and female, no description; then the questions begin.
TO_THE_QUESTIONS = ({"none": "1"}, {"who": "me"}, {"age": "45", "sex": "female"}, {"skip": "1"})


def quiz_load(base: str, users: int, seconds: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "tests.load.quiz_users", "--host", base, "--users", str(users),
                          "--seconds", str(seconds), "--spawn-rate", "50"], cwd=ROOT, capture_output=True,
                         text=True, timeout=seconds + 120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def vote(base: str, address: str) -> int:
    """One "Was this helpful?" vote from a new visitor (own cookies) behind the given client address."""
    browser = Browser()
    headers = {"X-Forwarded-For": address}
    request = urllib.request.Request(f"{base}/topics/back-lump/", headers=headers)
    try:
        html = browser.opener.open(request, timeout=60).read().decode()
        page = re.search(r'name="page" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"page": page, "helpful": "yes", "csrfmiddlewaretoken": browser.csrf()})
        post = urllib.request.Request(f"{base}/feedback/", data=body.encode(), headers={
            **headers, "Referer": f"{base}/topics/back-lump/"})
        with browser.opener.open(post, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def stored_votes(env: dict) -> int:
    code = ("import django; django.setup(); from backend.feedback.models import Feedback; "
            "print(Feedback.objects.filter(page='topic:back-lump').count())")
    return int(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              check=True).stdout.strip())


def submissions(base: str, env: dict, total: int = 2000) -> dict:
    marker = f"bench-{time.time_ns()}"
    votes_before = stored_votes(env)
    # 30 requests per client address: 15 stories (over the limit of 10) and 15 votes.
    jobs = [("story" if i % 2 else "vote", f"192.0.{(i // 30) // 250}.{(i // 30) % 250}", i) for i in range(total)]

    def send(job):
        kind, address, number = job
        return kind, post_story(base, address, marker, number) if kind == "story" else vote(base, address)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=48) as pool:
        codes = list(pool.map(send, jobs))
    seconds = time.monotonic() - started
    stories = [code for kind, code in codes if kind == "story"]
    votes = [code for kind, code in codes if kind == "vote"]
    return {
        "sent": total, "seconds": round(seconds, 1),
        "stories_accepted": stories.count(201), "stories_stored": stored_stories(env, marker),
        "votes_accepted": sum(1 for c in votes if c in (200, 302)), "votes_stored": stored_votes(env) - votes_before,
        "refused_4xx": sum(1 for _, c in codes if 400 <= c < 500), "errors_5xx_or_dropped": sum(
            1 for _, c in codes if c >= 500 or c == 0),
    }


def outage(pg: OwnPostgres, env: dict) -> dict:
    marker = f"outage-{time.time_ns()}"
    with gunicorn(WORKERS, env, prepared=True) as base:
        run = run_outage(base, lambda address, n: post_story(base, address, marker, n),
                         lambda: pg.pg_ctl("stop"), lambda: pg.pg_ctl("start"), clients=8, before=5, down=10, after=5)
    during = run.during(margin=0.5)
    codes = [code for *_, code in run.results]
    slowest = max((ended - started for started, ended, _ in run.results if run.down_at < started < run.up_at),
                  default=0)
    return {
        "requests": len(run.results), "while_down": {str(c): during.count(c) for c in sorted(set(during))},
        "health_while_down": run.health_while_down, "slowest_answer_while_down_s": round(slowest, 2),
        "recovery_s": round(run.recovery_seconds, 2) if run.recovery_seconds is not None else None,
        "accepted": run.accepted, "stored": stored_stories(env, marker),
        "server_errors": codes.count(500), "dropped": codes.count(0),
    }


def wrk(url: str, *, script: str | None = None, headers: dict | None = None, seconds: int = WRK_SECONDS,
        connections: int = WRK_CONNECTIONS) -> dict:
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        out = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": round(float(p99.group(1)) * factor, 1),
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0}


def floor_ratio(env: dict) -> dict:
    with gunicorn(WORKERS, {**env, "BENCHMARK_ENDPOINTS": "true"}, prepared=True) as base:
        # A session that has reached question 3, so the quiz step is a real engine step.
        browser = Browser()
        browser.get(f"{base}/quiz/back-lump/")
        url, html = browser.post(f"{base}/quiz/back-lump/", {"action": "restart"})
        for answer in TO_THE_QUESTIONS:
            url, html = browser.post(url, answer)
        for _ in range(2):
            items = re.search(r'name="items" value="([^"]*)"', html).group(1)
            url, html = browser.post(url, {"items": items, "answer": "unknown"})
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        body = json.dumps({"topic": "back-lump", "age": 45, "sex": "female", "evidence": [
            {"id": "bladder-control-loss", "choice": "absent"}, {"id": "diabetes", "choice": "present"},
            {"id": "fever", "choice": "present"}, {"id": "lump-warm", "choice": "present"}]})
        api_script = (f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
                      'wrk.headers["Content-Type"] = "application/json"\n')
        targets = {
            "floor": {"url": f"{base}/bench/floor/"},
            "quiz_step": {"url": url, "headers": {"Cookie": cookie, "HX-Request": "true"}},
            "api": {"url": f"{base}/api/v1/assessments/next/", "script": api_script},
        }
        for target in targets.values():  # every worker has served every path before anything is timed
            wrk(**target, seconds=WARM_UP_SECONDS)
        rounds = {name: [] for name in targets}
        for _ in range(ROUNDS):
            for name, target in targets.items():
                rounds[name].append(wrk(**target))
    median = {name: sorted(runs, key=lambda run: run["rps"])[len(runs) // 2] for name, runs in rounds.items()}
    by_round = {name: [round(run["rps"] / floor["rps"], 2) for run, floor in zip(rounds[name], rounds["floor"])]
                for name in ("quiz_step", "api")}
    return {
        **median,
        "quiz_ratio": statistics.median(by_round["quiz_step"]),
        "api_ratio": statistics.median(by_round["api"]),
        "quiz_ratio_by_round": by_round["quiz_step"],
    }


def report(title: str, value) -> None:
    print(f"{title}: {json.dumps(value)}", flush=True)


def run(database: str, env: dict, pg: OwnPostgres | None, redis: OwnRedis | None) -> None:
    print(f"\n== {database} ==", flush=True)
    prepare(env)
    with gunicorn(WORKERS, env, prepared=True) as base:
        load = quiz_load(base, users=200, seconds=60)
        report("200 users, 60 s", {k: load[k] for k in ("requests", "failures", "quizzes_finished", "p50_ms",
                                                         "p95_ms", "p99_ms")})
        report("2,000 submissions and votes", submissions(base, env))
    report("story limit at once, database cache", stories_at_once(env))
    if redis:
        report("story limit at once, Redis", stories_at_once({**env, "CACHE_URL": redis.url}))
    if pg:
        report("PostgreSQL stopped for 10 s", outage(pg, env))
    ratios = floor_ratio(env)
    report("speed against the floor", ratios)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    # No CACHE_URL: production's default, the database cache.
    proxy = {"TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXY_COUNT": "1", "CACHE_URL": ""}
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", production_env(SQLITE_PATH=str(Path(tmp) / "bench.sqlite3"), **proxy), None, None)
    pg, redis = OwnPostgres.fresh(), OwnRedis.fresh()
    try:
        run("PostgreSQL", production_env(DATABASE_URL=pg.url, **proxy), pg, redis)
    finally:
        pg.stop()
        redis.stop()


if __name__ == "__main__":
    main()
