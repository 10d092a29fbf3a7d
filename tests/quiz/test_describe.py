""""Describe it in your own words": after the red-flag screen and the demographics, before the questions.
What the person confirms enters the interview; the words themselves are never kept."""

import re

import pytest
from django.conf import settings

from backend.quiz.progress import SESSION_KEY

from .test_views import answer_everything

pytestmark = pytest.mark.django_db

LUMP = "/quiz/back-lump"
WORDS = "a sore red lump low on my back for 3 days, no fever, my dad had melanoma"


def to_describe(client, topic="back-lump", flags=None, who="me"):
    client.post(f"/quiz/{topic}/", {"action": "restart"})
    client.post(f"/quiz/{topic}/check/", {"flags": flags} if flags else {"none": "1"})
    client.post(f"/quiz/{topic}/who/", {"who": who})
    response = client.post(f"/quiz/{topic}/about/", {"age": "34", "sex": "female"})
    assert response["Location"] == f"/quiz/{topic}/describe/"
    return response["Location"]


def session_data(client) -> dict:
    return dict(client.session.items())


def shown(html: str) -> dict[str, str]:
    """The findings on the confirm card, with the choice each starts on."""
    ids = re.search(r'name="items" value="([^"]*)"', html).group(1).split(",")
    return {i: re.search(rf'name="f-{i}" value="(\w*)"[^>]*checked', html).group(1) for i in ids}


def test_the_step_comes_after_about_and_can_be_skipped(client):
    url = to_describe(client)
    page = client.get(url)
    assert "Describe it in your own words (optional)" in page.text
    assert 'name="text"' in page.text and "For example" in page.text
    assert client.post(url, {"skip": "1"})["Location"] == f"{LUMP}/q/1/"
    # An empty box is a skip too.
    to_describe(client)
    assert client.post(url, {"text": "   "})["Location"] == f"{LUMP}/q/1/"


def test_what_we_understood_is_shown_to_confirm_before_it_counts(client):
    url = to_describe(client)
    page = client.post(url, {"text": WORDS})
    assert page.status_code == 200 and "Here&#x27;s what we understood" in page.text
    assert {"fever": "absent", "family-melanoma": "present", "duration-days": "present"}.items() <= \
        shown(page.text).items()
    assert 'You wrote "no fever"' in page.text
    # Nothing is saved until confirmed.
    assert client.get(f"{LUMP}/q/1/")["Location"] == url


def test_confirmed_findings_enter_the_interview_and_fewer_questions_are_asked(client):
    plain = answer_everything(client, to_describe(client) and client.post(f"{LUMP}/describe/", {"skip": "1"})[
        "Location"])
    asked_plain = len(re.findall(r"<dt>", plain.text))

    to_describe(client)
    page = client.post(f"{LUMP}/describe/", {"text": WORDS})
    choices = shown(page.text)
    data = {"items": ",".join(choices), **{f"f-{i}": c for i, c in choices.items()}}
    data["f-family-melanoma"] = ""  # the person leaves one out
    response = client.post(f"{LUMP}/describe/confirm/", data)
    assert response["Location"] == f"{LUMP}/q/1/"
    stated = session_data(client)[SESSION_KEY]["stated"]
    assert stated["fever"] == "absent" and "family-melanoma" not in stated
    first = client.get(f"{LUMP}/q/1/").text
    for finding in stated:  # what is known is not asked again
        assert f'value="{finding}"' not in first and f'name="items" value="{finding}"' not in first
    described = answer_everything(client, f"{LUMP}/q/1/")
    assert "Described in their own words (confirmed)" in described.text
    assert len(re.findall(r"<dt>", described.text)) <= asked_plain + 1


def test_a_changed_answer_is_taken_as_changed(client):
    to_describe(client)
    choices = shown(client.post(f"{LUMP}/describe/", {"text": "sore red lump, no fever"}).text)
    data = {"items": ",".join(choices), **{f"f-{i}": c for i, c in choices.items()}, "f-fever": "present"}
    client.post(f"{LUMP}/describe/confirm/", data)
    assert session_data(client)[SESSION_KEY]["stated"]["fever"] == "present"


def test_an_emergency_in_the_words_goes_straight_to_the_emergency_page(client):
    url = to_describe(client)
    response = client.post(url, {"text": "lump on my back and i cant feel when i wipe, numb down there"})
    assert response["Location"] == f"{LUMP}/emergency/"
    progress = session_data(client)[SESSION_KEY]
    assert progress["answers"][0]["saddle-numbness"] == "present"  # ticked on the screen, as if ticked there
    page = client.get(f"{LUMP}/emergency/")
    assert "Call" in page.text


def test_the_words_are_never_kept(client):
    url = to_describe(client)
    text = "zebra quokka lump on my back, no fever"
    client.post(url, {"text": text})
    raw = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert "zebra" not in str(session_data(client)) and "quokka" not in raw


def test_bad_input_gets_a_clear_message_and_keeps_the_words(client):
    url = to_describe(client)
    long = "lump " * 401
    page = client.post(url, {"text": long})
    assert page.status_code == 200 and "under 2,000 characters" in page.text
    assert long.strip()[:100] in page.text
    page = client.post(url, {"text": "the weather is lovely today"})
    assert "We didn't recognise any symptoms in that" in page.text
    assert "the weather is lovely today" in page.text


def test_a_forged_confirmation_is_refused(client):
    to_describe(client)
    response = client.post(f"{LUMP}/describe/confirm/", {"items": "not-a-finding", "f-not-a-finding": "present"})
    assert response.status_code == 400
    to_describe(client)
    response = client.post(f"{LUMP}/describe/confirm/", {"items": "fever", "f-fever": "maybe"})
    assert response.status_code == 200 and "There is a problem" in response.text


def test_with_htmx_only_the_card_swaps(client):
    url = to_describe(client)
    page = client.post(url, {"text": WORDS}, headers={"HX-Request": "true"})
    assert page.text.startswith("<title>") and "<html" not in page.text
    assert 'id="step-card"' in page.text and "/describe/confirm/" in page.text
