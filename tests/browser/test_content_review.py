"""The clinical sign-off in real Chromium: an Editor lowers a red flag's level and the topic page stops
saying "Medically reviewed"; a Medical reviewer signs it off again and it says so once more."""

import pytest
from playwright.sync_api import expect

from backend.knowledge.models import Topic
from tests.browser.conftest import log_in
from tests.factories import reviewer
from tests.staff.factories import user_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_takes_the_sign_off_away_after_a_red_flag_edit_until_a_reviewer_signs_again(live_server, page,
                                                                                         console_errors):
    Topic.objects.get(slug="back-lump").sign_off(by=reviewer("dr-lee", first_name="Ana", last_name="Lee"))
    user_in("Editors", username="editor")
    article = live_server.url + "/topics/back-lump/"
    page.goto(article)
    expect(page.get_by_text("Medically reviewed by Ana Lee")).to_be_visible()

    log_in(page, live_server, "editor")
    page.goto(live_server.url + "/admin/knowledge/symptom/?q=saddle")
    page.get_by_role("link", name="Numbness around the genitals, buttocks or back passage").click()
    page.get_by_label("Minimum care level").select_option(label="See a doctor within 24 hours")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    page.goto(article)
    expect(page.get_by_text("Awaiting clinical review")).to_be_visible()
    expect(page.get_by_text("Medically reviewed")).to_have_count(0)

    log_in(page, live_server, "dr-lee")
    page.goto(live_server.url + "/admin/knowledge/topic/")
    page.get_by_role("row", name="Painful back lump").get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Sign off selected (clinical review)")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("Signed off 1 item(s).")).to_be_visible()

    page.goto(article)
    expect(page.get_by_text("Medically reviewed by Ana Lee")).to_be_visible()
    assert console_errors == []
