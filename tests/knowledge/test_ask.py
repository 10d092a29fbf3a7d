"""The "Ask a question about this page" box: a POST that quotes the site's pages or says plainly it can't,
counts the questions it had no answer for per page, and never keeps a question anywhere."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.utils.html import escape

from backend.abuse.limits import wait_in_words
from backend.knowledge.models import Symptom, Synonym, UnansweredCount
from backend.language import answers, parser

pytestmark = pytest.mark.django_db

ASK = "/ask/"
HTMX = {"HTTP_HX_REQUEST": "true"}
OUT_OF_SCOPE = "What is the capital of France?"


@pytest.fixture
def fresh_answers():
    """For a test that changes the content: the ask engine reads it at once, not a copy from before."""
    answers.reset()
    parser.reset()
    yield
    answers.reset()
    parser.reset()


def ask(client, question: str, kind: str = "topic", slug: str = "back-lump", **headers):
    return client.post(ASK, {"question": question, "kind": kind, "slug": slug}, **headers)


def answer_region(html: str) -> str:
    return html[html.index('id="ask-answer"'):]


class TestTheBox:
    @pytest.mark.parametrize("url", ["/topics/back-lump/", "/topics/back-burning/", "/conditions/lipoma/", "/search/"])
    def test_it_is_a_post_form_on_every_page_that_carries_it(self, client, url):
        html = client.get(url).text
        form = re.search(r'<form class="ask-form"[^>]*>', html).group(0)
        assert 'method="post"' in form and f'action="{ASK}#ask"' in form
        assert f'hx-post="{ASK}"' in form and 'hx-target="#ask-answer"' in form
        assert 'name="csrfmiddlewaretoken"' in html
        assert "nothing is made up" in html and "not a diagnosis" in html

    def test_it_names_the_page_it_is_on(self, client):
        html = client.get("/conditions/lipoma/").text
        assert '<input type="hidden" name="kind" value="condition">' in html
        assert '<input type="hidden" name="slug" value="lipoma">' in html


class TestAsking:
    def test_it_refuses_a_get_so_a_question_never_goes_into_an_address(self, client):
        response = client.get(ASK, {"question": "can a lipoma turn into cancer?", "kind": "topic", "slug": "back-lump"})
        assert response.status_code == 405

    def test_it_quotes_the_pages_with_a_link_to_each_section(self, client):
        response = ask(client, "can a lipoma turn into cancer?")
        assert response.status_code == 200
        region = answer_region(response.text)
        assert "What our pages say" in region
        assert "<blockquote>" in region
        assert 'href="/conditions/lipoma/#what-it-is"' in region
        assert "Read more" in region

    def test_it_says_which_quoted_pages_a_doctor_has_reviewed(self, client, settings, fresh_answers):
        from backend.knowledge.models import Condition
        from tests.factories import reviewer

        settings.ENGINE_VERSION_CHECK_SECONDS = 0  # the sign-off is read at the next question

        question = "can a lipoma turn into cancer?"
        before = answer_region(ask(client, question).content.decode())
        assert "Lipoma</cite>." in before and "medically reviewed" not in before
        Condition.objects.get(slug="lipoma").sign_off(by=reviewer())
        after = answer_region(ask(client, question).content.decode())
        assert "Lipoma</cite>, medically reviewed." in after

    def test_read_more_on_a_quoted_faq_answer_goes_to_that_answer_in_its_question(self, client):
        from backend.knowledge.models import FAQ

        faq = FAQ.objects.get(topic__slug="back-lump", question__icontains="squeeze")
        region = answer_region(ask(client, faq.question).content.decode())
        assert f'href="/topics/back-lump/#{faq.anchor}"' in region
        page = client.get("/topics/back-lump/").content.decode()
        assert f'<div id="{faq.anchor}">' in page[page.index(f"<summary>{escape(faq.question)}</summary>"):]

    def test_with_htmx_it_returns_only_the_answer_region(self, client):
        response = ask(client, "can a lipoma turn into cancer?", **HTMX)
        assert response.status_code == 200
        assert "<html" not in response.text and "<form" not in response.text
        assert "<blockquote>" in response.text
        assert response["Vary"].startswith("HX-Request") or "HX-Request" in response["Vary"]

    def test_without_javascript_it_shows_the_whole_page_with_the_answer_in_the_box(self, client):
        response = ask(client, "can a lipoma turn into cancer?")
        assert "<html" in response.text and "<h1>Painful back lump</h1>" in response.text
        assert "<blockquote>" in answer_region(response.text)
        assert "can a lipoma turn into cancer?" in response.text  # still in the box, to ask again

    def test_it_asks_no_one_to_keep_the_answer(self, client):
        for response in (ask(client, "can a lipoma turn into cancer?"), ask(client, "lipoma", **HTMX)):
            assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_it_says_honestly_when_the_site_has_no_answer(self, client):
        region = answer_region(ask(client, OUT_OF_SCOPE).text)
        assert "We don't have an answer to that on this site" in region
        assert "<blockquote>" not in region
        assert 'href="/quiz/back-lump/"' in region
        assert "pharmacist" in region and "See a doctor" in region

    def test_on_the_search_page_it_offers_every_quiz(self, client):
        response = ask(client, OUT_OF_SCOPE, kind="search", slug="")
        assert response.status_code == 200
        assert "Search conditions and symptoms" in response.text
        region = answer_region(response.text)
        assert 'href="/quiz/back-lump/"' in region and 'href="/quiz/back-burning/"' in region

    def test_it_puts_the_emergency_card_before_any_answer(self, client, fresh_answers):
        # The lay phrase the free-text reader knows this red flag by (the shipped synonyms come separately).
        Synonym.objects.create(phrase="can't feel when I wipe", symptom=Symptom.objects.get(slug="saddle-numbness"))
        region = answer_region(ask(client, "I can't feel when I wipe and my back hurts", slug="back-lump").text)
        assert "This sounds like an emergency" in region
        assert 'href="tel:911"' in region
        card = region.index("This sounds like an emergency")
        assert card < region.index("tel:911")
        if "<blockquote>" in region:
            assert card < region.index("<blockquote>")

    def test_it_escapes_the_question_it_shows_again(self, client):
        response = ask(client, "<script>alert(1)</script> lipoma")
        assert "<script>alert(1)</script>" not in response.text
        assert escape("<script>alert(1)</script>") in response.text


class TestBadInput:
    def test_it_asks_for_a_question_when_the_box_is_empty(self, client):
        response = ask(client, "   ")
        assert response.status_code == 400
        assert "Type your question" in response.text
        assert 'aria-invalid="true"' in response.text and 'aria-describedby="ask-note ask-error"' in response.text

    def test_it_refuses_a_question_over_500_characters_and_keeps_the_text(self, client):
        question = ("Is this lump a lipoma? " * 22).strip()
        assert len(question) == 505
        response = ask(client, question)
        assert response.status_code == 400
        assert "Make your question 500 characters or fewer (it has 505)" in response.text
        assert escape(question) in response.text

    def test_it_accepts_a_question_of_exactly_500_characters(self, client):
        assert ask(client, "a" * 500).status_code == 200

    @pytest.mark.parametrize("question, message", [
        ("", "Type your question"), ("a" * 501, "500 characters or fewer (it has 501)"),
        ("lipoma\x00", "a character in it that isn't text"),
    ])
    def test_with_htmx_a_question_to_fix_swaps_the_whole_box(self, client, question, message):
        response = ask(client, question, **HTMX)
        assert response.status_code == 400
        assert response["HX-Retarget"] == "#ask" and response["HX-Reswap"] == "outerHTML"
        assert response.text.lstrip().startswith('<section id="ask"') and "<html" not in response.text
        assert escape(message) in response.text

    @pytest.mark.parametrize("kind, slug, status", [
        ("topic", "no-such-topic", 404), ("condition", "no-such-condition", 404), ("article", "back-lump", 400),
        ("topic", "not a slug!", 400),
    ])
    def test_it_refuses_a_page_that_does_not_exist(self, client, kind, slug, status):
        assert ask(client, OUT_OF_SCOPE, kind=kind, slug=slug).status_code == status
        assert not UnansweredCount.objects.exists()


class TestUnansweredCount:
    def test_it_counts_a_question_with_no_answer_per_page(self, client):
        ask(client, OUT_OF_SCOPE)
        ask(client, "Who won the football last night?", **HTMX)
        ask(client, OUT_OF_SCOPE, kind="condition", slug="lipoma")
        counts = {(c.page_kind, c.page_slug): c.count for c in UnansweredCount.objects.all()}
        assert counts == {("topic", "back-lump"): 2, ("condition", "lipoma"): 1}

    def test_it_does_not_count_a_question_it_answered_or_refused(self, client):
        ask(client, "can a lipoma turn into cancer?")
        ask(client, "")
        assert not UnansweredCount.objects.exists()

    def test_it_never_stores_the_question_anywhere(self, client):
        marker = "zebra quasar xylophone 7731"
        response = ask(client, f"Does a {marker} help my back?")
        assert "We don't have an answer" in response.text
        assert UnansweredCount.objects.get().count == 1
        assert marker not in str(response.cookies)
        assert not rows_holding(marker)
        assert not any(marker.encode() in value for value in cached_values())
        assert not any(marker in str(value) for value in client.session.values())


def rows_holding(text: str) -> list[str]:
    """Every table's text columns searched for the text: where it was stored, if anywhere."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        rows = model._default_manager
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                stored = rows.filter(**{f"{field.name}__icontains": text}).exists()
            elif isinstance(field, models.JSONField):  # SQLite can't search inside JSON: read it
                stored = any(text.lower() in str(value).lower() for value in rows.values_list(field.name, flat=True))
            else:
                continue
            if stored:
                found.append(f"{model._meta.label}.{field.name}")
    return found


