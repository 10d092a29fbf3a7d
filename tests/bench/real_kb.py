"""The engine on the shipped knowledge base: `python -m tests.bench.real_kb`.

Loads the fixtures into a throwaway SQLite file, builds the knowledge base as a server process does,
and prints the build time, its memory, and the step times per topic (engine alone, and a whole API
request through Django in-process)."""

from __future__ import annotations

import json
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from backend.quiz import loader
    from tests.bench.engine_bench import bench_steps, random_case

    call_command("migrate", verbosity=0)
    call_command("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), verbosity=0)

    start = time.perf_counter()
    loader.build()
    build_s = time.perf_counter() - start
    tracemalloc.start()
    kb = loader.build()
    retained, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"real knowledge base: build {build_s * 1000:.1f} ms (with its queries), "
          f"compiled arrays {kb.nbytes() / 1e3:.1f} KB, kept in memory {retained / 1e6:.2f} MB")
    print(f"{'topic':>13} {'conditions':>10} {'findings':>8} {'engine median ms':>16} {'p99 ms':>7} "
          f"{'API median ms':>13} {'API p99 ms':>10}")
    client = Client(HTTP_HOST="localhost")
    for topic in kb.topics:
        rng = np.random.default_rng(11)
        engine = bench_steps(kb, topic.id, 2000, rng)
        times = []
        for _ in range(300):
            case = random_case(kb, topic.id, rng)
            body = json.dumps({"topic": case.topic, "age": case.age, "sex": case.sex,
                               "evidence": [{"id": e.id, "choice": e.choice} for e in case.evidence]})
            start = time.perf_counter()
            response = client.post("/api/v1/assessments/next/", body, content_type="application/json")
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.content
        print(f"{topic.id:>13} {len(kb.conditions_of(topic.id)):>10} {len(kb.symptoms_of(topic.id)):>8} "
              f"{engine['median_ms']:>16.3f} {engine['p99_ms']:>7.3f} "
              f"{np.median(times):>13.3f} {np.percentile(times, 99):>10.3f}")


if __name__ == "__main__":
    main()
