"""The moderation queue in the admin, as a moderator uses it all day."""

import pytest
from django.contrib.auth.models import Permission

from backend.stories.models import Story
from tests.staff.factories import user_in
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/stories/story/"


def test_it_counts_the_pending_stories_on_the_admin_index(moderator_client):
    StoryFactory(), StoryFactory(), StoryFactory(approved=True)
    html = moderator_client.get("/admin/").text
    assert "<strong>2</strong> stories are waiting for moderation" in html
    assert f'href="{QUEUE}?status__exact=pending"' in html


def test_it_does_not_show_the_count_to_staff_who_cannot_moderate(client):
    StoryFactory()
    client.force_login(user_in("Editors"))
    assert "waiting for moderation" not in client.get("/admin/").text


def test_it_lists_pending_stories_first_longest_waiting_on_top(moderator_client, moderator):
    decided = StoryFactory(display_name="Decided")
    decided.approve(by=moderator)
    StoryFactory(display_name="First")
    StoryFactory(display_name="Second")
    html = moderator_client.get(QUEUE).text
    assert html.index("First") < html.index("Second") < html.index("Decided")


@pytest.mark.parametrize("query, shown, hidden", [
    ("?status__exact=approved", "Approved one", "Pending one"),
    ("?language=hi", "Pending one", "Approved one"),
    ("?flag=email", "Pending one", "Approved one"),
    ("?flag=none", "Approved one", "Pending one"),
    ("?q=needle", "Approved one", "Pending one"),
])
def test_it_filters_and_searches_the_queue(moderator_client, query, shown, hidden):
    Story.objects.submit(topic=StoryFactory().topic, display_name="Pending one", language="hi", via="web",
                         text="Write to me at pending@example.org if you have the same lump, it was awful for weeks.")
    StoryFactory(display_name="Approved one", approved=True, text="A needle biopsy showed it was a harmless lipoma.")
    html = moderator_client.get(QUEUE + query).text
    assert shown in html and hidden not in html


def test_it_shows_the_flags_in_the_list_and_highlights_them_on_the_story(moderator_client, settings):
    settings.STORY_FLAG_WORDS = ["miracle"]
    story = Story.objects.submit(topic=StoryFactory().topic, display_name="Sam", language="en", via="web",
                                 text="Call 0412 345 678 about the miracle cream <b>now</b>, it cured my lump in days.")
    listing = moderator_client.get(QUEUE).text
    assert "Phone number" in listing and "Listed word" in listing
    page = moderator_client.get(f"{QUEUE}{story.pk}/change/").text
    assert '<mark title="Phone number">0412 345 678</mark>' in page
    assert '<mark title="Listed word">miracle</mark>' in page
    assert "&lt;b&gt;now&lt;/b&gt;" in page and "<b>now</b>" not in page


def test_it_shows_the_submitted_text_read_only(moderator_client, admin_client):
    story = StoryFactory()
    for client in (moderator_client, admin_client):
        html = client.get(f"{QUEUE}{story.pk}/change/").text
        assert story.text in html
        assert 'name="text"' not in html and 'name="display_name"' not in html and 'name="_save"' not in html
    assert admin_client.post(f"{QUEUE}{story.pk}/change/", {"text": "Edited"}).status_code == 403
    assert Story.objects.get(pk=story.pk).text == story.text


def test_it_cannot_find_a_story_whose_address_is_not_an_id(moderator_client):
    StoryFactory()
    for address in ["abc", "1.5", "99999999999999999999", "1%00"]:
        for response in [moderator_client.get(f"{QUEUE}{address}/preview/"),
                         moderator_client.post(f"{QUEUE}{address}/moderate/", {"step": "approve"})]:
            assert response.status_code == 404, address
            assert "We can't find that page" in response.text
    assert not Story.objects.exclude(status=Story.Status.PENDING).exists()


def test_it_previews_a_pending_story_as_the_public_page_shows_it(moderator_client):
    story = StoryFactory(display_name="Preview person",
                         text="<i>Plain</i> text, shown exactly as readers would see it.")
    response = moderator_client.get(f"{QUEUE}{story.pk}/preview/")
    assert response.status_code == 200
    assert "Preview for moderators" in response.text
    assert '<bdi class="story-name">Preview person</bdi>' in response.text
    assert "&lt;i&gt;Plain&lt;/i&gt;" in response.text


def test_it_approves_from_the_story_page_and_opens_the_next_one_waiting(moderator_client, client):
    story, following = StoryFactory(display_name="Approve me"), StoryFactory()
    response = moderator_client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "approve"})
    assert response["Location"] == f"{QUEUE}{following.pk}/change/"
    assert Story.objects.get(pk=story.pk).status == "approved"
    assert "Approve me" in client.get("/topics/back-lump/").text


