"""The app installs, its service worker takes control, and without a network the reader still gets help."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app_context(playwright, tmp_path):
    """A persistent (non-incognito) profile: Chromium reports installability only there."""
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE)
    yield context
    context.close()


def controlled_page(context, url):
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page


def test_it_is_installable(live_server, app_context):
    page = app_context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate("navigator.serviceWorker.ready")
    session = app_context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []


def test_its_service_worker_controls_the_page(live_server, app_context):
    page = controlled_page(app_context, live_server.url + "/")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


def test_it_shows_the_offline_page_with_the_emergency_signs_when_the_network_is_off(live_server, app_context):
    page = controlled_page(app_context, live_server.url + "/")
    app_context.set_offline(True)
    page.goto(live_server.url + "/conditions/lipoma/")  # never read, so not saved
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    expect(page.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    expect(page.get_by_text("Chest pain or pressure")).to_be_visible()
    app_context.set_offline(False)


def test_it_keeps_read_articles_but_never_quiz_pages_for_offline_use(live_server, app_context):
    page = controlled_page(app_context, live_server.url + "/")
    page.goto(live_server.url + "/topics/back-lump/")
    page.goto(live_server.url + "/quiz/back-lump/")
    page.wait_for_load_state("networkidle")
    app_context.set_offline(True)
    page.goto(live_server.url + "/topics/back-lump/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Painful back lump")
    page.goto(live_server.url + "/quiz/back-lump/")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    cached = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        }
        return urls;
    }""")
    assert "/topics/back-lump/" in cached
    assert not [url for url in cached if url.startswith("/quiz/") or url.startswith("/api/")]
    app_context.set_offline(False)
