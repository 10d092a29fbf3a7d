"""The admin: every content list and form opens, and publication and sign-off are actions."""

import datetime

import pytest

from backend.knowledge.models import Condition, Likelihood, QuestionGroup, Source, Symptom, Topic

pytestmark = pytest.mark.django_db

MODELS = [Topic, Condition, Symptom, QuestionGroup, Likelihood, Source]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_opens_every_content_list_and_form(admin_client, model):
    base = f"/admin/knowledge/{model._meta.model_name}/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(base + "?q=back").status_code == 200
    assert admin_client.get(base + "add/").status_code == 200
    assert admin_client.get(f"{base}{model.objects.first().pk}/change/").status_code == 200


def test_it_shows_a_conditions_likelihoods_inline(admin_client):
    condition = Condition.objects.get(slug="shingles")
    response = admin_client.get(f"/admin/knowledge/condition/{condition.pk}/change/")
    assert "likelihoods-TOTAL_FORMS" in response.text
    assert condition.likelihoods.first().note in response.text


def test_it_shows_review_status_in_the_condition_list(admin_client):
    response = admin_client.get("/admin/knowledge/condition/")
    assert "Awaiting review" in response.text
    assert "ICD-10-CM code" in response.text


def test_it_filters_conditions_by_urgency(admin_client):
    response = admin_client.get("/admin/knowledge/condition/?urgency__exact=emergency_ambulance")
    assert "Aortic dissection" in response.text
    assert "Lipoma" not in response.text


def test_it_signs_off_selected_conditions_as_the_current_user(admin_client):
    condition = Condition.objects.get(slug="lipoma")
    response = admin_client.post("/admin/knowledge/condition/", {
        "action": "sign_off", "_selected_action": [condition.pk],
    })
    assert response.status_code == 302
    condition.refresh_from_db()
    assert condition.reviewed_by == admin_client.user
    assert condition.reviewed_at == datetime.date.today()


def test_it_unpublishes_and_publishes_through_actions(admin_client, client):
    topic = Topic.objects.get(slug="back-burning")
    admin_client.post("/admin/knowledge/topic/", {"action": "unpublish", "_selected_action": [topic.pk]})
    assert client.get("/topics/back-burning/").status_code == 404
    admin_client.post("/admin/knowledge/topic/", {"action": "publish", "_selected_action": [topic.pk]})
    assert client.get("/topics/back-burning/").status_code == 200


def test_it_does_not_offer_status_or_reviewer_as_editable_fields(admin_client):
    condition = Condition.objects.first()
    html = admin_client.get(f"/admin/knowledge/condition/{condition.pk}/change/").text
    assert 'name="status"' not in html
    assert 'name="reviewed_by"' not in html


def test_it_flags_a_stale_review_in_the_list(admin_client, django_user_model):
    condition = Condition.objects.get(slug="lipoma")
    condition.sign_off(by=admin_client.user)
    # Move the sign-off date well into the past through the workflow itself.
    Condition.objects.filter(pk=condition.pk).update(reviewed_at=datetime.date.today() - datetime.timedelta(days=400))
    response = admin_client.get("/admin/knowledge/condition/?q=lipoma")
    assert "due for review" in response.text


def test_it_keeps_anonymous_users_out(client):
    response = client.get("/admin/knowledge/condition/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
