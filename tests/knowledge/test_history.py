"""Medical content keeps a history that can be reverted; an edit clears the sign-off; nobody signs off
their own edit; and a review a year old is flagged."""

import datetime
import json

import pytest
from django.core.management import call_command

from backend.knowledge.models import Condition, Likelihood, Topic, TransitionError
from tests.knowledge.admin_forms import change_form
from tests.staff.factories import user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers():
    return user_in("Medical reviewers", username="dr-ana"), user_in("Medical reviewers", username="dr-ben")


def condition_form(client, condition) -> dict:
    return change_form(condition)


def test_it_starts_every_content_item_with_a_history_entry_from_the_fixtures():
    condition = Condition.objects.get(slug="lipoma")
    assert condition.history.count() >= 1
    assert condition.history.earliest().history_change_reason == "Loaded from the content fixtures"
    assert Likelihood.objects.first().history.exists()


def test_it_records_a_fixture_load_that_changes_an_item(tmp_path, django_capture_on_commit_callbacks):
    link = Likelihood.objects.select_related("condition", "symptom").first()
    fixture = tmp_path / "change.json"
    fixture.write_text(json.dumps([{"model": "knowledge.likelihood", "fields": {
        "condition": [link.condition.slug], "symptom": [link.symptom.slug], "probability": 0.01,
        "constraint": "", "is_top": False, "note": "Changed by a fixture."}}]))
    with django_capture_on_commit_callbacks(execute=True):  # a load records its history when it commits
        call_command("loaddata", str(fixture), verbosity=0)
    assert [version.history_type for version in link.history.all()] == ["~", "+"]
    latest = link.history.first()
    assert (latest.probability, latest.note) == (0.01, "Changed by a fixture.")
    assert latest.history_change_reason == "Loaded from the content fixtures"


def test_it_clears_the_sign_off_when_signed_off_content_is_edited(reviewers):
    ana, _ = reviewers
    condition = Condition.objects.get(slug="lipoma")
    condition.sign_off(by=ana)
    condition = Condition.objects.get(pk=condition.pk)
    condition.summary = "A soft, fatty lump under the skin."
    condition.save()
    assert not Condition.objects.get(pk=condition.pk).is_signed_off


def test_it_keeps_the_sign_off_when_nothing_in_the_content_changed(reviewers):
    ana, _ = reviewers
    condition = Condition.objects.get(slug="lipoma")
    condition.sign_off(by=ana)
    Condition.objects.get(pk=condition.pk).save()
    assert Condition.objects.get(pk=condition.pk).reviewed_by == ana


def test_it_clears_the_pages_sign_off_when_a_likelihood_or_faq_changes(reviewers):
    ana, _ = reviewers
    condition, topic = Condition.objects.get(slug="lipoma"), Topic.objects.get(slug="back-lump")
    condition.sign_off(by=ana)
    topic.sign_off(by=ana)
    link = condition.likelihoods.first()
    link.probability = 0.42
    link.save()
    faq = topic.faqs.first()
    faq.answer += " More."
    faq.save()
    assert not Condition.objects.get(pk=condition.pk).is_signed_off
    assert not Topic.objects.get(pk=topic.pk).is_signed_off


def test_it_refuses_a_sign_off_of_the_reviewers_own_edit_in_the_admin(client, reviewers):
    ana, ben = reviewers
    condition = Condition.objects.get(slug="lipoma")
    client.force_login(ana)
    data = condition_form(client, condition)
    data["summary"] = "Edited by Ana."
    response = client.post(f"/admin/knowledge/condition/{condition.pk}/change/", data)
    assert response.status_code == 302
    condition = Condition.objects.get(pk=condition.pk)
    assert condition.last_edited_by == ana
    response = client.post("/admin/knowledge/condition/", {"action": "sign_off", "_selected_action": [condition.pk]},
                           follow=True)
    assert "another reviewer must sign it off" in response.text
    assert not Condition.objects.get(pk=condition.pk).is_signed_off
    client.force_login(ben)
    client.post("/admin/knowledge/condition/", {"action": "sign_off", "_selected_action": [condition.pk]})
    assert Condition.objects.get(pk=condition.pk).reviewed_by == ben


