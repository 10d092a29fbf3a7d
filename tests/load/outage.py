"""Story submissions kept up while the database is stopped and started again: what each client got.

Used by the short fault test (tests/ops) and the long run in `make bench`.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class OutageRun:
    results: list[tuple[float, float, int]] = field(default_factory=list)  # (started, ended, status)
    down_at: float = 0.0
    up_at: float = 0.0
    recovered_at: float | None = None
    health_while_down: int = 0

    def during(self, margin: float = 1.0) -> list[int]:
        """Statuses of requests that started well inside the outage (not just before the restart)."""
        return [code for started, _, code in self.results if self.down_at + 0.5 < started < self.up_at - margin]

    @property
    def recovery_seconds(self) -> float | None:
        return None if self.recovered_at is None else self.recovered_at - self.up_at

    @property
    def accepted(self) -> int:
        return sum(1 for *_, code in self.results if code == 201)


def health(base: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def run_outage(base: str, send: Callable[[str, int], int], stop_database: Callable[[], None],
               start_database: Callable[[], None], *, clients: int = 6, before: float = 2.0, down: float = 4.0,
               after: float = 2.0) -> OutageRun:
    """Keep `clients` threads sending stories; stop the database for `down` seconds in the middle."""
    run, stop = OutageRun(), threading.Event()

    def client(number: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            # A new address for each story, so that the rate limit never hides an outage.
            started = time.monotonic()
            code = send(f"10.{number}.{n // 250}.{n % 250}", number * 100_000 + n)
            run.results.append((started, time.monotonic(), code))
            time.sleep(0.03)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(1, clients + 1)]
    for thread in threads:
        thread.start()
    time.sleep(before)
    stop_database()
    run.down_at = time.monotonic()
    time.sleep(down)
    run.health_while_down = health(base)
    start_database()
    run.up_at = time.monotonic()
    while run.recovered_at is None and time.monotonic() - run.up_at < 30:
        if health(base) == 200:
            run.recovered_at = time.monotonic()
        else:
            time.sleep(0.05)
    time.sleep(after)
    stop.set()
    for thread in threads:
        thread.join()
    return run
