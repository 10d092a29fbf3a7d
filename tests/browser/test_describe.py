"""Describe it in your own words, in real Chromium on a phone: describe → confirm → fewer questions → result,
with htmx and without JavaScript, and an emergency in the words going straight to the call page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import quiz_steps as steps
from tests.browser.conftest import PHONE, axe_violations, rendering_only, watch_console

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "sore red lump low on my back for 3 days, no fever"


def questions_to_result(page, describe: str | None) -> int:
    steps.start(page, page.base_url, "back-lump")
    steps.no_red_flags(page)
    steps.about(page, describe=describe)
    if describe is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text("Here's what we understood")
        card = page.locator("#step-card")
        expect(card.get_by_text('You wrote "no fever"')).to_be_visible()
        fever = card.locator("fieldset", has_text="Fever")
        expect(fever.get_by_label("No")).to_be_checked()
        card.get_by_role("button", name="These are right, continue").click()
        expect(page.get_by_text(re.compile(r"^Question 1$"))).to_be_visible()
    steps.finish(page)
    expect(page.get_by_text(steps.RESULT_HEADING)).to_be_visible()
    return page.locator(".summary dt, dl dt").count()


def to_the_describe_step(page) -> None:
    """Through the screen, who and age to the describe step, its box left empty."""
    steps.start(page, page.base_url, "back-lump")
    steps.no_red_flags(page)
    page.get_by_text("Me", exact=True).click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("How old are you?").fill("34")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Describe it in your own words (optional)")


@pytest.fixture
def phone(browser, live_server):
    def open_page(javascript: bool):
        context = browser.new_context(java_script_enabled=javascript, base_url=live_server.url, **PHONE)
        page = context.new_page()
        page.base_url = live_server.url
        return page
    return open_page


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_describing_it_confirms_what_we_understood_and_asks_fewer_questions(phone, javascript):
    page = phone(javascript)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    with_words = questions_to_result(page, WORDS)
    expect(page.get_by_text("Described in their own words (confirmed)")).to_be_visible()
    without = questions_to_result(page, None)
    assert with_words < without + 1  # the summary lists the described findings as one line
    assert errors == []


def test_an_emergency_description_goes_straight_to_the_emergency_page(phone):
    page = phone(True)
    steps.start(page, page.base_url, "back-lump")
    steps.no_red_flags(page)
    steps.about(page, describe="lump on my lower back and i cant feel when i wipe, wet myself too")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("ambulance|emergency", re.I))
    expect(page.get_by_role("link", name=re.compile(r"^Call "))).to_be_visible()


@rendering_only
def test_a_resized_text_box_comes_back_without_a_csp_error(phone):
    """Dragging the box's corner gives it an inline size (style="height: ..."). When the card comes back (nothing
    recognised), htmx settles the new card by copying the old box's "class", "style", "width" and "height" onto
    the new one for a moment, and the site's CSP refuses that inline style: the console error the review saw
    on a swap. The site's htmx config leaves "style" out of what it settles."""
    page = phone(True)
    errors = watch_console(page)
    to_the_describe_step(page)
    box = page.get_by_label("In a few words, what is bothering you?")
    box.evaluate("box => { box.style.height = '12rem'; }")  # what the resize handle does
    box.fill("hello there")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("We didn't recognise any symptoms"))
    assert errors == []


@rendering_only
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_describe_and_confirm_cards_pass_axe(phone, scheme):
    page = phone(True)
    page.emulate_media(color_scheme=scheme)
    to_the_describe_step(page)
    assert axe_violations(page) == []
    page.get_by_label("In a few words, what is bothering you?").fill(WORDS)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Here's what we understood")
    assert axe_violations(page) == []
