"""Page weight and Lighthouse scores under a production-like server: `python -m tests.bench.page_weight`.

Prints the bytes transferred (compressed, headers included) for a first visit to the home page and
to a quiz step, the bytes of each htmx step, and Lighthouse's mobile scores for the home page, an
article, a quiz step and a result. Targets: a quiz page's first load under 35 KB with htmx, an htmx
step under 4 KB, Lighthouse performance >= 95 and accessibility, best practices and SEO at 100.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.bench.server import ROOT, gunicorn
from tests.browser import quiz_steps as steps
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

LIGHTHOUSE = ROOT / "frontend" / "node_modules" / ".bin" / "lighthouse"


def transferred(request) -> int:
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def first_load(browser, url: str, storage_state=None) -> tuple[int, int]:
    """Bytes and requests of a first visit with an empty cache (the service worker not yet installed)."""
    context = browser.new_context(storage_state=storage_state, service_workers="block", **PHONE)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    total = sum(transferred(r) for r in finished)
    context.close()
    return total, len(finished)


def htmx_steps(browser, base: str) -> tuple[list[int], dict]:
    """Walk a quiz with htmx; returns the bytes of each step (the POST and the card it leads to)."""
    context = browser.new_context(service_workers="block", **PHONE)
    page = context.new_page()
    steps.start(page, base)
    steps.no_red_flags(page)
    steps.about(page)
    sizes: list[int] = []
    current = {"bytes": 0}

    def count(request):
        if request.headers.get("hx-request"):
            current["bytes"] += transferred(request)

    page.on("requestfinished", count)
    for _ in range(25):
        if page.get_by_text(steps.RESULT_HEADING).count():
            break
        number = page.locator(".question-number").inner_text()
        current["bytes"] = 0
        steps.answer_current(page)
        page.locator(".question-number, .outcome-kicker").first.wait_for()
        page.wait_for_function(
            "n => (document.querySelector('.question-number, .outcome-kicker') || {}).textContent !== n", arg=number)
        page.wait_for_load_state("networkidle")
        sizes.append(current["bytes"])
    state = context.storage_state()
    context.close()
    return sizes, state


def lighthouse(url: str, cookie: str | None = None) -> dict[str, int]:
    """Lighthouse's mobile category scores (0-100) for a URL, run against Debian's Chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                   "--only-categories=performance,accessibility,best-practices,seo",
                   f"--chrome-flags={' '.join(CHROMIUM_ARGS).replace('--headless', '--headless=new')}"]
        if cookie:
            command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
        if run.returncode != 0 and not report.exists():
            raise RuntimeError(f"Lighthouse failed on {url}: {run.stderr[-800:]}")
        categories = json.loads(report.read_text())["categories"]
        return {name: round(category["score"] * 100) for name, category in categories.items()}


def main() -> None:
    with gunicorn(workers=2) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        home_bytes, home_requests = first_load(browser, base + "/")
        step_sizes, state = htmx_steps(browser, base)
        quiz_bytes, quiz_requests = first_load(browser, base + "/quiz/back-lump/q/1/", state)
        browser.close()
        session = next(c for c in state["cookies"] if c["name"] == "sessionid")
        cookie = f"sessionid={session['value']}"
        print("Page weight (compressed, headers included; first visit, empty cache)")
        print(f"  home page           {home_bytes / 1024:6.1f} KB in {home_requests} requests")
        print(f"  quiz step           {quiz_bytes / 1024:6.1f} KB in {quiz_requests} requests (target < 35 KB)")
        print(f"  htmx step           {statistics.median(step_sizes) / 1024:6.1f} KB median, "
              f"{max(step_sizes) / 1024:.1f} KB max over {len(step_sizes)} steps (target < 4 KB)")
        if not LIGHTHOUSE.exists():
            print("Lighthouse is not installed: run `npm install` in frontend/ (make bench does).")
            return
        print("Lighthouse, mobile (performance / accessibility / best practices / SEO)")
        pages = [("home", "/", None), ("article", "/topics/back-lump/", None),
                 ("quiz step", "/quiz/back-lump/q/1/", cookie), ("result", "/quiz/back-lump/result/", cookie)]
        for name, path, with_cookie in pages:
            scores = lighthouse(base + path, with_cookie)
            print(f"  {name:<12} {scores['performance']:>4} {scores['accessibility']:>4} "
                  f"{scores['best-practices']:>4} {scores['seo']:>4}")


if __name__ == "__main__":
    main()
