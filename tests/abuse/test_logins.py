"""Admin sign-in: a lockout per account and address, and a higher ceiling per address across usernames."""

import pytest

from tests.config.test_settings import start

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "the-right-password-123"
ATTACKER, ELSEWHERE = "203.0.113.5", "198.51.100.7"
LOCKED = "Too many failed sign-in attempts"


@pytest.fixture(autouse=True)
def steady_window(settings):
    # The same ceiling in a day's window instead of 15 minutes, so that no test straddles two windows.
    settings.RATE_LIMIT_ADMIN_LOGINS = (settings.RATE_LIMIT_ADMIN_LOGINS[0], 86400)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.org", PASSWORD)


def sign_in(client, username: str, password: str, address: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_it_locks_an_address_out_once_it_has_failed_with_many_usernames(client, editor, settings):
    ceiling = settings.RATE_LIMIT_ADMIN_LOGINS[0]
    assert ceiling > settings.AXES_FAILURE_LIMIT
    # One wrong password each for many usernames, real or made up: no account reaches its own limit.
    usernames = ["editor", *(f"guess-{n}" for n in range(ceiling - 1))]
    statuses = [sign_in(client, username, "wrong", ATTACKER).status_code for username in usernames]
    assert statuses == [200] * (ceiling - 1) + [429]
    # From there even a real account's right password is refused for a while, with the same page for a
    # real username as for a made-up one ...
    for username, password in [("editor", PASSWORD), ("nobody", "wrong")]:
        refused = sign_in(client, username, password, ATTACKER)
        assert refused.status_code == 429 and LOCKED in refused.text and username not in refused.text
    assert "_auth_user_id" not in client.session
    # ... while the same account signs in from elsewhere.
    assert sign_in(client, "editor", PASSWORD, ELSEWHERE).status_code == 302


def test_it_counts_an_ipv6_address_by_its_network(client, editor, settings):
    settings.RATE_LIMIT_ADMIN_LOGINS = (3, 86400)
    statuses = [sign_in(client, f"guess-{n}", "wrong", f"2001:db8:1:2::{n}").status_code for n in range(1, 4)]
    assert statuses == [200, 200, 429]
    assert sign_in(client, "editor", PASSWORD, "2001:db8:1:3::1").status_code == 302


def test_it_still_locks_one_account_out_long_before_the_address_ceiling(client, editor, django_user_model,
                                                                           settings):
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [sign_in(client, "editor", "wrong", ATTACKER).status_code for _ in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]
    assert sign_in(client, "editor", PASSWORD, ATTACKER).status_code == 429
    # Only that account is locked on that address: another one signs in from it.
    django_user_model.objects.create_superuser("reviewer", "r@example.org", PASSWORD)
    assert sign_in(client, "reviewer", PASSWORD, ATTACKER).status_code == 302


def test_it_refuses_an_address_ceiling_below_the_account_limit():
    result = start(ADMIN_LOGIN_FAILURE_LIMIT="5", ADMIN_LOGIN_ADDRESS_LIMIT="3")
    assert result.returncode != 0
    assert "ADMIN_LOGIN_ADDRESS_LIMIT must be at least ADMIN_LOGIN_FAILURE_LIMIT (5)" in result.stderr
