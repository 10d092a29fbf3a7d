"""'Was this helpful?' on articles, condition pages and quiz results: one answer per session per page."""

import re

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory

from backend.feedback.forms import Page
from backend.feedback.models import Feedback

pytestmark = pytest.mark.django_db

VOTE = "/feedback/"
ARTICLE = "/topics/back-lump/"
WAIT = re.compile(r"in about (a minute|\d+ minutes)")


def token(html: str) -> str:
    return re.search(r'name="page" value="([^"]+)"', html).group(1)


def vote(client, page_url=ARTICLE, htmx=False, **data):
    page = token(client.get(page_url).text)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(VOTE, {"page": page, **data}, headers=headers)


@pytest.mark.parametrize("url, key", [(ARTICLE, "topic:back-lump"), ("/conditions/lipoma/", "condition:lipoma")])
def test_it_asks_on_articles_and_condition_pages(client, url, key):
    html = client.get(url).text
    assert "Was this helpful?" in html
    assert Page.unsign(token(html)).key == key


def test_it_counts_a_yes_and_shows_how_many_found_it_helpful(client):
    Feedback.objects.bulk_create([Feedback(page="topic:back-lump", helpful=True) for _ in range(33)])
    response = vote(client, helpful="yes")
    assert response.status_code == 302 and response["Location"] == f"{ARTICLE}#feedback-topic-back-lump"
    assert "34 people found this helpful" in client.get(ARTICLE).text


def test_it_takes_one_answer_per_session_per_page_and_lets_it_change(client):
    vote(client, helpful="yes")
    vote(client, helpful="no")
    assert list(Feedback.objects.values_list("page", "helpful")) == [("topic:back-lump", False)]
    vote(client, "/conditions/lipoma/", helpful="yes")
    assert Feedback.objects.count() == 2


@pytest.mark.parametrize("remembered", ["abc", ["1"], 10**30])
def test_it_treats_a_remembered_vote_that_is_not_an_id_as_no_vote(client, send_session, remembered):
    send_session(feedback={"topic:back-lump": remembered})
    page = client.get(ARTICLE)
    assert page.status_code == 200 and "Was this helpful?" in page.text
    assert vote(client, helpful="yes").status_code == 302
    assert Feedback.objects.get().helpful is True


def test_it_counts_another_session_separately(client, django_user_model):
    from django.test import Client

    vote(client, helpful="yes")
    vote(Client(), helpful="yes")
    assert Feedback.objects.filter(helpful=True).count() == 2


def test_it_thanks_and_asks_for_more_then_thanks_again(client):
    vote(client, helpful="no")
    html = client.get(ARTICLE).text
    assert "Thank you for your answer" in html and "What was missing or unclear?" in html
    vote(client, comment="  Say more about when it is an emergency.  ")
    assert Feedback.objects.get().comment == "Say more about when it is an emergency."
    assert "Thank you for your feedback" in client.get(ARTICLE).text


def test_it_swaps_only_the_widget_for_htmx(client):
    response = vote(client, htmx=True, helpful="yes")
    assert response.status_code == 200
    assert "<html" not in response.text and "Thank you for your answer" in response.text
    assert "1 person found this helpful" in response.text


def test_over_the_limit_the_widget_itself_says_how_long_to_wait_with_htmx(client, settings):
    settings.RATE_LIMIT_FEEDBACK = (1, 3600)
    assert vote(client, htmx=True, helpful="yes").status_code == 200
    response = vote(client, htmx=True, helpful="no")
    assert response.status_code == 429 and response["Retry-After"].isdigit()
    assert "<html" not in response.text and "Thank you for your answer" in response.text
    assert "too many times" in response.text and WAIT.search(response.text)
    assert list(Feedback.objects.values_list("helpful", flat=True)) == [True]


def test_over_the_limit_without_javascript_is_a_page_that_says_how_long_to_wait(client, settings):
    settings.RATE_LIMIT_FEEDBACK = (1, 3600)
    vote(client, helpful="yes")
    response = vote(client, helpful="no")
    assert response.status_code == 429 and "<html" in response.text and WAIT.search(response.text)
    assert list(Feedback.objects.values_list("helpful", flat=True)) == [True]


