"""Readers see approved stories only, newest first, a page at a time, as plain text in any script."""

import datetime

import pytest
from django.utils import timezone

from backend.knowledge.models import Condition, Topic
from backend.stories.models import Story
from tests.stories.factories import ARABIC, HINDI, StoryFactory

pytestmark = pytest.mark.django_db

ARTICLE = "/topics/back-lump/"
LIST = "/topics/back-lump/stories/"


def approved(days_ago: int = 0, **fields) -> Story:
    story = StoryFactory(approved=True, **fields)
    Story.objects.filter(pk=story.pk).update(published_at=timezone.now() - datetime.timedelta(days=days_ago))
    return Story.objects.get(pk=story.pk)


def test_it_says_how_many_others_are_saying_something(client):
    approved(display_name="Ana"), approved(display_name="Ben")
    StoryFactory(display_name="Pending")
    StoryFactory(display_name="Rejected", status=Story.Status.REJECTED)
    StoryFactory(display_name="Withdrawn", status=Story.Status.WITHDRAWN)
    html = client.get(ARTICLE).text
    assert "Hear what 2 others are saying" in html
    assert "Ana" in html and "Ben" in html
    for hidden in ("Pending", "Rejected", "Withdrawn"):
        assert hidden not in html


def test_it_says_one_other_in_the_singular(client):
    approved()
    assert "Hear what 1 other is saying" in client.get(ARTICLE).text


def test_it_keeps_each_topics_stories_apart(client):
    # A name no page has: the article links to the other topic, whose title says "Burning".
    approved(display_name="Zora B.", topic=Topic.objects.get(slug="back-burning"))
    assert "Zora B." not in client.get(ARTICLE).text
    assert "Zora B." in client.get("/topics/back-burning/").text


def test_it_shows_the_newest_three_under_the_article_and_links_to_the_rest(client):
    for days, name in ((5, "Oldest"), (4, "Old"), (3, "Middle"), (2, "Newer"), (1, "Newest")):
        approved(days, display_name=name)
    html = client.get(ARTICLE).text
    assert html.index("Newest") < html.index("Newer") < html.index("Middle")
    assert "Oldest" not in html
    assert 'href="/topics/back-lump/stories/">Read all 5 stories' in html


def test_it_pages_through_all_stories_newest_first(client):
    for day in range(25):
        approved(day, display_name=f"Person {chr(65 + day)}")
    first = client.get(LIST).text
    assert "25 stories, page 1 of 3" in first
    assert first.index("Person A") < first.index("Person B")
    assert "Person K" not in first
    assert 'href="/topics/back-lump/stories/?page=2"' in first
    third = client.get(LIST + "?page=3").text
    assert "Person Y" in third and "Person A" not in third
    assert "Newer stories" in third and "Older stories" not in third


def test_it_swaps_just_the_list_for_htmx_and_keeps_the_address(client):
    for day in range(12):
        approved(day)
    response = client.get(LIST + "?page=2", headers={"HX-Request": "true"})
    assert response.text.strip().startswith('<div id="story-list"')
    assert "<html" not in response.text
    assert response["HX-Push-Url"] == LIST + "?page=2"
    assert "HX-Request" in response["Vary"]


def test_it_shows_html_and_links_as_plain_text(client):
    approved(display_name="Eve", text="<b>bold</b> <script>alert(1)</script> <a href='https://x.example'>link</a> "
                                      "and https://spam.example for more, a long story indeed.")
    html = client.get(ARTICLE).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html and "<b>bold" not in html
    assert 'href="https://spam.example' not in html and "href='https://x.example'" not in html


def test_it_lets_the_browser_pick_the_direction_of_each_paragraph_and_name(client):
    approved(display_name="مريم", text=ARABIC + "\n\nSecond paragraph in English, after the Arabic one.",
             language="ar")
    approved(display_name="के.", text=HINDI, language="hi")
    html = client.get(ARTICLE).text
    assert '<bdi class="story-name">مريم</bdi>' in html
    assert f'<p dir="auto">{ARABIC}</p>' in html
    assert '<p dir="auto">Second paragraph in English, after the Arabic one.</p>' in html
    assert 'lang="ar"' in html and 'lang="hi"' in html


def test_it_shows_age_sex_and_what_it_turned_out_to_be(client):
    approved(age_range="30-44", sex="female", condition=Condition.objects.get(slug="lipoma"))
    html = client.get(ARTICLE).text
    assert "30 to 44 · Female" in html
    assert 'It turned out to be: <a href="/conditions/lipoma/">Lipoma</a>' in html


def test_it_invites_the_first_story_when_there_is_none(client):
    html = client.get(ARTICLE).text
    assert "Nobody has shared a story about a painful back lump yet" in html
    assert "No stories about a painful back lump yet" in client.get(LIST).text


def test_it_answers_404_for_an_unknown_topic(client):
    assert client.get("/topics/nope/stories/").status_code == 404
