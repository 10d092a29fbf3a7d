"""Real Chromium (Debian's /usr/bin/chromium) on a phone-sized, touch screen, against the live server."""

import os

import pytest

from tests.conftest import database_vendor

# Playwright's sync API runs an event loop in this thread; the database calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "has_touch": True, "is_mobile": True}


# How a page looks and reads (axe, tap targets, narrow screens, escaping) doesn't depend on the database:
# SQLite's pass checks it, and the PostgreSQL pass keeps the flows that write and read data.
rendering_only = pytest.mark.skipif(database_vendor() == "postgresql",
                                    reason="the page's rendering is checked in the SQLite pass")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


# Chromium logs a Content-Security-Policy violation to the console, but without saying where; the event
# says which directive, which page and what was refused. htmx swaps and page loads alike are covered, as the
# listener is added to every document the page loads.
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => console.error(
    `CSP violation on ${location.pathname}: ${event.violatedDirective} refused ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || "the page"}:${event.lineNumber}) ${event.sample}`));"""


def watch_console(page) -> list[str]:
    """Every console error, uncaught exception and CSP violation on the page from now on."""
    errors: list[str] = []
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def console_errors(page):
    """Every console error, uncaught exception and CSP violation on the page; a test asserts it stays empty."""
    return watch_console(page)


WCAG_22_AA = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]}}


def axe_violations(page) -> list[str]:
    """WCAG 2.2 AA violations axe-core finds on the page, as readable lines."""
    from pytest_playwright_axe import Axe
    from pytest_playwright_axe.axe import MIN_AXE_PATH

    if len(page.frames) > 1:
        # Only the library's scan reaches into frames (it runs axe in each and combines the results).
        violations = Axe(use_minified_file=True).run(page, options=WCAG_22_AA, html_report_generated=False,
                                                     json_report_generated=False)["violations"]
    else:
        # The same axe-core, run straight in the page: a fifth of the library's time (3.3 s a scan), which also
        # injects axe into a second, blank browser context to combine per-frame results a frameless page doesn't
        # have. axe stays loaded until the page navigates, so scans after htmx swaps reuse it. Only violations
        # are reported in full, and only they are read.
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(MIN_AXE_PATH.read_text(encoding="utf-8"))
        violations = page.evaluate("(options) => axe.run(document, options).then(results => results.violations)",
                                   {**WCAG_22_AA, "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})" for v in violations]


def log_in(page, live_server, username: str) -> None:
    """Sign in to the admin as a user made by tests.stories.factories.user_in."""
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