def test_it_needs_a_yes_or_no_first(client):
    response = vote(client, htmx=True, comment="hello")
    assert response.status_code == 400
    assert "Please choose Yes or No." in response.text
    assert not Feedback.objects.exists()


def test_it_refuses_a_forged_page(client):
    response = client.post(VOTE, {"page": "topic:anything", "helpful": "yes"})
    assert response.status_code == 400
    forged = Page("topic:back-lump").sign()[:-2] + "xx"
    assert client.post(VOTE, {"page": forged, "helpful": "yes"}).status_code == 400
    assert not Feedback.objects.exists()


def test_it_never_redirects_off_the_site(client):
    page = Page("topic:back-lump", url="https://evil.example/").sign()
    response = client.post(VOTE, {"page": page, "helpful": "yes"})
    assert response["Location"].startswith("/#")


def test_it_ignores_what_fills_the_honeypot(client):
    vote(client, helpful="yes", homepage="spam")
    assert not Feedback.objects.exists()


def test_it_only_accepts_posts(client):
    assert client.get(VOTE).status_code == 405


def render_widget(request, **with_values) -> str:
    args = " ".join(f"{key}={value}" for key, value in with_values.items())
    return Template('{% include "feedback/_widget.html" with ' + args + " %}").render(RequestContext(request, {}))


class TestOnTheQuizResult:
    """The include the quiz result page uses: it needs only `request`, and asks the plan."""

    def request(self, client):
        request = RequestFactory().get("/quiz/back-lump/result/")
        request.session = client.session
        return request

    def test_it_asks_what_you_will_do_now(self, client):
        html = render_widget(self.request(client), page_key='"quiz-result:back-lump"', ask_plan="True",
                             advice='"consultation_24"')
        assert "What will you do now?" in html
        for label in ("Call an ambulance", "Go to the emergency department", "Book a doctor", "Look after it myself"):
            assert label in html
        page = Page.unsign(token(html))
        assert (page.key, page.advice, page.ask_plan, page.url) == (
            "quiz-result:back-lump", "consultation_24", True, "/quiz/back-lump/result/")

    def test_it_records_the_plan_before_and_after_with_the_advice(self, client):
        page = Page("quiz-result:back-lump", advice="consultation_24", ask_plan=True,
                    url="/quiz/back-lump/result/").sign()
        response = client.post(VOTE, {"page": page, "helpful": "yes", "plan_after": "consultation_24"},
                               headers={"HX-Request": "true"})
        assert "Before you used Backcheck, what were you going to do?" in response.text
        client.post(VOTE, {"page": page, "plan_before": "self_care"})
        answer = Feedback.objects.get()
        assert (answer.advice, answer.plan_before, answer.plan_after, answer.changed_plan) == (
            "consultation_24", "self_care", "consultation_24", True)

    def test_it_works_without_a_plan(self, client):
        html = render_widget(self.request(client), page_key='"topic:x"')
        assert "Was this helpful?" in html and "What will you do now?" not in html


class TestInTheAdmin:
    def test_it_shows_staff_every_answer_and_a_summary_per_page(self, admin_client):
        Feedback.objects.create(page="topic:back-lump", helpful=True)
        Feedback.objects.create(page="topic:back-lump", helpful=False, comment="Too long.")
        Feedback.objects.create(page="quiz-result:back-lump", helpful=True, plan_before="self_care",
                                plan_after="consultation", advice="consultation")
        html = admin_client.get("/admin/feedback/feedback/").text
        assert "Too long." in html
        assert re.search(r"<td>topic:back-lump</td><td>2</td><td>1</td><td>1</td><td>50%</td>", html)
        assert re.search(r"<td>quiz-result:back-lump</td><td>1</td><td>1</td><td>0</td><td>100%</td><td>1</td>"
                         r"<td>1</td>", html)
        assert "Too long." not in admin_client.get("/admin/feedback/feedback/?kind=quiz-result").text

    def test_it_is_read_only(self, admin_client):
        answer = Feedback.objects.create(page="topic:back-lump", helpful=True)
        html = admin_client.get(f"/admin/feedback/feedback/{answer.pk}/change/").text
        assert 'name="helpful"' not in html
        assert admin_client.get("/admin/feedback/feedback/add/").status_code == 403

    def test_it_keeps_the_public_out(self, client):
        assert client.get("/admin/feedback/feedback/").status_code == 302
