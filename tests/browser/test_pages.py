"""The public pages in real Chromium on a phone: no console errors, no horizontal scroll, WCAG 2.2 AA."""

import pytest

from tests.browser.conftest import axe_violations, rendering_only

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/topics/back-lump/", "/topics/back-burning/", "/conditions/shingles/", "/conditions/",
         "/search/?q=fever", "/no-such-page/"]


@rendering_only
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_shows_each_page_accessibly_on_a_phone(live_server, page, console_errors, path, scheme):
    page.emulate_media(color_scheme=scheme)
    response = page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    if response.status == 404:  # Chromium logs the page's own 404 status as a console error
        console_errors = [e for e in console_errors if "404" not in e]
        assert "We can't find that page" in page.content()
    assert console_errors == []


@rendering_only
def test_it_stays_readable_at_320_pixels(live_server, page):
    page.set_viewport_size({"width": 320, "height": 700})
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= 320"), path


@rendering_only
def test_it_serves_the_api_docs_from_local_assets_under_the_csp(live_server, page, console_errors):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/api/docs/")
    page.get_by_text("/api/v1/assessments/next/").first.wait_for()
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests)
    assert console_errors == []


# The conditions added in issue 10; the first 43 pages share their template and were checked before.
NEW_CONDITIONS = [
    "abdominal-aortic-aneurysm", "acute-cholecystitis", "acute-pancreatitis", "anaphylaxis", "angina",
    "ankylosing-spondylitis", "anticoagulant-bleed", "basal-cell-carcinoma", "cherry-angioma", "cystitis",
    "discitis-osteomyelitis", "fibromyalgia", "gallstones", "guillain-barre", "heat-rash", "hidradenitis-suppurativa",
    "insect-bite-sting", "keloid", "kidney-stone", "labour", "meningitis", "mole", "molluscum-contagiosum",
    "multiple-myeloma", "neurofibroma", "notalgia-paresthetica", "peptic-ulcer", "period-pain", "pleurisy",
    "pneumonia", "polymyalgia-rheumatica", "postherpetic-neuralgia", "pre-eclampsia", "pregnancy-back-pain",
    "pulmonary-embolism", "reflux", "sepsis", "skin-tag", "spinal-cord-compression", "squamous-cell-carcinoma",
    "urticaria", "viral-wart",
]


@rendering_only
def test_every_new_condition_page_is_accessible_on_a_phone(live_server, page, console_errors):
    for slug in NEW_CONDITIONS:
        page.goto(f"{live_server.url}/conditions/{slug}/")
        assert page.locator("h1").count() == 1, slug
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), slug
        assert axe_violations(page) == [], slug
    assert console_errors == []
