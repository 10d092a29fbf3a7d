"""A staff session ends when it should, everywhere at once: a copied admin cookie stops working after
logout, a password change or deactivation. The anonymous quiz still keeps nothing on the server."""

import pytest
from django.conf import settings
from django.test import Client

from backend.staff.models import StaffSession
from tests.staff.factories import user_in

pytestmark = pytest.mark.django_db

COOKIE = settings.SESSION_COOKIE_NAME


def signed_in(*roles, username=None):
    """A browser signed in to the admin, and a second one holding a copy of its cookie."""
    user = user_in(*roles, username=username)
    browser = Client()
    browser.force_login(user)
    copy = Client()
    copy.cookies[COOKIE] = browser.cookies[COOKIE].value
    assert copy.get("/admin/").status_code == 200
    return user, browser, copy


def opens_the_admin(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_it_ends_a_copied_admin_cookie_when_its_owner_logs_out():
    _, browser, copy = signed_in("Editors")
    assert browser.post("/admin/logout/").status_code == 200
    assert not opens_the_admin(copy)
    assert not opens_the_admin(browser)


def test_it_ends_every_other_session_when_the_password_changes_but_keeps_the_changer_signed_in():
    user, browser, copy = signed_in("Editors")
    response = browser.post("/admin/password_change/", {
        "old_password": "a-long-test-password", "new_password1": "an-even-longer-new-password",
        "new_password2": "an-even-longer-new-password"})
    assert response.status_code == 302
    assert not opens_the_admin(copy)
    assert opens_the_admin(browser)


def test_it_ends_every_session_of_a_deactivated_user():
    user, _, copy = signed_in("Moderators")
    admin = Client()
    admin.force_login(type(user).objects.create_superuser("boss", "boss@example.org", "a-long-test-password"))
    user.is_active = False
    user.save()
    assert not opens_the_admin(copy)
    assert opens_the_admin(admin)


def test_it_leaves_other_people_signed_in_when_one_logs_out():
    _, first, _ = signed_in("Editors", username="first")
    _, second, _ = signed_in("Editors", username="second")
    first.post("/admin/logout/")
    assert opens_the_admin(second)


def test_it_keeps_the_staff_session_on_the_server_and_the_cookie_a_bare_key():
    user, browser, _ = signed_in("Editors")
    key = browser.cookies[COOKIE].value
    assert ":" not in key and len(key) == 32
    assert StaffSession.objects.filter(session_key=key, user=user).exists()


def test_it_keeps_the_anonymous_quiz_in_the_signed_cookie_only(client):
    client.post("/quiz/back-lump/", {"action": "restart"})
    client.post("/quiz/back-lump/check/", {"none": "1"})
    cookie = client.cookies[COOKIE].value
    assert ":" in cookie  # the data travels signed in the cookie itself
    assert not StaffSession.objects.exists()
