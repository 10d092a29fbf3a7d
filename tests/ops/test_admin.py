"""The admin refuses input no page can use with a 400 or 404, on every model's pages, and says so."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from backend.knowledge.models import Topic

pytestmark = pytest.mark.django_db

REFUSED = "We couldn't use what was sent"


def test_it_refuses_a_bulk_action_on_an_item_that_is_not_an_id(admin_client):
    request = RequestFactory().get("/")
    request.user = admin_client.user
    for model, model_admin in admin.site._registry.items():
        actions = list(model_admin.get_actions(request)) or ["delete_selected"]
        before = model.objects.count()
        response = admin_client.post(f"/admin/{model._meta.app_label}/{model._meta.model_name}/", {
            "action": actions[0], "_selected_action": [*model.objects.values_list("pk", flat=True)[:1], "abc"],
            "index": "0", "post": "yes",
        })
        assert response.status_code == 400, model
        assert REFUSED in response.text
        assert model.objects.count() == before


@pytest.mark.parametrize("query", ["?status__exact=%00", "?review=awaiting%00", "?q=fever%00"])
def test_it_refuses_a_filter_with_a_nul_character(admin_client, query):
    response = admin_client.get(f"/admin/knowledge/condition/{query}")
    assert response.status_code == 400
    assert REFUSED in response.text


@pytest.mark.parametrize("query", ["?submitted_at__year=9999", "?submitted_at__year=99999999999",
                                   "?submitted_at__year=2025&submitted_at__month=99999999999"])
def test_it_refuses_a_date_drill_down_past_the_calendar(admin_client, query):
    assert admin_client.get(f"/admin/stories/story/{query}").status_code == 400
    # A date the calendar has, but no story, still lists nothing rather than failing.
    assert admin_client.get("/admin/stories/story/?submitted_at__year=2001").status_code == 200


@pytest.mark.parametrize("suffix", ["history/", "history/1/", "change/"])
def test_it_cannot_find_an_item_whose_address_is_not_an_id(admin_client, suffix):
    response = admin_client.get(f"/admin/knowledge/topic/abc/{suffix}")
    assert response.status_code == 404
    assert "We can't find that page" in response.text


def test_it_still_finds_an_item_by_its_id(admin_client):
    topic = Topic.objects.first()
    assert admin_client.get(f"/admin/knowledge/topic/{topic.pk}/history/").status_code == 200
    assert admin_client.get(f"/admin/knowledge/topic/{topic.pk}/change/").status_code == 200


def test_it_refuses_a_username_longer_than_any_account_can_have_with_a_400(client):
    # django-axes records a failed sign-in; a name longer than its column failed on PostgreSQL (a 500).
    response = client.post("/admin/login/?next=/admin/", {"username": "u" * 300, "password": "wrong"})
    assert response.status_code == 400
    assert "Ensure this value has at most 150 characters (it has 300)." in response.text
    assert "_auth_user_id" not in client.session


def test_it_still_answers_a_wrong_password_with_the_sign_in_page(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "the-right-password-123")
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter the correct username and password for a staff account." in response.text