def test_it_returns_to_the_queue_when_none_are_left(moderator_client):
    story = StoryFactory()
    response = moderator_client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "No more stories are waiting" in response.text


def test_it_rejects_from_the_story_page_with_a_reason(moderator_client):
    story = StoryFactory()
    moderator_client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "reject", "reason": "spam", "note": "An advert."})
    story.refresh_from_db()
    assert (story.status, story.rejection_reason, story.moderation_note) == ("rejected", "spam", "An advert.")


def test_it_explains_a_rejection_without_a_reason_and_changes_nothing(moderator_client):
    story = StoryFactory()
    response = moderator_client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "reject"}, follow=True)
    assert "Choose a reason" in response.text
    assert Story.objects.get(pk=story.pk).status == "pending"


def test_it_explains_a_step_that_is_not_allowed(moderator_client):
    story = StoryFactory(status=Story.Status.REJECTED)
    response = moderator_client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "approve"}, follow=True)
    assert "can&#x27;t be approved" in response.text
    assert Story.objects.get(pk=story.pk).status == "rejected"


def test_it_offers_only_the_steps_the_status_allows(moderator_client):
    pending, published = StoryFactory(), StoryFactory(approved=True)
    html = moderator_client.get(f"{QUEUE}{pending.pk}/change/").text
    assert 'value="approve"' in html and 'value="reject"' in html and 'value="withdraw"' not in html
    html = moderator_client.get(f"{QUEUE}{published.pk}/change/").text
    assert 'value="withdraw"' in html and 'value="approve"' not in html


def test_it_shows_the_audit_log_on_the_story(moderator_client, moderator):
    story = StoryFactory()
    moderator_client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "approve"})
    html = moderator_client.get(f"{QUEUE}{story.pk}/change/").text
    assert "moderation log" in html.lower()
    assert moderator.username in html


def test_it_approves_in_bulk_and_skips_stories_that_are_not_pending(moderator_client):
    pending = [StoryFactory(), StoryFactory()]
    rejected = StoryFactory(status=Story.Status.REJECTED)
    response = moderator_client.post(QUEUE, {"action": "approve_selected",
                                             "_selected_action": [s.pk for s in [*pending, rejected]]}, follow=True)
    assert "Approved 2 stories." in response.text
    assert "rejected; it can&#x27;t be approved" in response.text
    assert set(Story.objects.approved().values_list("pk", flat=True)) == {s.pk for s in pending}


def test_it_asks_for_the_reason_before_a_bulk_rejection(moderator_client):
    stories = [StoryFactory(), StoryFactory()]
    selected = [s.pk for s in stories]
    page = moderator_client.post(QUEUE, {"action": "reject_selected", "_selected_action": selected})
    assert page.status_code == 200
    assert "Reject 2 stories" in page.text and 'name="reason"' in page.text
    assert not Story.objects.filter(status="rejected").exists()
    missing = moderator_client.post(QUEUE, {"action": "reject_selected", "_selected_action": selected,
                                            "confirm": "yes", "reason": ""})
    assert "Choose a reason for the rejection." in missing.text
    done = moderator_client.post(QUEUE, {"action": "reject_selected", "_selected_action": selected, "confirm": "yes",
                                         "reason": "personal_data", "note": "Full names."}, follow=True)
    assert "Rejected 2 stories." in done.text
    assert set(Story.objects.values_list("rejection_reason", flat=True)) == {"personal_data"}


def test_it_withdraws_in_bulk_with_a_note(moderator_client):
    story = StoryFactory(approved=True)
    moderator_client.post(QUEUE, {"action": "withdraw_selected", "_selected_action": [story.pk], "confirm": "yes",
                                  "note": "Asked by the author."})
    story.refresh_from_db()
    assert (story.status, story.moderation_note) == ("withdrawn", "Asked by the author.")


def test_it_refuses_every_moderation_to_staff_without_the_permission(client):
    story = StoryFactory()
    user = user_in("Editors")
    user.user_permissions.add(Permission.objects.get(codename="view_story"))
    client.force_login(user)
    listing = client.get(QUEUE)
    assert listing.status_code == 200 and "approve_selected" not in listing.text
    assert "You can read this story but not moderate it." in client.get(f"{QUEUE}{story.pk}/change/").text
    assert client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "approve"}).status_code == 403
    client.post(QUEUE, {"action": "approve_selected", "_selected_action": [story.pk]})
    assert Story.objects.get(pk=story.pk).status == "pending"


def test_it_keeps_anonymous_visitors_out_of_the_queue(client):
    story = StoryFactory()
    assert client.get(QUEUE).status_code == 302
    assert client.post(f"{QUEUE}{story.pk}/moderate/", {"step": "approve"}).status_code == 302
    assert client.get(f"{QUEUE}{story.pk}/preview/").status_code == 302
    assert Story.objects.get(pk=story.pk).status == "pending"
