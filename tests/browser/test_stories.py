"""Stories and feedback in real Chromium on a phone: a moderator approves in three clicks, the form checks
itself as you go (and works without JavaScript), "Was this helpful?" answers in place, all accessibly."""

import pytest
from playwright.sync_api import expect

from backend.feedback.models import Feedback
from backend.stories.models import Story
from tests.browser.conftest import axe_violations, log_in
from tests.staff.factories import user_in
from tests.stories.factories import ARABIC, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

STORY = "I found a sore lump on my back. It turned red, a doctor drained it, and it healed in about a week."


def test_it_lets_a_moderator_approve_a_pending_story_in_three_clicks(live_server, page, console_errors):
    StoryFactory(display_name="Priya", text=STORY)
    user_in("Moderators", username="mod")
    log_in(page, live_server, "mod")

    page.get_by_role("link", name="1 story is waiting for moderation").click()  # 1: the queue
    page.get_by_role("link", name=STORY[:40]).click()  # 2: the story
    page.get_by_role("button", name="Approve").click()  # 3: approve

    expect(page.get_by_text("No more stories are waiting")).to_be_visible()
    assert Story.objects.get().status == Story.Status.APPROVED
    page.goto(live_server.url + "/topics/back-lump/")
    stories = page.locator("#stories")
    expect(stories.get_by_role("heading", name="Hear what 1 other is saying")).to_be_visible()
    expect(stories.get_by_text(STORY)).to_be_visible()
    expect(stories.locator(".story-name")).to_have_text("Priya")
    assert console_errors == []


def test_it_checks_each_field_as_you_go_and_then_sends_the_story(live_server, page, console_errors):
    page.goto(live_server.url + "/topics/back-lump/stories/share/")
    page.fill("#story-display_name", "Sam 123")
    page.fill("#story-text", "Too short.")  # leaving the name field checks it
    expect(page.locator("#story-display_name-field .field-error")).to_contain_text("Please use only letters")
    page.focus("#story-text")  # leaving the text field checks it
    page.fill("#story-display_name", "Sam")
    expect(page.locator("#story-text-field .field-error")).to_contain_text("you wrote 10")
    page.focus("#story-text")
    expect(page.locator("#story-display_name-field .field-error")).to_have_count(0)
    assert page.locator("#story-text").get_attribute("aria-invalid") == "true"
    page.fill("#story-text", STORY)
    page.focus("#story-display_name")
    expect(page.locator("#story-text-field .field-error")).to_have_count(0)
    assert page.url.endswith("/stories/share/")  # nothing was sent yet
    page.check("#story-consent")
    page.click("button:has-text('Send my story')")
    expect(page.get_by_role("heading", name="Thank you for sharing your story")).to_be_visible()
    assert Story.objects.get().display_name == "Sam"
    assert console_errors == []


def test_it_sends_a_story_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/topics/back-lump/")
    form = page.locator("#stories form")
    form.locator("#story-display_name").fill("مريم")
    form.locator("#story-text").fill(ARABIC)
    form.locator("#story-language").select_option("ar")
    form.get_by_role("button", name="Send my story").click()
    expect(page.get_by_text("Please tick the box to agree").first).to_be_visible()
    page.check("#story-consent")
    page.get_by_role("button", name="Send my story").click()
    expect(page.get_by_role("heading", name="Thank you for sharing your story")).to_be_visible()
    assert Story.objects.get().language == "ar"
    context.close()


def test_it_shows_arabic_right_to_left_and_english_left_to_right(live_server, page):
    StoryFactory(approved=True, display_name="مريم", text=ARABIC, language="ar")
    StoryFactory(approved=True, display_name="Sam", text=STORY)
    page.goto(live_server.url + "/topics/back-lump/stories/")
    directions = page.locator(".story-text p").evaluate_all("ps => ps.map(p => getComputedStyle(p).direction)")
    assert sorted(directions) == ["ltr", "rtl"]


def test_it_answers_was_this_helpful_in_place(live_server, page, console_errors):
    page.goto(live_server.url + "/conditions/lipoma/")
    widget = page.locator("#feedback-condition-lipoma")
    widget.get_by_role("button", name="Yes").click()
    expect(widget.get_by_role("heading", name="Thank you for your answer")).to_be_visible()
    expect(widget).to_contain_text("1 person found this helpful")
    assert page.url.endswith("/conditions/lipoma/")  # no page load, no jump
    widget.get_by_label("Anything you'd like to tell us? (optional)").fill("Clear, thanks.")
    widget.get_by_role("button", name="Send").click()
    expect(widget.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    assert Feedback.objects.get().comment == "Clear, thanks."
    page.reload()
    expect(page.locator("#feedback-condition-lipoma")).to_contain_text("Thank you for your feedback")
    assert console_errors == []


@pytest.mark.parametrize("path", ["/topics/back-lump/stories/", "/topics/back-lump/stories/share/",
                                  "/topics/back-lump/stories/thanks/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_shows_the_story_pages_accessibly_on_a_phone(live_server, page, console_errors, path, scheme):
    StoryFactory(approved=True, text=STORY, age_range="30-44")
    StoryFactory(approved=True, display_name="مريم", text=ARABIC, language="ar")
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    assert console_errors == []


def test_it_shows_form_errors_and_the_answered_widget_accessibly(live_server, page):
    page.goto(live_server.url + "/topics/back-lump/")
    page.locator("#stories").get_by_role("button", name="Send my story").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.url.endswith("/topics/back-lump/stories/share/")
    assert axe_violations(page) == []
    page.goto(live_server.url + "/topics/back-lump/")
    page.locator("#feedback-topic-back-lump").get_by_role("button", name="No").click()
    expect(page.get_by_text("What was missing or unclear?")).to_be_visible()
    assert axe_violations(page) == []
