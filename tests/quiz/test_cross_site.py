"""The quiz's forms carry no CSRF token: the browser's fetch metadata shows a POST from another site, which is
refused and changes nothing. The rest of the site keeps Django's tokens."""

import pytest
from django.test import Client

from tests.quiz.test_views import LUMP, begin, shown_items

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
FORGED = [
    pytest.param({"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, id="another site"),
    pytest.param({"Sec-Fetch-Site": "same-site", "Origin": "https://blog.testserver"}, id="a sibling subdomain"),
    pytest.param({"Sec-Fetch-Site": "cross-site"}, id="no origin"),
    pytest.param({"Origin": "https://evil.example"}, id="an older browser, origin only"),
    pytest.param({"Origin": "null"}, id="a sandboxed frame"),
]


@pytest.fixture
def client():
    """A client that checks CSRF as a deployment does (Django's test client skips the check by default)."""
    return Client(enforce_csrf_checks=True)


def test_a_post_from_the_site_itself_needs_no_token(client):
    response = client.post(f"{LUMP}/", {"action": "restart"}, headers=SAME_ORIGIN)
    assert response.status_code == 302 and response["Location"] == f"{LUMP}/check/"
    response = client.post(f"{LUMP}/check/", {"none": "1"}, headers=SAME_ORIGIN)
    assert response.status_code == 302 and response["Location"] == f"{LUMP}/who/"


@pytest.mark.parametrize("headers", FORGED)
def test_a_post_from_another_site_is_refused_and_changes_no_answer(client, headers):
    question = begin(client)
    items = shown_items(client.get(question).text)
    refused = [client.post(question, {"items": items, "answer": "present"}, headers=headers),
               client.post(f"{LUMP}/", {"action": "restart"}, headers=headers)]
    assert [response.status_code for response in refused] == [403, 403]
    # Not restarted, and the answer not taken: carrying on leads back to the same first question.
    assert client.post(f"{LUMP}/", {"action": "continue"}, headers=SAME_ORIGIN)["Location"] == question


def test_a_post_with_no_fetch_metadata_at_all_is_not_a_browser_page_and_is_let_through(client):
    # What an old client without either header, or a script, sends: nothing a forged page could make a browser send.
    assert client.post(f"{LUMP}/", {"action": "restart"})["Location"] == f"{LUMP}/check/"


def test_the_rest_of_the_site_still_needs_its_token(client):
    response = client.post("/feedback/", {"helpful": "yes"}, headers=SAME_ORIGIN)
    assert response.status_code == 403
