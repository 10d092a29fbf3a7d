"""Staff see per page how many questions found no answer: a read-only list for editors and medical reviewers."""

import threading
from datetime import date

import pytest
from django.db import connection

from backend.knowledge.models import UnansweredCount
from tests.staff.factories import user_in

pytestmark = pytest.mark.django_db

LIST = "/admin/knowledge/unansweredcount/"


@pytest.fixture
def counts():
    UnansweredCount.objects.create(page_kind="topic", page_slug="back-lump", count=7, last_day=date(2026, 11, 2))
    UnansweredCount.objects.create(page_kind="condition", page_slug="lipoma", count=2, last_day=date(2026, 11, 1))
    return UnansweredCount.objects.all()


@pytest.mark.parametrize("role", ["Editors", "Medical reviewers"])
def test_editors_and_reviewers_see_each_page_with_its_count(client, counts, role):
    client.force_login(user_in(role))
    response = client.get(LIST)
    assert response.status_code == 200
    assert 'href="/topics/back-lump/"' in response.text and 'href="/conditions/lipoma/"' in response.text
    assert '<td class="field-count">7</td>' in response.text


@pytest.mark.parametrize("role", ["Editors", "Medical reviewers"])
def test_nobody_can_change_add_or_delete_a_count(client, counts, role):
    client.force_login(user_in(role))
    count = counts.get(page_slug="lipoma")
    page = client.get(f"{LIST}{count.pk}/change/")
    assert page.status_code == 200 and 'name="count"' not in page.text  # a read-only view
    assert client.post(f"{LIST}{count.pk}/change/", {"count": 0}).status_code == 403
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{count.pk}/delete/", {"post": "yes"}).status_code == 403
    assert UnansweredCount.objects.get(pk=count.pk).count == 2


def test_even_a_superuser_cannot_change_a_count(admin_client, counts):
    assert admin_client.get(f"{LIST}add/").status_code == 403
    assert 'name="count"' not in admin_client.get(f"{LIST}{counts.first().pk}/change/").text


def test_moderators_do_not_see_the_counts(client, counts):
    client.force_login(user_in("Moderators"))
    assert client.get(LIST).status_code == 403


def test_it_counts_one_more_and_remembers_the_day(counts):
    UnansweredCount.objects.record("topic", "back-lump")
    UnansweredCount.objects.record("search", "")
    topic = UnansweredCount.objects.get(page_slug="back-lump")
    assert topic.count == 8 and topic.last_day > date(2026, 11, 2)
    assert UnansweredCount.objects.get(page_kind="search").count == 1


@pytest.mark.django_db(transaction=True)
def test_it_counts_every_one_of_many_at_once():
    def record():
        UnansweredCount.objects.record("condition", "boil")
        connection.close()

    threads = [threading.Thread(target=record) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert UnansweredCount.objects.get(page_slug="boil").count == 8
