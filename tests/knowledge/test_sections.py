"""Every section of an article and a condition page has the anchor the ask box's answers link to, the
pages end with "Read this next", and the quiz sits right under the article's opening paragraph."""

import re
from html import unescape

import pytest
from django.utils.html import strip_tags

from backend.knowledge.models import Condition, Topic
from backend.knowledge.templatetags.prose import prose
from backend.language import answers

pytestmark = pytest.mark.django_db

# The section ids of the "Ask about this site" contract (DESIGN.md) and the fields that fill them.
TOPIC_SECTIONS = {
    "what-it-is": ["overview"],
    "symptoms": ["characteristics", "accompanying_symptoms"],
    "causes": ["causes"],
    "when-to-get-help": ["when_to_see_doctor"],
    "emergency-signs": ["emergency_signs"],
    "doctor-questions": ["doctor_questions"],
    "treatment": ["treatment_medical", "treatment_otc"],
    "self-care": ["treatment_home"],
    "prevention": ["prevention"],
}
CONDITION_SECTIONS = {
    "what-it-is": ["summary", "description"],
    "causes": ["causes"],
    "diagnosis": ["diagnosis"],
    "treatment": ["treatment"],
    "self-care": ["self_care"],
    "when-to-get-help": ["when_to_seek_help"],
}


def section(html: str, anchor: str) -> str:
    """The inner HTML of the <section> with this id (sections nest: the ask box is one)."""
    start = re.search(rf'<section id="{anchor}"[^>]*>', html)
    assert start, f"no section with id {anchor!r}"
    depth = 1
    for tag in re.finditer(r"<(/?)section\b", html[start.end():]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.end():start.end() + tag.start()]
    raise AssertionError(f"section {anchor!r} is never closed")


@pytest.mark.parametrize("topic", ["back-lump", "back-burning"])
def test_every_section_of_each_published_article_has_its_anchor(client, topic):
    topic = Topic.objects.published().get(slug=topic)
    html = client.get(topic.get_absolute_url()).text
    for anchor, fields in TOPIC_SECTIONS.items():
        texts = [getattr(topic, field) for field in fields if getattr(topic, field)]
        if not texts:
            assert f'id="{anchor}"' not in html
            continue
        body = section(html, anchor)
        for text in texts:
            if text == topic.doctor_questions:
                assert all(question in body for question in topic.doctor_question_list())
            else:
                for paragraph in str(prose(text)).split("\n"):  # each block, exactly as the page renders it
                    assert paragraph in body, (anchor, paragraph[:60])
    faq = section(html, "faq")
    assert all(item.question in faq for item in topic.faqs.all())


def test_it_covers_every_published_topic():
    assert set(Topic.objects.published().values_list("slug", flat=True)) == {"back-lump", "back-burning"}


@pytest.mark.parametrize("slug", ["lipoma", "shingles"])
def test_every_section_of_a_condition_page_has_its_anchor(client, slug):
    condition = Condition.objects.get(slug=slug)
    html = client.get(condition.get_absolute_url()).text
    for anchor, fields in CONDITION_SECTIONS.items():
        texts = [getattr(condition, field) for field in fields if getattr(condition, field)]
        assert texts, (slug, anchor)  # these pages have every section
        body = section(html, anchor)
        for text in texts:
            for paragraph in str(prose(text)).split("\n"):
                assert paragraph.removeprefix("<p>").removesuffix("</p>") in body, (anchor, paragraph[:60])
    assert "Top symptoms" in section(html, "symptoms")


@pytest.mark.parametrize("url", ["/topics/back-lump/", "/topics/back-burning/", "/conditions/lipoma/"])
def test_every_passage_the_ask_box_quotes_links_to_the_section_that_shows_it(client, url):
    html = client.get(url).text
    passages = [passage for passage in answers.index().passages if passage.url.startswith(f"{url}#")]
    assert len({passage.section for passage in passages}) >= 5
    for passage in passages:
        body = section(html, passage.url.partition("#")[2])
        shown = " ".join(unescape(strip_tags(body)).split())
        assert " ".join(passage.quote.split()) in shown, (passage.url, passage.quote[:60])
        # The heading the answer names is one the reader finds there (an FAQ answer is named by its question,
        # an article's opening by the page's title).
        headings = {unescape(strip_tags(h)).strip() for h in re.findall(r"<(?:h2|h3|summary)\b[^>]*>(.*?)</", body)}
        headings.add(unescape(re.search(r"<h1\b[^>]*>(.*?)</h1>", html, re.S).group(1)).strip())
        assert passage.heading in headings, (passage.url, passage.heading, headings)


