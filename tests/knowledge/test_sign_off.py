"""A sign-off covers exactly what the reviewer saw: any change to it, by any path, takes "Medically
reviewed" off the page, and nobody can bring a sign-off back by deleting and restoring a page.

The first tests are the attacks a security review made against the admin, as each role would."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from backend.knowledge.models import FAQ, Condition, Level, Likelihood, Source, Status, Symptom, Topic
from tests.factories import reviewer
from tests.knowledge.admin_forms import change_form, symptom_url
from tests.staff.factories import user_in

pytestmark = pytest.mark.django_db

REVIEWED = "Medically reviewed by"


@pytest.fixture
def signed_lipoma():
    condition = Condition.objects.get(slug="lipoma")
    condition.sign_off(by=reviewer("dr-ana"))
    return condition


@pytest.fixture
def signed_topic():
    topic = Topic.objects.get(slug="back-lump")
    topic.sign_off(by=reviewer("dr-ana"))
    return topic


def shows_reviewed(client, page) -> bool:
    return REVIEWED in client.get(page.get_absolute_url()).text


def delete_and_restore(client, condition, **changes):
    """What the attacker did: delete the page, open its history and restore the old version, edited."""
    topics = list(condition.topics.all())
    version = condition.history.filter(reviewed_by__isnull=False).latest("history_date")
    assert client.post(f"/admin/knowledge/condition/{condition.pk}/delete/", {"post": "yes"}).status_code == 302
    data = change_form(version.instance, topics=[topic.pk for topic in topics], **changes)
    return client.post(f"/admin/knowledge/condition/{condition.pk}/history/{version.history_id}/", data)


def test_it_restores_a_deleted_page_as_an_unreviewed_draft_and_logs_it(client, signed_lipoma):
    assert shows_reviewed(client, signed_lipoma)
    editor = user_in("Editors")
    client.force_login(editor)
    response = delete_and_restore(client, signed_lipoma, summary="Nothing to worry about.", urgency=Level.SELF_CARE)
    assert response.status_code == 302
    restored = Condition.objects.get(pk=signed_lipoma.pk)
    assert restored.summary == "Nothing to worry about."
    assert restored.status == Status.DRAFT and restored.reviewed_by is None and not restored.is_signed_off
    client.logout()
    assert client.get(restored.get_absolute_url()).status_code == 404  # a draft: not on the site, not in the quiz
    assert LogEntry.objects.filter(user=editor, object_id=str(restored.pk),
                                   change_message__contains="Restored").exists()


def test_it_refuses_a_restore_to_a_reviewer_who_may_not_add_content(client, signed_lipoma):
    client.force_login(user_in("Editors"))
    client.post(f"/admin/knowledge/condition/{signed_lipoma.pk}/delete/", {"post": "yes"})
    client.force_login(user_in("Medical reviewers"))
    version = signed_lipoma.history.filter(reviewed_by__isnull=False).latest("history_date")
    data = change_form(version.instance, topics=[Topic.objects.get(slug="back-lump").pk], urgency=Level.SELF_CARE)
    response = client.post(f"/admin/knowledge/condition/{signed_lipoma.pk}/history/{version.history_id}/", data)
    assert response.status_code == 403
    assert not Condition.objects.filter(pk=signed_lipoma.pk).exists()


def test_it_shows_the_history_read_only_to_someone_who_may_only_view(client, django_user_model, signed_lipoma):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="a-long-test-password", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_condition"))
    client.force_login(viewer)
    version = signed_lipoma.history.earliest()
    url = f"/admin/knowledge/condition/{signed_lipoma.pk}/history/{version.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, change_form(version.instance, summary="Changed by a viewer."))
    assert response.status_code == 403
    assert Condition.objects.get(pk=signed_lipoma.pk).summary != "Changed by a viewer."
    assert Condition.objects.get(pk=signed_lipoma.pk).is_signed_off


def test_it_takes_the_sign_off_off_a_topic_whose_red_flag_level_an_editor_lowers(client, signed_topic):
    assert shows_reviewed(client, signed_topic)
    saddle = Symptom.objects.get(slug="saddle-numbness")
    client.force_login(user_in("Editors"))
    response = client.post(symptom_url(saddle), change_form(saddle, min_level=Level.SELF_CARE, kind="symptom"))
    assert response.status_code == 302
    client.logout()
    assert not shows_reviewed(client, signed_topic)
    assert not Topic.objects.get(pk=signed_topic.pk).is_signed_off


@pytest.mark.parametrize("change", ["topics", "sources"])
def test_it_takes_the_sign_off_off_a_condition_whose_topics_or_sources_change(client, signed_lipoma, change):
    client.force_login(user_in("Editors"))
    extra = {"topics": [t.pk for t in Topic.objects.all()],
             "sources": [s.pk for s in Source.objects.exclude(conditions=signed_lipoma)[:1]]}[change]
    url = f"/admin/knowledge/condition/{signed_lipoma.pk}/change/"
    assert client.post(url, change_form(signed_lipoma, **{change: extra})).status_code == 302
    assert not Condition.objects.get(pk=signed_lipoma.pk).is_signed_off
    client.logout()
    assert not shows_reviewed(client, signed_lipoma)


def edit_condition(condition):
    condition.age_min = 40
    condition.save()


def edit_link(condition):
    link = condition.likelihoods.first()
    link.probability = round(link.probability / 2, 3)
    link.save()


def add_link(condition):
    Likelihood.objects.create(condition=condition,
                              symptom=Symptom.objects.exclude(likelihoods__condition=condition).first(),
                              probability=0.1)


def remove_link(condition):
    condition.likelihoods.first().delete()


def drop_topic(condition):
    condition.topics.remove(condition.topics.first())


@pytest.mark.parametrize("edit", [edit_condition, edit_link, add_link, remove_link, drop_topic])
def test_it_clears_a_condition_sign_off_on_any_change_the_reviewer_saw_made_in_the_shell(client, signed_lipoma, edit):
    edit(signed_lipoma)
    condition = Condition.objects.get(pk=signed_lipoma.pk)
    assert condition.reviewed_by is None and not condition.is_signed_off
    assert not shows_reviewed(client, condition)


def edit_faq(topic):
    faq = topic.faqs.first()
    faq.answer += " And more."
    faq.save()


def add_faq(topic):
    FAQ.objects.create(topic=topic, question="Is it contagious?", answer="No.")


def reword_red_flag(topic):
    flag = topic.symptoms.red_flags().first()
    flag.question = "Any numbness at all?"
    flag.save()


def add_red_flag(topic):
    Symptom.objects.create(slug="new-flag", name="A new sign", question="A new sign?", kind="red_flag",
                           min_level=Level.EMERGENCY).topics.add(topic)


def edit_text(topic):
    topic.emergency_signs = "- None"
    topic.save()


@pytest.mark.parametrize("edit", [edit_faq, add_faq, reword_red_flag, add_red_flag, edit_text])
def test_it_clears_a_topic_sign_off_on_any_change_the_reviewer_saw_made_in_the_shell(client, signed_topic, edit):
    edit(signed_topic)
    topic = Topic.objects.get(pk=signed_topic.pk)
    assert topic.reviewed_by is None and not topic.is_signed_off
    assert not shows_reviewed(client, topic)


def test_it_keeps_a_sign_off_through_changes_the_reviewer_did_not_see(client, signed_lipoma, signed_topic):
    other = Condition.objects.get(slug="shingles")
    other.summary += " Changed."
    other.save()
    edit_link(other)
    Symptom.objects.filter(slug="fever").update(name="A high temperature")  # not a red flag of the topic
    assert shows_reviewed(client, signed_lipoma) and shows_reviewed(client, signed_topic)


def test_it_never_shows_a_sign_off_after_a_change_that_skipped_every_signal(client, signed_lipoma):
    Likelihood.objects.filter(condition=signed_lipoma).update(probability=0.5)
    assert not shows_reviewed(client, signed_lipoma)


def test_it_clears_the_sign_off_when_a_fixture_load_changes_the_page(tmp_path, signed_lipoma,
                                                                     django_capture_on_commit_callbacks):
    link = signed_lipoma.likelihoods.select_related("symptom").first()
    fixture = tmp_path / "change.json"
    fixture.write_text(json.dumps([{"model": "knowledge.likelihood", "fields": {
        "condition": ["lipoma"], "symptom": [link.symptom.slug], "probability": 0.01, "constraint": "",
        "is_top": False, "note": "Changed by a fixture."}}]))
    with django_capture_on_commit_callbacks(execute=True):  # a load commits; the test's transaction does not
        call_command("loaddata", str(fixture), verbosity=0)
    assert Condition.objects.get(pk=signed_lipoma.pk).reviewed_by is None


def test_it_signs_off_again_after_a_change_and_shows_it(client, signed_lipoma):
    edit_link(signed_lipoma)
    condition = Condition.objects.get(pk=signed_lipoma.pk)
    condition.sign_off(by=reviewer("dr-ben"))
    assert shows_reviewed(client, condition)
