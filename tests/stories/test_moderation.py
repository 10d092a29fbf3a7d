"""Moderation is a state machine: each step checks the status, records who and when, and is logged."""

import pytest
from django.core.exceptions import PermissionDenied

from backend.knowledge.models import Topic
from backend.stories.models import RejectionReason, Story, StoryEvent, TransitionError
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


def submit(**overrides) -> Story:
    fields = dict(topic=Topic.objects.get(slug="back-lump"), display_name="K.", language="en", via="web",
                  text="I had a painful lump on my back for two weeks; a doctor drained it and it healed well.")
    return Story.objects.submit(**{**fields, **overrides})


def test_it_starts_a_submitted_story_as_pending_with_a_log_entry():
    story = submit()
    assert story.status == Story.Status.PENDING
    assert story.consented_at is not None
    assert [(e.action, e.to_status, e.by) for e in story.events.all()] == [("submitted", "pending", None)]


def test_it_approves_a_pending_story_and_records_who_and_when(moderator):
    story = submit()
    story.approve(by=moderator)
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED
    assert story.moderated_by == moderator and story.moderated_at is not None
    assert story.published_at is not None
    event = story.events.last()
    assert (event.action, event.from_status, event.to_status) == ("approved", "pending", "approved")
    assert event.by == moderator


def test_it_rejects_a_pending_story_with_a_reason_and_a_note(moderator):
    story = submit()
    story.reject(by=moderator, reason=RejectionReason.PERSONAL_DATA, note="Gives a phone number.")
    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED
    assert story.rejection_reason == "personal_data"
    assert story.moderation_note == "Gives a phone number."
    event = story.events.last()
    assert (event.action, event.reason, event.note, event.by) == ("rejected", "personal_data", "Gives a phone number.",
                                                                  moderator)


def test_it_withdraws_an_approved_story(moderator):
    story = StoryFactory(approved=True)
    story.withdraw(by=moderator, note="The author asked us to.")
    story.refresh_from_db()
    assert story.status == Story.Status.WITHDRAWN
    assert story.events.last().action == "withdrawn"
    assert not Story.objects.public(story.topic).filter(pk=story.pk).exists()


@pytest.mark.parametrize("status, step", [
    ("approved", "approve"), ("rejected", "approve"), ("withdrawn", "approve"),
    ("approved", "reject"), ("rejected", "reject"), ("withdrawn", "reject"),
    ("pending", "withdraw"), ("rejected", "withdraw"), ("withdrawn", "withdraw"),
])
def test_it_refuses_every_step_not_allowed_from_the_status_and_changes_nothing(moderator, status, step):
    story = StoryFactory(status=status)
    before = Story.objects.filter(pk=story.pk).values().get()
    events = story.events.count()
    with pytest.raises(TransitionError):
        {"approve": lambda: story.approve(by=moderator),
         "reject": lambda: story.reject(by=moderator, reason=RejectionReason.SPAM),
         "withdraw": lambda: story.withdraw(by=moderator)}[step]()
    assert Story.objects.filter(pk=story.pk).values().get() == before
    assert story.events.count() == events


def test_it_goes_by_the_status_in_the_database_not_a_stale_copy(moderator):
    story = submit()
    stale = Story.objects.get(pk=story.pk)
    story.approve(by=moderator)
    with pytest.raises(TransitionError):
        stale.reject(by=moderator, reason=RejectionReason.SPAM)
    assert Story.objects.get(pk=story.pk).status == Story.Status.APPROVED


def test_it_needs_a_reason_from_the_list_to_reject(moderator):
    story = submit()
    with pytest.raises(TransitionError):
        story.reject(by=moderator, reason="")
    with pytest.raises(TransitionError):
        story.reject(by=moderator, reason="because")
    with pytest.raises(TransitionError, match="note"):
        story.reject(by=moderator, reason=RejectionReason.OTHER, note="  ")
    assert Story.objects.get(pk=story.pk).status == Story.Status.PENDING


def test_it_lets_only_moderators_moderate(editor, reviewer):
    story = submit()
    for user in (editor, reviewer):
        with pytest.raises(PermissionDenied):
            story.approve(by=user)
    with pytest.raises(TransitionError):
        story.approve(by=None)
    assert Story.objects.get(pk=story.pk).status == Story.Status.PENDING
    assert story.events.count() == 1


def test_it_keeps_the_audit_log_in_order(moderator):
    story = submit()
    story.approve(by=moderator)
    story.withdraw(by=moderator)
    assert list(story.events.values_list("action", flat=True)) == ["submitted", "approved", "withdrawn"]
    assert StoryEvent.objects.filter(story=story, by=moderator).count() == 2


def test_it_flags_contact_details_links_and_listed_words_when_submitted(settings):
    settings.STORY_FLAG_WORDS = ["miracle"]
    story = submit(text="Email me at sam@example.org or call 0412 345 678; see www.lumpcure.example.com for the "
                        "miracle cream.")
    assert set(story.flags.split(",")) == {"email", "phone", "url", "word"}
    assert submit().flags == ""


def test_it_shows_only_approved_stories_of_the_topic_newest_first():
    older, newer = StoryFactory(approved=True), StoryFactory(approved=True)
    StoryFactory()  # pending
    StoryFactory(status=Story.Status.REJECTED)
    StoryFactory(approved=True, topic=Topic.objects.get(slug="back-burning"))
    Story.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2020))
    assert list(Story.objects.public(newer.topic)) == [newer, Story.objects.get(pk=older.pk)]
