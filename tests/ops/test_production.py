"""The app as deployed: gunicorn nodes with production settings, under load and faults (short versions;
`make bench` runs the long ones). Every server runs on 127.0.0.1 only."""

import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest

from tests.bench.server import ROOT, gunicorn, prepare

ITEMS = re.compile(r'name="items" value="([^"]*)"')


class Browser:
    """A cookie-keeping HTTP client that posts forms the way a browser without JavaScript does."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post(self, url: str, data: dict) -> tuple[str, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, doseq=True).encode()
        with self.opener.open(urllib.request.Request(url, data=body, headers={"Referer": url}), timeout=30) as page:
            return page.url, page.read().decode()


def take_quiz(nodes: list[str], topic: str = "back-lump") -> tuple[str, list[str]]:
    """A whole quiz whose every step goes to the next node in turn; returns the result page and the nodes used."""
    browser, used, turn = Browser(), [], iter(range(10_000))

    def node() -> str:
        base = nodes[next(turn) % len(nodes)]
        used.append(base)
        return base

    browser.get(f"{node()}/quiz/{topic}/")
    url, html = browser.post(f"{node()}/quiz/{topic}/", {"action": "restart"})
    url, html = browser.post(f"{node()}{urllib.parse.urlparse(url).path}", {"none": "1"})
    url, html = browser.post(f"{node()}{urllib.parse.urlparse(url).path}", {"who": "me"})
    url, html = browser.post(f"{node()}{urllib.parse.urlparse(url).path}", {"age": "40", "sex": "female"})
    url, html = browser.post(f"{node()}{urllib.parse.urlparse(url).path}", {"skip": "1"})
    for _ in range(30):
        if "/result/" in url:
            return html, used
        items = ITEMS.search(html).group(1)
        answer = "absent" if 'value="present"' in html else "none" if 'name="checked"' in html else "unknown"
        url, html = browser.post(f"{node()}{urllib.parse.urlparse(url).path}", {"items": items, "answer": answer})
    raise AssertionError("the quiz never reached a result")


def post_story(base: str, client_address: str, marker: str, number: int) -> int:
    body = json.dumps({"topic": "back-lump", "display_name": "T.", "language": "en", "consent": True,
                       "text": f"{marker} story number {number}: a lump on my back that turned out to be harmless."})
    request = urllib.request.Request(f"{base}/api/v1/stories/", data=body.encode(), method="POST", headers={
        "Content-Type": "application/json", "X-Forwarded-For": client_address})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def stored_stories(env: dict, marker: str) -> int:
    code = ("import django; django.setup(); from backend.stories.models import Story; "
            f"print(Story.objects.filter(text__startswith={marker!r}).count())")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True)
    return int(result.stdout.strip())


def with_story_limit(env: dict, limit: int = 10) -> dict:
    # A day's window, so that a run almost never straddles two windows (each would allow `limit` anew).
    return {**env, "RATE_LIMIT_STORIES": f"{limit}/day"}


def stories_at_once(env: dict, clients: int = 20, tries: int = 15, limit: int = 10,
                    nodes: tuple[str, str] | None = None) -> dict:
    """Every client sends `tries` stories at once, in turn to two nodes of two workers each (started here, or
    `nodes` started on with_story_limit(env, limit)), against a limit of `limit` a day per client; what was
    sent, accepted, allowed, refused and stored."""
    env = with_story_limit(env, limit)
    marker = f"load-{time.time_ns()}"
    # Each client's tries are sent together, so that up to 15 of them are counted at the same moment.
    jobs = [(f"203.0.113.{1 + i // tries}", i) for i in range(clients * tries)]
    with ExitStack() as started:
        nodes = nodes or tuple(started.enter_context(gunicorn(2, env, prepared=True)) for _ in range(2))
        with ThreadPoolExecutor(max_workers=24) as pool:
            codes = list(pool.map(lambda job: post_story(nodes[job[1] % 2], job[0], marker, job[1]), jobs))
    return {"sent": len(jobs), "accepted": codes.count(201), "allowed": clients * min(tries, limit),
            "refused": codes.count(429), "other_answers": sorted({c for c in codes if c not in (201, 429)}),
            "stored": stored_stories(env, marker)}


@pytest.fixture(scope="module")
def prepared_env(node_env):
    prepare(node_env)
    return {**node_env, "TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXY_COUNT": "1"}


@pytest.fixture(scope="module")
def nodes(prepared_env) -> tuple[str, str]:
    """Two nodes of two workers each on the prepared database, with production's default cache (the database)
    and the story limit stories_at_once counts against. Starting a node takes seconds (its master loads the
    word tables before forking), so the tests that take quizzes, check health or send stories under their own
    marker and client addresses share these two instead of starting six of their own."""
    env = with_story_limit(prepared_env)
    with gunicorn(2, env, prepared=True) as first, gunicorn(2, env, prepared=True) as second:
        yield first, second


def test_it_completes_a_quiz_whose_steps_alternate_between_two_nodes(nodes):
    result, used = take_quiz(list(nodes))
    assert "Your answers suggest you should" in result
    assert set(nodes) <= set(used) and len(used) >= 8


def test_it_answers_health_checks_on_each_node(nodes):
    for base in nodes:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "database": "ok"}


def test_it_serves_concurrent_quiz_takers_without_errors(nodes):
    out = subprocess.run([sys.executable, "-m", "tests.load.quiz_users", "--host", nodes[0], "--users", "24",
                          "--seconds", "14", "--spawn-rate", "24"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["failures"] == 0, report["errors"]
    assert report["requests"] > 200 and report["quizzes_finished"] > 5


@pytest.fixture(params=["database", "redis"])
def shared_cache(request) -> str:
    """CACHE_URL for the nodes: production's default (the database cache), or a real Redis server."""
    return request.getfixturevalue("own_redis").url if request.param == "redis" else ""


def test_it_accepts_exactly_the_limit_and_stores_each_story_once_under_concurrent_submissions(prepared_env,
                                                                                               shared_cache, nodes):
    env = {**prepared_env, "CACHE_URL": shared_cache}
    # The shared nodes count in the database cache; Redis needs nodes of its own.
    run = stories_at_once(env, nodes=None if shared_cache else nodes)
    assert run["other_answers"] == [], run
    assert run["accepted"] == run["allowed"] == 200 and run["refused"] == 100
    assert run["stored"] == run["accepted"]


def test_it_answers_503_while_postgresql_is_down_and_recovers_by_itself(own_postgres):
    from tests.bench.server import production_env
    from tests.load.outage import run_outage

    env = production_env(DATABASE_URL=own_postgres.url, CACHE_URL="db", TRUSTED_PROXY_HEADER="X-Forwarded-For")
    prepare(env)
    marker = f"fault-{time.time_ns()}"
    with gunicorn(2, env, prepared=True) as base:
        run = run_outage(base, lambda address, n: post_story(base, address, marker, n),
                         lambda: own_postgres.pg_ctl("stop"), lambda: own_postgres.pg_ctl("start"))
    during = run.during()
    codes = [code for *_, code in run.results]
    assert run.health_while_down == 503
    assert during and set(during) <= {503, 429}, sorted(set(during))
    assert run.recovery_seconds is not None and run.recovery_seconds < 5
    assert 201 in [code for started, _, code in run.results if started > run.recovered_at]
    assert 500 not in codes and 0 not in codes
    assert stored_stories(env, marker) == run.accepted