def cached_values() -> list[bytes]:
    """Every value in the tests' cache (local memory keeps them pickled), to look into."""
    return [value for value in getattr(cache, "_cache", {}).values() if isinstance(value, bytes)]


class TestTheRateLimit:
    WAIT = "You've asked a lot of questions in a short time"

    @pytest.fixture(autouse=True)
    def two_questions_an_hour(self, settings):
        settings.RATE_LIMIT_ANSWERS = (2, 3600)

    def test_it_limits_how_often_one_client_asks(self, client):
        assert ask(client, OUT_OF_SCOPE).status_code == 200
        assert ask(client, "").status_code == 400  # every question counts, answered or not
        response = ask(client, OUT_OF_SCOPE)
        assert response.status_code == 429 and "Retry-After" in response
        assert UnansweredCount.objects.get().count == 1

    def test_with_htmx_it_says_so_inside_the_answer_region_only(self, client):
        ask(client, OUT_OF_SCOPE)
        ask(client, OUT_OF_SCOPE)
        response = ask(client, "can a lipoma turn into cancer?", **HTMX)
        assert response.status_code == 429 and int(response["Retry-After"]) > 0
        assert "HX-Retarget" not in response  # it goes where an answer goes: into #ask-answer
        assert "<html" not in response.text and "<form" not in response.text and "<h1" not in response.text
        wait = wait_in_words(int(response["Retry-After"]))
        assert self.WAIT in response.text and f"Please wait {wait} and try again" in response.text
        assert "<blockquote>" not in response.text
        assert "HX-Request" in response["Vary"] and "no-store" in response["Cache-Control"]

    def test_without_javascript_it_shows_the_page_again_with_the_message_in_the_box(self, client):
        ask(client, OUT_OF_SCOPE)
        ask(client, OUT_OF_SCOPE)
        response = ask(client, "can a lipoma turn into cancer?", kind="condition", slug="lipoma")
        assert response.status_code == 429 and "Retry-After" in response
        assert "<html" in response.text and "<h1>Lipoma</h1>" in response.text
        region = answer_region(response.text)
        assert self.WAIT in region and "<blockquote>" not in region
        assert ">can a lipoma turn into cancer?</textarea>" in response.text  # kept, to ask again later

    def test_over_the_limit_a_question_to_fix_only_says_when_to_ask_again(self, client):
        ask(client, OUT_OF_SCOPE)
        ask(client, OUT_OF_SCOPE)
        response = ask(client, "")
        assert response.status_code == 429
        assert self.WAIT in response.text and "Type your question" not in response.text