def test_every_section_a_field_is_shown_in_is_one_the_api_names():
    shown = set(answers.TOPIC_SECTIONS.values()) | set(answers.CONDITION_SECTIONS.values())
    assert shown <= set(answers.SECTIONS) == set(answers.SECTION_WORDS)


def test_each_anchor_appears_once(client):
    for url in ("/topics/back-lump/", "/topics/back-burning/", "/conditions/lipoma/"):
        ids = re.findall(r'\sid="([^"]+)"', client.get(url).text)
        assert len(ids) == len(set(ids)), url


def test_the_contents_links_point_at_anchors_on_the_page(client):
    html = client.get("/topics/back-burning/").text
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.DOTALL).group(0)
    for anchor in re.findall(r'href="#([^"]+)"', toc):
        assert f'id="{anchor}"' in html, anchor


@pytest.mark.parametrize("slug", ["back-lump", "back-burning"])
def test_the_quiz_and_the_ask_box_come_right_after_the_opening_paragraph(client, slug):
    topic = Topic.objects.get(slug=slug)
    html = client.get(topic.get_absolute_url()).text
    opening = str(prose(topic.overview_parts()[0]))
    second = str(prose(topic.overview_parts()[1])).split("\n")[0]
    assert html.index(opening) < html.index(f'href="/quiz/{slug}/"') < html.index('id="ask"') < html.index(second)


def test_the_overview_split_renders_as_the_whole_does():
    for topic in Topic.objects.all():
        opening, rest = topic.overview_parts()
        assert f"{prose(opening)}\n{prose(rest)}" == str(prose(topic.overview))


def test_the_doctor_questions_end_with_a_link_into_the_quiz(client):
    body = section(client.get("/topics/back-lump/").text, "doctor-questions")
    assert body.rindex('href="/quiz/back-lump/"') > body.rindex("<li>")
    assert "Take the quiz to get ready for these questions" in body


class TestReadThisNext:
    def read_next(self, html: str) -> str:
        return re.search(r'<nav class="read-next".*?</nav>', html, re.DOTALL).group(0)

    def test_an_article_suggests_its_common_conditions_and_the_other_topic(self, client):
        links = self.read_next(client.get("/topics/back-lump/").text)
        assert 'href="/topics/back-burning/"' in links
        conditions = re.findall(r'href="/conditions/([^/]+)/"', links)
        assert 3 <= len(conditions) <= 5
        assert all(Condition.objects.get(slug=slug).rarity == "common" for slug in conditions)
        topic = Topic.objects.get(slug="back-lump")
        assert all(topic in Condition.objects.get(slug=slug).topics.all() for slug in conditions)

    def test_a_condition_suggests_its_topics_and_conditions_like_it(self, client):
        lipoma = Condition.objects.get(slug="lipoma")
        links = self.read_next(client.get(lipoma.get_absolute_url()).text)
        for topic in lipoma.topics.published():
            assert f'href="{topic.get_absolute_url()}"' in links
        siblings = re.findall(r'href="/conditions/([^/]+)/"', links)
        assert siblings and "lipoma" not in siblings
        topics = set(lipoma.topics.values_list("pk", flat=True))
        for slug in siblings:
            assert topics & set(Condition.objects.get(slug=slug).topics.values_list("pk", flat=True)), slug

    def test_it_leaves_out_unpublished_conditions(self, client):
        from tests.factories import editor

        first = Topic.objects.get(slug="back-lump").related_conditions()[0]
        first.unpublish(by=editor())
        assert f'href="{first.get_absolute_url()}"' not in self.read_next(client.get("/topics/back-lump/").text)
