"""Per-client rate limits with a clear 429, counted exactly across workers, and a client address that
can't be spoofed by default."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from backend.abuse.limits import STORIES, client_address, client_bucket
from backend.config.settings import cache_settings
from backend.feedback.forms import Page
from backend.stories.models import Story
from tests.config.test_settings import start
from tests.stories.test_submission import SHARE, form

pytestmark = pytest.mark.django_db


def use_database_cache(settings, **options) -> None:
    """Count in the database cache, as production does by default, starting from an empty table."""
    settings.CACHES = {"default": {**cache_settings("db"), **options}}
    call_command("createcachetable")
    cache.clear()


def test_it_answers_429_with_a_try_again_later_page_once_the_story_limit_is_used(client, settings):
    settings.RATE_LIMIT_STORIES = (2, 3600)
    assert client.post(SHARE, form(display_name="One")).status_code == 302
    assert client.post(SHARE, form(display_name="Two")).status_code == 302
    response = client.post(SHARE, form(display_name="Three"))
    assert response.status_code == 429
    assert "Please try again later" in response.text and "try again later, in about" in response.text
    assert 0 < int(response["Retry-After"]) <= 3600
    assert list(Story.objects.values_list("display_name", flat=True).order_by("pk")) == ["One", "Two"]
    assert client.get(SHARE).status_code == 200  # reading is never limited


def test_it_counts_each_client_on_its_own(client, settings):
    settings.RATE_LIMIT_STORIES = (1, 3600)
    assert client.post(SHARE, form(), REMOTE_ADDR="203.0.113.1").status_code == 302
    assert client.post(SHARE, form(), REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.post(SHARE, form(), REMOTE_ADDR="203.0.113.2").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_it_accepts_exactly_the_limit_when_many_workers_count_one_client_at_once(settings):
    use_database_cache(settings)
    settings.RATE_LIMIT_STORIES = (10, 3600)
    request = RequestFactory().post(SHARE, REMOTE_ADDR="203.0.113.9")

    def submit(_) -> bool:
        try:
            return STORIES.hit(request) == 0
        finally:
            connection.close()  # each thread has its own connection, as each worker process has

    with ThreadPoolExecutor(max_workers=8) as pool:
        accepted = sum(pool.map(submit, range(40)))
    assert accepted == 10


def test_it_keeps_a_client_limited_for_the_whole_window_on_the_database_cache(client, settings):
    # Counting must not give the counter the cache's default lifetime (5 minutes, 1 s here to see it
    # quickly), or a client who pauses that long starts a new allowance within the hour.
    use_database_cache(settings, TIMEOUT=1)
    settings.RATE_LIMIT_STORIES = (1, 3600)
    assert client.post(SHARE, form()).status_code == 302
    assert client.post(SHARE, form()).status_code == 429
    time.sleep(1.1)
    assert client.post(SHARE, form()).status_code == 429


def test_it_keeps_counting_a_client_while_hundreds_of_others_are_counted(rf: RequestFactory, settings):
    use_database_cache(settings)
    settings.RATE_LIMIT_STORIES = (1, 3600)
    first = rf.post(SHARE, REMOTE_ADDR="192.0.2.1")
    assert STORIES.hit(first) == 0
    for network in ("198.51.100", "203.0.113"):
        for host in range(200):
            STORIES.hit(rf.post(SHARE, REMOTE_ADDR=f"{network}.{host}"))
    assert STORIES.hit(first) > 0


def test_it_refuses_to_count_per_worker_in_production():
    result = start(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", CACHE_URL="locmem")
    assert result.returncode != 0
    assert "CACHE_URL must be db or a redis:// address" in result.stderr


def test_it_limits_feedback_too(client, settings):
    settings.RATE_LIMIT_FEEDBACK = (3, 3600)
    page = Page("topic:back-lump", url="/topics/back-lump/").sign()
    statuses = [client.post("/feedback/", {"page": page, "helpful": "yes"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    limited = client.post("/feedback/", {"page": page, "helpful": "no"}, headers={"HX-Request": "true"})
    assert limited.status_code == 429 and "try again later" in limited.text


def test_it_ignores_a_forwarded_header_unless_told_to_trust_it(rf: RequestFactory, settings):
    settings.TRUSTED_PROXY_HEADER = ""
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(request) == "10.0.0.5"


def test_it_takes_the_address_the_trusted_proxies_saw(rf: RequestFactory, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_address(spoofed) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(spoofed) == "1.2.3.4"
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")) == "10.0.0.5"
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, junk")) == "1.2.3.4"


def test_it_limits_behind_a_proxy_by_the_real_client(client, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.RATE_LIMIT_STORIES = (1, 3600)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.post(SHARE, form(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302
    assert client.post(SHARE, form(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    assert client.post(SHARE, form(), HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 302


def test_it_counts_an_ipv6_client_by_its_network():
    assert client_bucket("2001:db8:1:2:aaaa::1") == client_bucket("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_bucket("2001:db8:1:3::1") != client_bucket("2001:db8:1:2::1")
    assert client_bucket("203.0.113.9") == "203.0.113.9"


@pytest.mark.parametrize("raw, parsed", [("5/hour", (5, 3600)), ("30/minutes", (30, 60)), ("1/day", (1, 86400))])
def test_it_reads_rates_from_the_environment(monkeypatch, raw, parsed):
    from backend.config.settings import env_rate

    monkeypatch.setenv("RATE_LIMIT_X", raw)
    assert env_rate("RATE_LIMIT_X", "1/second") == parsed


@pytest.mark.parametrize("raw", ["5", "five/hour", "5/fortnight", "0/hour", "-1/hour"])
def test_it_refuses_a_malformed_rate(monkeypatch, raw):
    from django.core.exceptions import ImproperlyConfigured

    from backend.config.settings import env_rate

    monkeypatch.setenv("RATE_LIMIT_X", raw)
    with pytest.raises(ImproperlyConfigured):
        env_rate("RATE_LIMIT_X", "1/second")


def test_it_gives_no_address_rather_than_a_made_up_one(rf: RequestFactory):
    request = rf.get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == ""
    assert client_address(rf.get("/", REMOTE_ADDR="not-an-address")) == ""
