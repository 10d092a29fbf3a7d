"""The roles made by the data migration: each can do what it should and is refused what it should not."""

import pytest
from django.contrib.auth.models import Group

from backend.knowledge.models import Condition, Topic
from backend.stories.models import Story
from tests.staff.factories import user_in
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

MODERATOR, EDITOR, REVIEWER = "Moderators", "Editors", "Medical reviewers"

# (permission, moderator, editor, reviewer)
MATRIX = [
    ("stories.view_story", True, False, False),
    ("stories.moderate_story", True, False, False),
    ("stories.change_story", False, False, False),
    ("stories.delete_story", False, False, False),
    ("knowledge.view_condition", False, True, True),
    ("knowledge.change_condition", False, True, True),
    ("knowledge.add_condition", False, True, False),
    ("knowledge.delete_condition", False, True, False),
    ("knowledge.change_likelihood", False, True, True),
    ("knowledge.add_likelihood", False, True, False),
    ("knowledge.change_topic", False, True, True),
    ("knowledge.change_faq", False, True, True),
    ("knowledge.change_symptom", False, True, True),
    ("knowledge.change_questiongroup", False, True, True),
    ("knowledge.change_triagerule", False, True, True),
    ("knowledge.add_triagerule", False, True, False),
    ("knowledge.change_source", False, True, False),
    ("knowledge.publish_topic", False, True, False),
    ("knowledge.publish_condition", False, True, False),
    ("knowledge.sign_off_topic", False, False, True),
    ("knowledge.sign_off_condition", False, False, True),
    ("auth.change_user", False, False, False),
]


def test_it_creates_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {MODERATOR, EDITOR, REVIEWER}


@pytest.mark.parametrize("perm, moderator, editor, reviewer", MATRIX, ids=[row[0] for row in MATRIX])
def test_it_gives_each_role_exactly_its_permissions(perm, moderator, editor, reviewer):
    for role, expected in ((MODERATOR, moderator), (EDITOR, editor), (REVIEWER, reviewer)):
        assert user_in(role, username=f"{role.split()[0]}-{perm}").has_perm(perm) is expected, (role, perm)


def test_it_lets_a_reviewer_who_is_also_a_moderator_moderate():
    user = user_in(REVIEWER, MODERATOR)
    assert user.has_perm("stories.moderate_story") and user.has_perm("knowledge.sign_off_condition")


def login(client, *roles):
    user = user_in(*roles)
    client.force_login(user)
    return user


class TestModeratorInTheAdmin:
    def test_it_opens_the_story_queue_but_no_medical_content(self, client):
        login(client, MODERATOR)
        assert client.get("/admin/stories/story/").status_code == 200
        for model in ("condition", "topic", "likelihood", "symptom"):
            assert client.get(f"/admin/knowledge/{model}/").status_code == 403, model

    def test_it_approves_but_cannot_edit_or_delete_a_story(self, client):
        login(client, MODERATOR)
        story = StoryFactory()
        page = client.get(f"/admin/stories/story/{story.pk}/change/").text
        assert 'name="display_name"' not in page and 'name="text"' not in page
        assert client.post(f"/admin/stories/story/{story.pk}/delete/", {"post": "yes"}).status_code == 403
        client.post(f"/admin/stories/story/{story.pk}/moderate/", {"step": "approve"})
        assert Story.objects.get(pk=story.pk).status == "approved"


class TestEditorInTheAdmin:
    def test_it_edits_and_publishes_but_cannot_sign_off(self, client):
        login(client, EDITOR)
        condition = Condition.objects.get(slug="lipoma")
        listing = client.get("/admin/knowledge/condition/").text
        assert 'value="publish"' in listing and 'value="sign_off"' not in listing
        client.post("/admin/knowledge/condition/", {"action": "unpublish", "_selected_action": [condition.pk]})
        assert not Condition.objects.get(pk=condition.pk).is_published
        client.post("/admin/knowledge/condition/", {"action": "sign_off", "_selected_action": [condition.pk]})
        assert not Condition.objects.get(pk=condition.pk).is_signed_off

    def test_it_cannot_see_or_moderate_stories(self, client):
        login(client, EDITOR)
        story = StoryFactory()
        assert client.get("/admin/stories/story/").status_code == 403
        assert client.post(f"/admin/stories/story/{story.pk}/moderate/", {"step": "approve"}).status_code == 403
        assert Story.objects.get(pk=story.pk).status == "pending"


class TestReviewerInTheAdmin:
    def test_it_signs_off_but_cannot_publish(self, client):
        user = login(client, REVIEWER)
        topic = Topic.objects.get(slug="back-lump")
        listing = client.get("/admin/knowledge/topic/").text
        assert 'value="sign_off"' in listing and 'value="publish"' not in listing
        client.post("/admin/knowledge/topic/", {"action": "sign_off", "_selected_action": [topic.pk]})
        topic.refresh_from_db()
        assert topic.reviewed_by == user
        client.post("/admin/knowledge/topic/", {"action": "unpublish", "_selected_action": [topic.pk]})
        assert Topic.objects.get(pk=topic.pk).is_published

    def test_it_cannot_add_or_delete_content(self, client):
        login(client, REVIEWER)
        condition = Condition.objects.get(slug="lipoma")
        assert client.get("/admin/knowledge/condition/add/").status_code == 403
        assert client.post(f"/admin/knowledge/condition/{condition.pk}/delete/", {"post": "yes"}).status_code == 403
        assert Condition.objects.filter(pk=condition.pk).exists()

    def test_it_cannot_moderate_stories(self, client):
        login(client, REVIEWER)
        story = StoryFactory()
        assert client.get("/admin/stories/story/").status_code == 403
        assert client.post("/admin/stories/story/", {"action": "approve_selected",
                                                     "_selected_action": [story.pk]}).status_code == 403
        assert Story.objects.get(pk=story.pk).status == "pending"


def test_it_lets_every_role_read_the_feedback_but_nobody_change_it(client):
    for role in (MODERATOR, EDITOR, REVIEWER):
        login(client, role)
        assert client.get("/admin/feedback/feedback/").status_code == 200, role
        assert client.get("/admin/feedback/feedback/add/").status_code == 403, role
