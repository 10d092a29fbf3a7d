"""Sharing a story: the form on its own page and under the article, in any script, checked field by field."""

import pytest

from backend.stories.models import Story
from tests.factories import editor
from tests.stories.factories import ARABIC, EMOJI, HINDI

pytestmark = pytest.mark.django_db

SHARE = "/topics/back-lump/stories/share/"
CHECK = "/topics/back-lump/stories/share/check/"
STORY = ("I found a painful lump on my back. It got red and warm, so I saw a doctor, who drained it. "
         "It healed in a week.")


def form(**overrides) -> dict:
    return {"display_name": "Sam", "age_range": "30-44", "sex": "female", "condition": "", "language": "en",
            "text": STORY, "consent": "on", **overrides}


def test_it_accepts_a_story_as_pending_and_thanks_the_author(client):
    response = client.post(SHARE, form(), follow=True)
    assert response.redirect_chain == [("/topics/back-lump/stories/thanks/", 302)]
    assert "once a moderator has approved it" in response.text
    story = Story.objects.get()
    assert (story.status, story.display_name, story.age_range, story.sex, story.via) == (
        "pending", "Sam", "30-44", "female", "web")
    assert story.topic.slug == "back-lump"
    assert story.events.get().action == "submitted"


def test_it_keeps_a_pending_story_off_the_article(client):
    client.post(SHARE, form(display_name="Zelda"))
    html = client.get("/topics/back-lump/").text
    assert "Zelda" not in html
    assert "Nobody has shared a story" in html


def test_it_records_the_condition_it_turned_out_to_be(client):
    from backend.knowledge.models import Condition

    lipoma = Condition.objects.get(slug="lipoma")
    client.post(SHARE, form(condition=lipoma.pk))
    assert Story.objects.get().condition == lipoma


def test_it_only_offers_conditions_of_the_topic(client):
    from backend.knowledge.models import Condition

    shingles = Condition.objects.get(slug="shingles")
    lump_only = Condition.objects.exclude(topics__slug="back-lump").filter(topics__slug="back-burning").first()
    response = client.post(SHARE, form(condition=lump_only.pk))
    assert response.status_code == 400
    assert not Story.objects.exists()
    assert shingles.name in client.get("/topics/back-burning/stories/share/").text


@pytest.mark.parametrize("text, language", [(HINDI, "hi"), (ARABIC, "ar"), (EMOJI, "en")],
                         ids=["hindi", "arabic", "emoji"])
def test_it_accepts_stories_in_any_script(client, text, language):
    response = client.post(SHARE, form(text=text, language=language, display_name="के. पी."))
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.text == text and story.language == language and story.display_name == "के. पी."


@pytest.mark.parametrize("name", ["K.", "Mary-Jane", "O'Neil", "مريم", "李", "के."])
def test_it_accepts_first_names_and_initials_in_any_script(client, name):
    assert client.post(SHARE, form(display_name=name)).status_code == 302


@pytest.mark.parametrize("field, value, message", [
    ("display_name", "", "Please give a first name or initials."),
    ("display_name", "Sam 0412345678", "Please use only letters"),
    ("display_name", "sam@example.org", "Please use only letters"),
    ("display_name", "<script>", "Please use only letters"),
    ("display_name", "A" * 31, "30 characters or fewer"),
    ("text", "", "Please write your story."),
    ("text", "Too short to help anyone.", "Please write at least 50 characters (you wrote 25)."),
    ("text", "x" * 5001, "Please keep your story to 5000 characters or fewer (you wrote 5001)."),
    ("text", "\u202e" * 60 + "short", "Please write at least 50 characters"),
    ("language", "xx", "Select a valid choice"),
    ("age_range", "12", "Select a valid choice"),
    ("sex", "robot", "Select a valid choice"),
    ("condition", "999999", "Select a valid choice"),
    ("consent", "", "Please tick the box to agree before you send your story."),
])
def test_it_explains_each_invalid_field_and_stores_nothing(client, field, value, message):
    response = client.post(SHARE, form(**{field: value}))
    assert response.status_code == 400
    assert message in response.text
    assert "Please check your story" in response.text
    assert not Story.objects.exists()


def test_it_keeps_what_was_typed_when_a_field_is_wrong(client):
    response = client.post(SHARE, form(consent=""))
    assert STORY in response.text
    assert 'value="Sam"' in response.text


def test_it_removes_invisible_direction_overrides_and_control_characters(client):
    client.post(SHARE, form(text="\u202eHello\u0007 " + STORY, display_name=" \u202bSam\u202c "))
    story = Story.objects.get()
    assert story.text == "Hello " + STORY
    assert story.display_name == "Sam"


def test_it_pretends_to_accept_what_fills_the_honeypot(client):
    response = client.post(SHARE, form(homepage="http://spam.example"))
    assert response.status_code == 302
    assert not Story.objects.exists()


def test_it_requires_the_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(SHARE, form())
    assert response.status_code == 403
    assert not Story.objects.exists()


def test_it_refuses_an_oversized_body(client, settings):
    settings.FORM_MAX_BODY_BYTES = 1000
    response = client.post(SHARE, form(text="x" * 2000))
    assert response.status_code == 413
    assert "too long to send" in response.text


def test_it_offers_the_form_under_the_article_and_on_its_own_page(client):
    for url in ("/topics/back-lump/", SHARE):
        html = client.get(url).text
        assert 'action="/topics/back-lump/stories/share/"' in html
        assert "Keep it anonymous." in html
        assert 'name="homepage"' in html


def test_it_answers_unknown_or_unpublished_topics_with_404(client):
    from backend.knowledge.models import Topic

    assert client.get("/topics/nope/stories/share/").status_code == 404
    Topic.objects.get(slug="back-lump").unpublish(by=editor())
    assert client.post(SHARE, form()).status_code == 404


class TestInlineChecks:
    """With htmx, a changed field is checked at once and only that field comes back."""

    def check(self, client, name, **overrides):
        return client.post(CHECK, form(**overrides), headers={"HX-Request": "true", "HX-Trigger-Name": name})

    def test_it_returns_just_the_field_with_its_message(self, client):
        response = self.check(client, "text", text="Too short.")
        assert response.status_code == 200
        assert response.text.strip().startswith('<div class="field story-field has-error" id="story-text-field">')
        assert "Please write at least 50 characters (you wrote 10)." in response.text
        assert "<form" not in response.text

    def test_it_clears_the_message_once_the_field_is_right(self, client):
        response = self.check(client, "display_name", display_name="Sam")
        assert "has-error" not in response.text
        assert 'value="Sam"' in response.text

    def test_it_does_not_complain_about_other_fields(self, client):
        response = self.check(client, "display_name", text="", consent="")
        assert "Please write your story" not in response.text

    def test_it_stores_nothing_and_costs_nothing_from_the_rate_limit(self, client, settings):
        settings.RATE_LIMIT_STORIES = (1, 3600)
        for _ in range(3):
            self.check(client, "text")
        assert not Story.objects.exists()
        assert client.post(SHARE, form()).status_code == 302

    def test_it_refuses_to_check_anything_else(self, client):
        assert self.check(client, "homepage").status_code == 400
        assert client.post(CHECK, form()).status_code == 400
