"""Free text under gunicorn, and its memory: `python -m tests.bench.language_bench`.

1. Latency: the 278 descriptions of tests/language/descriptions.json to POST /api/v1/parse/ and the
   questions of tests/language/questions.json to POST /api/v1/answers/, one request at a time over
   real HTTP (gunicorn's sync workers close each connection, so every request opens one, as a
   phone's would), after a warm-up round; p50 / p95 / p99 of ROUNDS rounds against the targets, beside
   the floor view's (a fixed 100-byte page through the same middleware) measured the same way.
   Then a short wrk run of each at WRK_CONNECTIONS, cycling through the same bodies, beside the floor
   view (a ratio, as in production_bench: absolute speeds drift on a shared 2-core machine).
2. Memory: (a) two fresh processes with production settings, one with the engine's knowledge base
   only, the other also with the reader and the answers index and one parse and one answer: the
   difference is what the language pipeline costs a process that shares nothing (RSS and USS).
   (b) Under gunicorn (workers fork from a preloaded master, so pages they share count once), each
   worker's RSS, PSS and USS from /proc/<pid>/smaps_rollup when it starts and after the latency run:
   its USS is what the worker adds on top of the master.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench.production_bench import wrk
from tests.bench.server import PYTHON, ROOT, gunicorn, prepare, production_env

WORKERS = 2  # gunicorn's config default on this 2-core machine, as in production_bench
ROUNDS = 5
WRK_SECONDS, WRK_CONNECTIONS = 5, 2
TARGETS_MS = {"parse": 20, "answers": 50}  # p95
TARGET_MB = 150
DESCRIPTIONS = ROOT / "tests" / "language" / "descriptions.json"
QUESTIONS = ROOT / "tests" / "language" / "questions.json"
# The ask box's limit is 120 questions an hour per address; the benchmark asks thousands from one.
UNLIMITED = {"RATE_LIMIT_ANSWERS": "1000000/hour"}

# Run in a fresh interpreter: prints the process's memory as JSON once it has loaded what `mode` says.
MEASURE = """
import gc, json, sys
import django
django.setup()
from backend.quiz.loader import knowledge_base
knowledge_base()
if sys.argv[1] == "language":
    from backend.language import answers, parser
    parser.reader()
    answers.index()
    parser.parse("back-lump", "a painful red lump on my back, no fever")
    answers.answer("is a lipoma dangerous?", ("topic", "back-lump"))
gc.collect()
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
rollup = dict(line.split(":", 1) for line in open("/proc/self/smaps_rollup").read().splitlines()[1:])
kb = {name: int(value.split()[0]) for name, value in rollup.items()}
print(json.dumps({"rss": int(status["VmRSS"].split()[0]), "pss": kb["Pss"],
                  "uss": kb["Private_Clean"] + kb["Private_Dirty"]}))
"""


def bodies() -> dict[str, list[bytes]]:
    """The request bodies of each endpoint, from the evaluation sets."""
    descriptions = json.loads(DESCRIPTIONS.read_text())
    questions = json.loads(QUESTIONS.read_text())
    return {
        "parse": [json.dumps({"topic": d["topic"], "text": d["text"]}).encode() for d in descriptions],
        "answers": [json.dumps({"question": q["question"], **({"page": q["page"]} if q.get("page") else {})}).encode()
                    for q in questions],
    }


def percentiles(times_ms: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(times_ms, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def one_at_a_time(base: str, path: str, payloads: list[bytes | None], rounds: int) -> tuple[list[float], int, int]:
    """Each body `rounds` times in turn (a GET for None), one request in flight: the milliseconds each
    took, how many did not answer 200, and how many found something (a mention, an answer)."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    times, failures, found = [], 0, 0
    try:
        for _ in range(rounds):
            for payload in payloads:
                started = time.perf_counter()
                connection.request("GET" if payload is None else "POST", path, body=payload, headers=headers)
                response = connection.getresponse()
                body = response.read()
                times.append((time.perf_counter() - started) * 1000)
                failures += response.status != 200
                # An empty reader (no synonyms loaded) is fast and useless: the count shows it.
                found += b'"mentions":[{' in body or b'"answers":[{' in body
    finally:
        connection.close()
    return times, failures, found


def cycling_script(path: str, payloads: list[bytes]) -> str:
    """A wrk script that posts the bodies in turn (each connection its own turn)."""
    quoted = ",\n".join(f"[==[{payload.decode()}]==]" for payload in payloads)
    return (f"local bodies = {{\n{quoted}\n}}\nlocal i = 0\n"
            'local headers = {["Content-Type"] = "application/json"}\n'
            "request = function()\n  i = i % #bodies + 1\n"
            f'  return wrk.format("POST", "{path}", headers, bodies[i])\nend\n')


