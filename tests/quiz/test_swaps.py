"""With htmx, each quiz step swaps in exactly the card the whole page shows: same markup, same context."""

import re

import pytest
from django.test.html import Element, parse_html

from tests.quiz.test_views import LUMP, begin, red_flag, shown_items

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# The feedback form's CSRF token is masked afresh on every page, and its page is signed with the time:
# two renders of one card differ only there.
PER_RENDER = re.compile(r'(name="(?:csrfmiddlewaretoken|page)" value=")[^"]*(")')


def step_card(html: str) -> Element:
    """The element with id="step-card", the values signed or masked per render blanked out."""
    found = find(parse_html(PER_RENDER.sub(r"\1\2", html)), "step-card")
    assert found is not None, html[:500]
    return found


def find(element, id_: str) -> Element | None:
    if not isinstance(element, Element):
        return None
    if ("id", id_) in element.attributes:
        return element
    return next(filter(None, (find(child, id_) for child in element.children)), None)


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def assert_same_card(client, url: str, method: str = "get", data: dict | None = None) -> str:
    """The htmx card and the whole page's card are the same, with the same title; returns the card's HTML."""
    send = getattr(client, method)
    full = send(url, data)
    swap = send(url, data, headers=HTMX)
    assert (full.status_code, swap.status_code) == (200, 200)
    assert "<html" in full.text and "<html" not in swap.text
    assert step_card(swap.text) == step_card(full.text)
    assert title(swap.text) == title(full.text)
    # The quiz's own forms need no token (fetch metadata protects them: tests/quiz/test_cross_site.py); the
    # feedback form on the result still has its token, from the csrf context processor.
    quiz_forms = re.findall(r'<form [^>]*action="/quiz/.*?</form>', swap.text, re.S)
    assert not any("csrfmiddlewaretoken" in form for form in quiz_forms)
    if 'action="/feedback/"' in swap.text:
        assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', swap.text)
    return swap.text


@pytest.fixture
def number(settings):
    """An emergency number only the `site` context processor can have put in a card: "Call 112", tel:112."""
    settings.EMERGENCY_NUMBER = "112"
    return re.compile(r"Call 112|tel:112")


def test_the_start_check_who_and_about_cards_are_the_pages_cards(client, number):
    assert number.search(assert_same_card(client, f"{LUMP}/"))
    client.post(f"{LUMP}/", {"action": "restart"})
    assert_same_card(client, f"{LUMP}/check/")
    client.post(f"{LUMP}/check/", {"none": "1"})
    assert_same_card(client, f"{LUMP}/who/")
    client.post(f"{LUMP}/who/", {"who": "me"})
    assert_same_card(client, f"{LUMP}/about/")
    # A form shown again with its errors is the same card as well.
    assert "There is a problem" in assert_same_card(client, f"{LUMP}/about/", "post", {"age": ""})


def test_a_question_of_each_type_and_the_result_are_the_pages_cards(client, number):
    url = begin(client)
    kinds = set()
    for _ in range(30):
        if url.endswith("/result/"):
            break
        html = assert_same_card(client, url)
        items = shown_items(html)
        first = items.split(",")[0]
        # Ticking the first item of each group takes the lump quiz through all three types of question.
        if 'value="present"' in html:
            kinds.add("single")
            data = {"items": items, "answer": "absent"}
        elif 'name="checked"' in html:
            kinds.add("group_multiple")
            data = {"items": items, "answer": "checked", "checked": [first]}
        else:
            kinds.add("group_single")
            data = {"items": items, "answer": first}
        url = client.post(url, data)["Location"]
    assert kinds == {"single", "group_single", "group_multiple"}
    assert url == f"{LUMP}/result/"
    assert number.search(assert_same_card(client, url))


def test_the_emergency_card_is_the_pages_card(client, number):
    begin(client, flags=[red_flag(client, "emergency")])
    assert number.search(assert_same_card(client, f"{LUMP}/emergency/"))


def test_the_restart_card_is_the_pages_card(client, number):
    html = assert_same_card(client, f"{LUMP}/q/3/")
    assert "start again" in html
    assert number.search(html)
