"""Every quiz step, the result and the admin tell browsers and proxies not to keep the page
("Cache-Control: no-store, private"), with and without htmx, whatever the response."""

import time

import pytest
from django.utils.http import parse_http_date

from tests.quiz.test_views import begin, red_flag
from tests.staff.factories import user_in

pytestmark = pytest.mark.django_db

LUMP = "/quiz/back-lump"
HTMX = {"HTTP_HX_REQUEST": "true"}


def assert_private(response) -> None:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, (response.request["PATH_INFO"], response.get("Cache-Control"))
    # For caches that only read Expires (HTTP/1.0 proxies): already expired.
    assert parse_http_date(response["Expires"]) < time.time(), response["Expires"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_it_keeps_every_quiz_step_out_of_caches(client, headers):
    for url in (f"{LUMP}/", f"{LUMP}/check/"):
        assert_private(client.get(url, **headers))
    first = begin(client)
    for url in (f"{LUMP}/who/", f"{LUMP}/about/", f"{LUMP}/describe/", first):
        assert_private(client.get(url, **headers))
    assert_private(client.post(first, {"items": "x", "answer": "present"}, **headers))  # a bad answer, refused
    assert_private(client.get(f"{LUMP}/result/", **headers))
    assert_private(client.post(f"{LUMP}/", {"action": "restart"}, **headers))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_it_keeps_the_emergency_page_out_of_caches(client, headers):
    begin(client, flags=[red_flag(client, "emergency")])
    assert_private(client.get(f"{LUMP}/emergency/", **headers))


def test_it_keeps_the_admin_out_of_caches(client):
    assert_private(client.get("/admin/login/"))
    assert_private(client.get("/admin/"))  # the redirect to the login page
    client.force_login(user_in("Moderators"))
    assert_private(client.get("/admin/"))
    assert_private(client.get("/admin/stories/story/"))
    assert_private(client.get("/admin/knowledge/condition/"))  # refused: 403