def smaps(pid: int) -> dict[str, float]:
    """A process's RSS, PSS and USS in MB, from the kernel's summary of its mappings."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"], "uss": fields["Private_Clean"] + fields["Private_Dirty"]}


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The parent pid is the second field after the command name, which is in parentheses.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def gunicorn_processes(timeout: float = 60) -> tuple[int, list[int]]:
    """This process's gunicorn master and its workers, once all have forked."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in children(os.getpid()):
            if "gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                workers = children(pid)
                if len(workers) == WORKERS:
                    return pid, workers
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start {WORKERS} workers in {timeout} s")


def process_memory(env: dict[str, str], mode: str) -> dict[str, float]:
    out = subprocess.run([PYTHON, "-c", MEASURE, mode], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    return {name: kb / 1024 for name, kb in json.loads(out.strip().splitlines()[-1]).items()}


def verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "MISSES"


def main() -> None:
    payloads = bodies()
    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(SQLITE_PATH=str(Path(tmp) / "bench.sqlite3"), BENCHMARK_ENDPOINTS="true", **UNLIMITED)
        prepare(env)

        engine_only, language = process_memory(env, "engine"), process_memory(env, "language")
        print("Memory of a fresh process, production settings (MB)")
        rss, uss = engine_only["rss"], engine_only["uss"]
        print(f"  django + knowledge base                  RSS {rss:6.1f}  USS {uss:6.1f}")
        print(f"  + reader, answers index, a parse, answer RSS {language['rss']:6.1f}  USS {language['uss']:6.1f}")
        added = language["uss"] - engine_only["uss"]
        print(f"  the language pipeline adds               RSS {language['rss'] - engine_only['rss']:6.1f}  "
              f"USS {added:6.1f}")

        with gunicorn(WORKERS, env, prepared=True) as base:
            master, workers = gunicorn_processes()
            at_start = {pid: smaps(pid) for pid in workers}
            measured = {}
            print(f"Latency, one request at a time, {ROUNDS} rounds after a warm-up round (ms)")
            # The floor view, one at a time too: what any request costs on this machine at this moment.
            for name, path, items in [("floor", "/bench/floor/", [None] * 200),
                                      *((name, f"/api/v1/{name}/", items) for name, items in payloads.items())]:
                one_at_a_time(base, path, items, rounds=1)
                times, failures, found = one_at_a_time(base, path, items, rounds=ROUNDS)
                measured[name] = percentiles(times)
                p = measured[name]
                print(f"  {name:<8} {len(items):>3} bodies x {ROUNDS} = {len(times):>4}: p50 {p['p50']:5.1f}  "
                      f"p95 {p['p95']:5.1f}  p99 {p['p99']:5.1f}  max {max(times):6.1f}  non-200 {failures}"
                      + (f"  found something {found / ROUNDS:.0f} of {len(items)}" if name != "floor" else ""))
            after = {pid: smaps(pid) for pid in workers}
            if children(master) != workers:
                print("  (a worker was replaced during the run: its memory below is a fresh fork's)")

            print(f"Memory under gunicorn, {WORKERS} workers forked from a preloaded master (MB)")
            held = smaps(master)
            print(f"  master             RSS {held['rss']:6.1f}  PSS {held['pss']:6.1f}  USS {held['uss']:6.1f}")
            for pid in workers:
                start, end = at_start[pid], after[pid]
                print(f"  worker {pid:<8}    RSS {end['rss']:6.1f}  PSS {end['pss']:6.1f}  USS {end['uss']:6.1f}  "
                      f"(USS at start {start['uss']:5.1f}, +{end['uss'] - start['uss']:5.1f} from serving free text)")
            worker_uss = max(after[pid]["uss"] for pid in workers)

            print(f"wrk, {WRK_CONNECTIONS} connections, {WRK_SECONDS} s each, bodies in turn")
            floor = wrk(f"{base}/bench/floor/", seconds=WRK_SECONDS, connections=WRK_CONNECTIONS)
            print(f"  floor     {floor['rps']:7.1f} req/s  p99 {floor['p99_ms']:6.1f} ms")
            for name, items in payloads.items():
                path = f"/api/v1/{name}/"
                run = wrk(f"{base}{path}", script=cycling_script(path, items), seconds=WRK_SECONDS,
                          connections=WRK_CONNECTIONS)
                print(f"  {name:<8}  {run['rps']:7.1f} req/s  p99 {run['p99_ms']:6.1f} ms  "
                      f"({run['rps'] / floor['rps']:.3f} of the floor, non-2xx {run['non_2xx']})")

    print("Against the targets")
    for name, target in TARGETS_MS.items():
        p95 = measured[name]["p95"]
        print(f"  {name} p95 {p95:.1f} ms, target <= {target} ms: {verdict(p95, target)}")
    # The target is what each worker adds (the measure); a process that shares nothing, for scale.
    print(f"  language pipeline in a fresh process that shares nothing, USS {added:.1f} MB (for scale)")
    print(f"  largest worker's own memory under gunicorn, USS {worker_uss:.1f} MB (all it adds, language included), "
          f"target <= {TARGET_MB} MB: {verdict(worker_uss, TARGET_MB)}")


if __name__ == "__main__":
    main()
