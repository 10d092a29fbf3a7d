"""The whole quiz in real Chromium on a phone: with htmx, without JavaScript, emergencies, going back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import quiz_steps as steps
from tests.browser.conftest import PHONE, axe_violations, rendering_only, watch_console

pytestmark = pytest.mark.django_db(transaction=True)
KINDS = {"single", "group_multiple", "group_single"}


@pytest.fixture(autouse=True)
def no_console_errors(request):
    """Every quiz test fails on a console error or a CSP violation, on any page it loads and after any swap."""
    if "page" not in request.fixturenames:
        yield
        return
    errors = request.getfixturevalue("console_errors")
    yield
    assert errors == []


def test_it_takes_a_whole_quiz_to_a_result_with_htmx_swapping_only_the_card(live_server, page):
    steps.start(page, live_server.url)
    page.evaluate("window.sameDocument = true")  # survives only if no step reloads the page
    steps.no_red_flags(page)
    steps.about(page)
    kinds = steps.finish(page)
    assert page.evaluate("window.sameDocument") is True
    assert re.search(r"/quiz/back-lump/result/$", page.url)
    assert KINDS <= set(kinds)
    expect(page.get_by_text("This is not a diagnosis.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your answers, to show a doctor")).to_be_visible()
    expect(page.get_by_role("button", name="Print or save these answers")).to_be_visible()
    assert page.locator(".match").count() <= 3


# Answers that take each topic through all three types of question (the lump's choices lead to
# "Where on your back is the lump?", a pick-one question).
@pytest.mark.parametrize(("topic", "answer"), [("back-lump", steps.answer_first_option),
                                               ("back-burning", steps.answer_current)])
def test_it_swaps_in_every_type_of_question_of_each_topic(live_server, page, topic, answer):
    steps.start(page, live_server.url, topic)
    page.evaluate("window.sameDocument = true")
    steps.no_red_flags(page)
    steps.about(page)
    kinds = steps.finish(page, answer=answer)
    assert page.evaluate("window.sameDocument") is True
    assert set(kinds) == KINDS
    expect(page.get_by_text(steps.RESULT_HEADING)).to_be_visible()


def test_it_takes_a_whole_quiz_with_javascript_turned_off(live_server, browser):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    errors = watch_console(page)
    steps.start(page, live_server.url, "back-burning")
    steps.no_red_flags(page)
    steps.about(page, who="Someone else", age="70", sex="Male")
    steps.finish(page)
    expect(page.get_by_text(steps.RESULT_HEADING)).to_be_visible()
    # Without JavaScript the print button stays hidden; the browser's own print still uses the print styles.
    expect(page.get_by_role("button", name="Print or save these answers")).to_be_hidden()
    context.close()
    assert errors == []


def test_it_sends_an_emergency_red_flag_to_a_one_tap_call(live_server, page):
    steps.start(page, live_server.url, "back-burning")
    page.get_by_text("Chest pain or pressure").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("ambulance|emergency", re.I))
    call = page.get_by_role("link", name="Call 911")
    expect(call).to_have_attribute("href", "tel:911")
    expect(page.get_by_text("Chest pain or pressure")).to_be_visible()
    page.get_by_role("button", name=re.compile("Continue the quiz anyway")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this for?")


def test_it_refuses_a_quiz_answer_posted_from_another_site(live_server, browser):
    """The quiz's forms have no CSRF token: Chromium's own fetch metadata marks a form on another site."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    steps.start(page, live_server.url)
    steps.no_red_flags(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this for?")
    # A page on another site whose button posts into the person's quiz ("start again").
    forged = (f'<form method="post" action="{live_server.url}/quiz/back-lump/">'
              '<button name="action" value="restart">Win a prize</button></form>')
    page.route("http://elsewhere.test/", lambda route: route.fulfill(content_type="text/html", body=forged))
    page.goto("http://elsewhere.test/")
    with page.expect_response(f"{live_server.url}/quiz/back-lump/") as answer:
        page.get_by_role("button", name="Win a prize").click()
    assert answer.value.status == 403
    # The quiz carries on where it was: its start page offers to continue, to "Who is this for?".
    page.goto(f"{live_server.url}/quiz/back-lump/")
    page.get_by_role("button", name="Continue where I left off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this for?")
    context.close()


def test_it_changes_the_previous_answer(live_server, page):
    steps.start(page, live_server.url)
    steps.no_red_flags(page)
    steps.about(page)
    first_question = page.get_by_role("heading", level=1).inner_text()
    steps.answer_current(page)
    expect(page.get_by_text(re.compile(r"^Question 2$"))).to_be_visible()
    page.get_by_role("link", name="Change my previous answer").click()
    expect(page.get_by_text(re.compile(r"^Question 1$"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_question)
    assert page.url.endswith("/quiz/back-lump/q/1/")


def test_it_keeps_the_state_right_with_the_browser_back_button_and_refresh(live_server, page):
    steps.start(page, live_server.url)
    steps.no_red_flags(page)
    steps.about(page)
    steps.answer_current(page)
    expect(page.get_by_text(re.compile(r"^Question 2$"))).to_be_visible()
    second = page.get_by_role("heading", level=1).inner_text()
    steps.answer_current(page)
    expect(page.get_by_text(re.compile(r"^Question 3$"))).to_be_visible()
    page.go_back()
    page.wait_for_url("**/quiz/back-lump/q/2/")
    expect(page.get_by_text(re.compile(r"^Question 2$"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(second)
    page.wait_for_load_state("networkidle")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(second)
    page.go_forward()
    page.wait_for_url("**/quiz/back-lump/q/3/")
    expect(page.get_by_text(re.compile(r"^Question 3$"))).to_be_visible(timeout=10_000)


@rendering_only
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_keeps_every_step_type_accessible(live_server, page, scheme):
    page.emulate_media(color_scheme=scheme)
    steps.start(page, live_server.url)
    problems = {"start/check": axe_violations(page)}
    steps.no_red_flags(page)
    problems["who"] = axe_violations(page)
    page.get_by_text("Me", exact=True).click()
    page.get_by_role("button", name="Continue").click()
    problems["about"] = axe_violations(page)
    page.get_by_role("button", name="Continue").click()  # no age: the error state must be accessible too
    expect(page.get_by_text("There is a problem")).to_be_visible()
    problems["about with an error"] = axe_violations(page)
    page.get_by_label("How old are you?").fill("40")
    page.get_by_role("button", name="Continue").click()
    steps.finish(page, on_new_kind=lambda kind: problems.__setitem__(kind, axe_violations(page)))
    problems["result"] = axe_violations(page)
    assert {kind: found for kind, found in problems.items() if found} == {}
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


SMALL_TARGETS = """() => [...document.querySelectorAll(
        '#step-card button, #step-card .choice, #step-card a:not(p a):not(li a), #step-card summary')]
    .filter(el => el.offsetParent !== null)
    .map(el => [el.textContent.trim(), Math.round(el.getBoundingClientRect().height)])
    .filter(([, height]) => height < 48)"""


@rendering_only
def test_it_makes_every_tap_target_at_least_48_pixels(live_server, page):
    steps.start(page, live_server.url)
    small = {"red-flag screen": page.evaluate(SMALL_TARGETS)}
    steps.no_red_flags(page)
    small["who"] = page.evaluate(SMALL_TARGETS)
    steps.about(page)
    small["question"] = page.evaluate(SMALL_TARGETS)
    steps.finish(page)
    small["result"] = page.evaluate(SMALL_TARGETS)
    assert {step: found for step, found in small.items() if found} == {}


@rendering_only
def test_it_fits_a_320_pixel_screen_at_every_step(live_server, page):
    page.set_viewport_size({"width": 320, "height": 640})
    steps.start(page, live_server.url)
    fits = {"red-flag screen": page.evaluate("document.documentElement.scrollWidth <= 320")}
    steps.no_red_flags(page)
    steps.about(page)
    fits["question"] = page.evaluate("document.documentElement.scrollWidth <= 320")
    steps.finish(page)
    fits["result"] = page.evaluate("document.documentElement.scrollWidth <= 320")
    assert all(fits.values()), fits
