"""Simulated phone users taking whole quizzes against a running server (locust, in its own process).

`python -m tests.load.quiz_users --host http://127.0.0.1:8000 --users 200 --seconds 60` prints a JSON
report: requests, failures, quizzes finished, and p50 / p95 / p99 latency per kind of step. Only ever
point it at a server on this machine (127.0.0.1).
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

import gevent  # noqa: E402
from locust import between, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpUser  # noqa: E402
from locust.env import Environment  # noqa: E402

ITEMS = re.compile(r'name="items" value="([^"]*)"')
TOPICS = ("back-lump", "back-burning")
HTMX = {"HX-Request": "true"}


class QuizTaker(FastHttpUser):
    """A person on a phone: opens the quiz, answers each card with htmx, reads the result."""

    wait_time = between(0.2, 1.0)

    def csrf(self) -> str:
        return self.client.cookiejar.get("csrftoken", "") if hasattr(self.client.cookiejar, "get") else next(
            (c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def post(self, path: str, data: dict, name: str) -> str | None:
        """Post a step as htmx does, then fetch the card it redirects to; returns the next path."""
        data = {**data, "csrfmiddlewaretoken": self.csrf()}
        with self.client.post(path, data=data, headers=HTMX, allow_redirects=False, name=f"POST {name}",
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"{path}: expected a redirect, got {response.status_code}")
                return None
            location = urlparse(response.headers["Location"]).path
        with self.client.get(location, headers=HTMX, name=f"GET {name}", catch_response=True) as card:
            if card.status_code != 200 or 'id="step-card"' not in card.text:
                card.failure(f"{location}: no quiz card ({card.status_code})")
                return None
            self.last_card = card.text
        return location

    @task
    def take_the_quiz(self) -> None:
        topic = random.choice(TOPICS)
        base = f"/quiz/{topic}/"
        self.client.get(base, name="GET start")
        path = self.post(base, {"action": "restart"}, "start")
        path = path and self.post(path, {"none": "1"}, "red-flag screen")
        path = path and self.post(path, {"who": "me"}, "who")
        path = path and self.post(path, {"age": str(random.randint(1, 95)),
                                         "sex": random.choice(["female", "male", ""])}, "about")
        path = path and self.post(path, {"skip": "1"}, "describe")
        for _ in range(30):
            if not path or "/result/" in path:
                break
            match = ITEMS.search(self.last_card)
            if not match:
                return
            if 'value="present"' in self.last_card:
                answer = {"answer": random.choice(["present", "absent", "absent", "unknown"])}
            elif 'name="checked"' in self.last_card:
                answer = {"answer": random.choice(["none", "none", "unknown"])}
            else:
                answer = {"answer": "unknown"}
            path = self.post(path, {"items": match.group(1), **answer}, "question")
        if path and "/result/" in path:
            self.environment.events.request.fire(request_type="QUIZ", name="finished", response_time=0,
                                                 response_length=0, exception=None, context={})


def run(host: str, users: int, seconds: float, spawn_rate: float) -> dict:
    if urlparse(host).hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("Load tests only run against this machine (127.0.0.1).")
    QuizTaker.host = host
    env = Environment(user_classes=[QuizTaker])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=spawn_rate)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    stats = env.stats
    report = {"users": users, "seconds": seconds, "steps": {}}
    total = stats.total
    for (name, method), entry in sorted(stats.entries.items()):
        if method == "QUIZ":
            continue
        report["steps"][name] = {
            "requests": entry.num_requests, "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5), "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
    finished = stats.entries.get(("finished", "QUIZ"))
    report.update(
        requests=total.num_requests - (finished.num_requests if finished else 0),
        failures=total.num_failures, quizzes_finished=finished.num_requests if finished else 0,
        p50_ms=total.get_response_time_percentile(0.5), p95_ms=total.get_response_time_percentile(0.95),
        p99_ms=total.get_response_time_percentile(0.99),
        errors=[f"{e.method} {e.name}: {e.error} ({e.occurrences}x)" for e in stats.errors.values()][:10],
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--spawn-rate", type=float, default=50)
    args = parser.parse_args()
    print(json.dumps(run(args.host, args.users, args.seconds, args.spawn_rate)))


if __name__ == "__main__":
    main()