def test_it_counts_an_inline_likelihood_edit_as_the_reviewers_edit(client, reviewers):
    ana, ben = reviewers
    condition = Condition.objects.get(slug="lipoma")
    condition.sign_off(by=ben)
    client.force_login(ana)
    data = condition_form(client, condition)
    data["likelihoods-0-note"] = "Checked against a second source."
    assert client.post(f"/admin/knowledge/condition/{condition.pk}/change/", data).status_code == 302
    condition = Condition.objects.get(pk=condition.pk)
    assert not condition.is_signed_off
    assert condition.last_edited_by == ana
    with pytest.raises(TransitionError):
        condition.sign_off(by=ana)


def test_it_shows_the_history_and_reverts_an_edit_without_bringing_back_an_old_sign_off(client, reviewers):
    ana, ben = reviewers
    condition = Condition.objects.get(slug="lipoma")
    original = condition.summary
    client.force_login(ana)
    data = condition_form(client, condition)
    data["summary"] = "A wrong summary."
    client.post(f"/admin/knowledge/condition/{condition.pk}/change/", data)
    Condition.objects.get(pk=condition.pk).sign_off(by=ben)

    history = client.get(f"/admin/knowledge/condition/{condition.pk}/history/")
    assert history.status_code == 200
    assert "A wrong summary." in history.text or "Summary" in history.text
    first = condition.history.earliest()
    client.force_login(ben)
    page = client.get(f"/admin/knowledge/condition/{condition.pk}/history/{first.history_id}/")
    assert page.status_code == 200 and original in page.text
    revert = condition_form(client, first.instance)
    response = client.post(f"/admin/knowledge/condition/{condition.pk}/history/{first.history_id}/", revert)
    assert response.status_code == 302
    condition = Condition.objects.get(pk=condition.pk)
    assert condition.summary == original
    assert condition.is_published  # the status is today's, not the old version's
    assert not condition.is_signed_off  # the revert is an edit: a reviewer must sign again
    assert condition.last_edited_by == ben
    assert condition.history.count() >= 4


def test_it_lets_an_editor_revert_but_not_a_moderator(client):
    condition = Condition.objects.get(slug="lipoma")
    version = condition.history.earliest().history_id
    client.force_login(user_in("Moderators"))
    assert client.get(f"/admin/knowledge/condition/{condition.pk}/history/").status_code == 403
    assert client.get(f"/admin/knowledge/condition/{condition.pk}/history/{version}/").status_code == 403
    client.force_login(user_in("Editors"))
    assert client.get(f"/admin/knowledge/condition/{condition.pk}/history/{version}/").status_code == 200


@pytest.mark.parametrize("model", ["topic", "faq", "condition", "symptom", "questiongroup", "likelihood"])
def test_it_offers_the_history_of_every_kind_of_medical_content(admin_client, model):
    from django.apps import apps

    obj = apps.get_model("knowledge", model).objects.first()
    assert admin_client.get(f"/admin/knowledge/{model}/{obj.pk}/history/").status_code == 200


def test_it_lists_content_due_for_review(admin_client, reviewers):
    ana, _ = reviewers
    lipoma, shingles = Condition.objects.get(slug="lipoma"), Condition.objects.get(slug="shingles")
    for condition in (lipoma, shingles):
        condition.sign_off(by=ana)
    Condition.objects.filter(pk=lipoma.pk).update(reviewed_at=datetime.date.today() - datetime.timedelta(days=366))
    response = admin_client.get("/admin/knowledge/condition/?review=due")
    assert "Lipoma" in response.text and "Shingles" not in response.text
    assert "due for review" in response.text
    topic = Topic.objects.get(slug="back-lump")
    topic.sign_off(by=ana)
    Topic.objects.filter(pk=topic.pk).update(reviewed_at=datetime.date.today() - datetime.timedelta(days=400))
    assert "due for review" in admin_client.get("/admin/knowledge/topic/").text
