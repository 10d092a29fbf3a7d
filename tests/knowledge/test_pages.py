"""Every public page answers, shows what a reader needs, and hides what is not published."""

import re

import pytest
from django.utils.html import escape

from backend.knowledge.models import Condition, Topic
from tests.factories import ConditionFactory, TopicFactory, editor, reviewer

pytestmark = pytest.mark.django_db


def test_it_shows_both_topics_on_the_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    for topic in Topic.objects.published():
        assert topic.title in response.text
        assert topic.get_absolute_url() in response.text


def test_it_shows_the_emergency_signs_on_the_home_page(client):
    response = client.get("/")
    assert "tel:911" in response.text
    assert "emergency" in response.text.lower()


@pytest.mark.parametrize("slug", ["back-lump", "back-burning"])
def test_it_lays_out_each_article_like_the_seed(client, slug):
    topic = Topic.objects.get(slug=slug)
    response = client.get(f"/topics/{slug}/")
    assert response.status_code == 200
    for heading in ("Causes", "When to see a doctor", "Emergency signs", "Questions your doctor may ask",
                    "Treatment", "Frequently asked questions", "Sources"):
        assert heading in response.text, heading
    assert topic.faqs.first().question in response.text
    assert "Awaiting clinical review" in response.text
    assert "Backcheck team" in response.text


def test_it_serves_every_condition_page(client):
    for condition in Condition.objects.published():
        response = client.get(condition.get_absolute_url())
        assert response.status_code == 200, condition.slug
        assert escape(condition.name) in response.text
        assert condition.get_rarity_display() in response.text
        assert escape(condition.get_urgency_display()) in response.text
        assert "Top symptoms" in response.text


def test_it_shows_the_reviewer_once_a_page_is_signed_off(client):
    condition = Condition.objects.published().first()
    condition.sign_off(by=reviewer("drlee", first_name="Ana", last_name="Lee"))
    response = client.get(condition.get_absolute_url())
    assert "Medically reviewed by Ana Lee" in response.text
    assert "Awaiting clinical review" not in response.text


def test_it_lists_all_conditions(client):
    response = client.get("/conditions/")
    assert response.status_code == 200
    assert all(escape(c.name) in response.text for c in Condition.objects.published())


@pytest.mark.parametrize("url", ["/topics/no-such-topic/", "/conditions/no-such-condition/", "/nowhere/"])
def test_it_answers_unknown_addresses_with_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We can't find that page" in response.text
    assert "tel:911" in response.text


def test_it_hides_unpublished_topics_and_conditions(client):
    topic, condition = TopicFactory(), ConditionFactory()
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get(condition.get_absolute_url()).status_code == 404
    condition.publish(by=editor())
    assert client.get(condition.get_absolute_url()).status_code == 200
    assert condition.name in client.get("/conditions/").text or not condition.topics.exists()


def test_it_leaves_unpublished_conditions_out_of_articles_and_search(client):
    condition = Condition.objects.get(slug="lipoma")
    condition.unpublish(by=editor())
    assert "/conditions/lipoma/" not in client.get("/topics/back-lump/").text
    assert "/conditions/lipoma/" not in client.get("/search/?q=lipoma").text


def test_it_finds_conditions_by_name(client):
    response = client.get("/search/?q=shingles")
    assert response.status_code == 200
    assert "/conditions/shingles/" in response.text


def test_it_finds_conditions_through_a_symptom(client):
    response = client.get("/search/?q=fever")
    assert "Symptoms" in response.text
    assert "Can point to" in response.text


def test_it_explains_an_empty_search(client):
    assert "Nothing matches" in client.get("/search/?q=zzzzqqq").text
    assert "at least two letters" in client.get("/search/?q=a").text


def test_it_explains_a_search_with_a_character_that_is_not_text(client):
    # A NUL character: PostgreSQL can't compare a text column with it.
    response = client.get("/search/?q=fe%00ver")
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "has a character in it that isn&#x27;t text" in response.text
    assert 'id="q"' in response.text and 'aria-invalid="true"' in response.text


def test_it_escapes_the_search_query(client):
    response = client.get("/search/?q=<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_it_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy


def test_it_has_no_inline_script_or_style_without_a_nonce(client):
    for url in ["/", "/topics/back-lump/", "/conditions/lipoma/", "/search/?q=lump"]:
        html = client.get(url).text
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
            assert "nonce=" in tag or "src=" in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=\"", html), url
        assert 'style="' not in html, url


def test_it_refuses_to_post_to_a_page(client):
    assert client.post("/").status_code == 405


def test_every_condition_page_can_be_reached_from_the_home_page(client):
    """Following links from the home page (at most three clicks) reaches every published condition."""
    import re
    from collections import deque

    seen, queue = {"/"}, deque([("/", 0)])
    while queue:
        path, depth = queue.popleft()
        if depth == 3:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for link in re.findall(r'href="(/[^"#?]*)', response.text):
            if link not in seen and not link.startswith(("/static/", "/admin/", "/quiz/", "/api/")):
                seen.add(link)
                queue.append((link, depth + 1))
    missing = {c.get_absolute_url() for c in Condition.objects.published()} - seen
    assert missing == set()
