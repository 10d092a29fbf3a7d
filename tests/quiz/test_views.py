"""The quiz as a person uses it without JavaScript (plain forms, POST then redirect) and with htmx."""

import re

import pytest
from django.core import signing

from backend.quiz.progress import SESSION_KEY

pytestmark = pytest.mark.django_db

LUMP = "/quiz/back-lump"


def begin(client, topic="back-lump", flags=None, who="me", age="34", sex="female"):
    """Start a quiz and get past the red-flag screen and the demographics; returns the first question URL."""
    client.post(f"/quiz/{topic}/", {"action": "restart"})
    response = client.post(f"/quiz/{topic}/check/", {"flags": flags or [], **({} if flags else {"none": "1"})})
    if flags:
        return response
    client.post(f"/quiz/{topic}/who/", {"who": who})
    response = client.post(f"/quiz/{topic}/about/", {"age": age, "sex": sex})
    assert response["Location"] == f"/quiz/{topic}/describe/"
    response = client.post(f"/quiz/{topic}/describe/", {"skip": "1"})
    assert response.status_code == 302
    return response["Location"]


def shown_items(html: str) -> str:
    return re.search(r'name="items" value="([^"]*)"', html).group(1)


def answer_everything(client, url, choice="absent", limit=30):
    """Answer each question "no" (or "none of these") until the result; returns the result response."""
    for _ in range(limit):
        page = client.get(url)
        if "/result/" in url:
            return page
        html = page.text
        items = shown_items(html)
        if 'value="present"' in html:
            data = {"items": items, "answer": choice}
        elif 'name="checked"' in html:
            data = {"items": items, "answer": "none" if choice == "absent" else "unknown"}
        else:
            data = {"items": items, "answer": "unknown"}
        response = client.post(url, data)
        assert response.status_code == 302, response.text[:500]
        url = response["Location"]
    raise AssertionError("the quiz never reached a result")


def red_flag(client, level_words: str) -> str:
    """A red flag id of the lump topic whose result page says `level_words`."""
    from backend.quiz.loader import knowledge_base

    for symptom in knowledge_base().symptoms_of("back-lump"):
        if symptom.kind == "red_flag" and level_words in symptom.min_level:
            return symptom.id
    raise AssertionError(level_words)


def test_it_starts_from_the_article_button(client):
    article = client.get("/topics/back-lump/")
    assert 'href="/quiz/back-lump/"' in article.text
    start = client.get(f"{LUMP}/")
    assert start.status_code == 200
    assert "This is not a diagnosis" in start.text


def test_it_asks_the_red_flag_screen_first(client):
    client.post(f"{LUMP}/", {"action": "restart"})
    page = client.get(f"{LUMP}/check/")
    assert "Check it&#x27;s not an emergency" in page.text
    assert "I have none of these" in page.text
    assert page.text.count('type="checkbox"') >= 5


def test_it_walks_a_whole_quiz_to_a_result_without_javascript(client):
    result = answer_everything(client, begin(client))
    html = result.text
    assert result.status_code == 200
    assert "Your answers suggest you should" in html
    assert "This is not a diagnosis" in html
    assert "Your answers, to show a doctor" in html
    assert "%" not in re.sub(r"Progress: \d+%|>\d+%<", "", html.split('id="step-card"')[1])
    assert html.count('class="match"') <= 3
    assert "Start over" in html


def test_it_sends_an_emergency_red_flag_straight_to_the_emergency_page(client):
    flag = red_flag(client, "emergency")
    response = begin(client, flags=[flag])
    assert response["Location"] == f"{LUMP}/emergency/"
    page = client.get(f"{LUMP}/emergency/")
    assert 'href="tel:911"' in page.text
    assert "Continue the quiz anyway" in page.text
    # The quiz itself stays closed until the person chooses to continue.
    assert client.get(f"{LUMP}/who/")["Location"] == f"{LUMP}/emergency/"


def test_it_lets_someone_continue_after_an_emergency_and_keeps_the_emergency_advice(client):
    flag = red_flag(client, "emergency")
    begin(client, flags=[flag])
    assert client.post(f"{LUMP}/emergency/")["Location"] == f"{LUMP}/who/"
    client.post(f"{LUMP}/who/", {"who": "me"})
    client.post(f"{LUMP}/about/", {"age": "50", "sex": "male"})
    first = client.post(f"{LUMP}/describe/", {"skip": "1"})["Location"]
    result = answer_everything(client, first)
    assert 'href="tel:911"' in result.text
    assert "Call an ambulance" in result.text or "emergency department" in result.text


def test_it_raises_the_advice_to_at_least_a_lower_red_flags_level(client):
    from backend.knowledge.models import Kind, Topic
    from tests.factories import SymptomFactory

    flag = SymptomFactory(kind=Kind.RED_FLAG, min_level="consultation_24", name="Weight loss without trying",
                          base_rate=0.01)
    flag.topics.add(Topic.objects.get(slug="back-lump"))
    response = begin(client, flags=[flag.slug])
    assert response["Location"] == f"{LUMP}/who/"  # not an emergency: the quiz goes on
    client.post(f"{LUMP}/who/", {"who": "me"})
    client.post(f"{LUMP}/about/", {"age": "30", "sex": "male"})
    first = client.post(f"{LUMP}/describe/", {"skip": "1"})["Location"]
    result = answer_everything(client, first)
    assert "See a doctor within 24 hours" in result.text or "emergency" in result.text.lower()
    assert "Weight loss without trying" in result.text


def test_it_words_the_questions_for_someone_else(client):
    first = begin(client, who="other")
    page = client.get(first)
    assert "them" in page.text or "they" in page.text or "their" in page.text
    assert "How old are they?" in client.get(f"{LUMP}/about/").text


def test_it_explains_a_bad_age(client):
    client.post(f"{LUMP}/", {"action": "restart"})
    client.post(f"{LUMP}/check/", {"none": "1"})
    client.post(f"{LUMP}/who/", {"who": "me"})
    for age, message in [("", "Enter an age"), ("abc", "Enter an age in whole years"), ("130", "between 0 and 120")]:
        response = client.post(f"{LUMP}/about/", {"age": age})
        assert response.status_code == 200
        assert message in response.text
        assert "There is a problem" in response.text


def test_it_takes_back_a_changed_answer_and_everything_after_it(client):
    first = begin(client)
    page = client.get(first)
    client.post(first, {"items": shown_items(page.text), "answer": "none"})
    second = f"{LUMP}/q/2/"
    client.post(second, {"items": shown_items(client.get(second).text), "answer": "unknown"})
    progress = client.session[SESSION_KEY]
    assert len(progress["answers"]) == 3
    # "Change my previous answer" leads back to question 1 with its answer kept until it is changed.
    back = client.get(second)
    assert f'href="{LUMP}/q/1/"' in back.text
    client.post(first, {"items": shown_items(client.get(first).text), "answer": "unknown"})
    assert len(client.session[SESSION_KEY]["answers"]) == 2


def test_it_keeps_the_later_answers_when_an_answer_is_confirmed_unchanged(client):
    first = begin(client)
    items = shown_items(client.get(first).text)
    client.post(first, {"items": items, "answer": "none"})
    client.post(f"{LUMP}/q/2/", {"items": shown_items(client.get(f"{LUMP}/q/2/").text), "answer": "unknown"})
    response = client.post(first, {"items": items, "answer": "none"})
    assert response["Location"] == f"{LUMP}/q/2/"
    assert len(client.session[SESSION_KEY]["answers"]) == 3


def test_it_sends_an_out_of_range_step_to_where_the_person_is(client):
    first = begin(client)
    assert client.get(f"{LUMP}/q/40/")["Location"] == first
    assert client.get(f"{LUMP}/result/")["Location"] == first


def test_it_restarts_kindly_when_the_session_has_expired(client):
    response = client.get(f"{LUMP}/q/3/")
    assert response.status_code == 200
    assert "Let&#x27;s start again" in response.text
    assert f'href="{LUMP}/"' in response.text


def test_it_restarts_kindly_on_a_forged_answer(client):
    first = begin(client)
    response = client.post(first, {"items": "no-such-symptom", "answer": "present"})
    assert response.status_code == 400
    assert "start again" in response.text.lower()
    assert SESSION_KEY not in client.session


def test_it_restarts_kindly_on_progress_that_no_longer_fits_the_content(client, settings):
    begin(client)
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "answers": [{"no-such-flag": "present"}]}
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get(f"{LUMP}/q/1/")
    assert "older version of the quiz" in response.text


@pytest.mark.parametrize("malformed", [
    {"who": ["me"]}, {"sex": {"female": True}}, {"age": "34"}, {"about_done": "yes"},
    {"answers": [["fever", "present"]]}, {"answers": [{"fever": ["present"]}]}, {"acknowledged": [None]},
])
def test_it_says_it_could_not_read_saved_answers_of_the_wrong_shape_and_starts_again(client, send_session, malformed):
    for step in ["check/", "emergency/", "who/", "about/", "q/1/", "result/"]:
        send_session(**{SESSION_KEY: {"topic": "back-lump", "who": "me", "age": 34, "about_done": True, **malformed}})
        response = client.get(f"{LUMP}/{step}")
        assert response.status_code == 400, step
        assert "We couldn&#x27;t read your saved answers." in response.text
        assert f'href="{LUMP}/"' in response.text
        assert SESSION_KEY not in client.session
    send_session(**{SESSION_KEY: {"topic": "back-lump", **malformed}})
    start = client.get(f"{LUMP}/")
    assert start.status_code == 200 and "This is not a diagnosis" in start.text
    assert SESSION_KEY not in client.session


def test_it_ignores_a_tampered_session_cookie(client, settings):
    begin(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    data = signing.loads(cookie.value, salt="django.contrib.sessions.backends.signed_cookies",
                         serializer=signing.JSONSerializer)
    assert data[SESSION_KEY]["age"] == 34  # the answers live in the signed cookie itself
    cookie.set(settings.SESSION_COOKIE_NAME, cookie.value[:-3] + "abc", cookie.value[:-3] + "abc")
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value[:-3] + "abc"
    assert "start again" in client.get(f"{LUMP}/q/1/").text.lower()


def test_it_answers_an_unknown_quiz_with_a_friendly_404(client):
    response = client.get("/quiz/no-such-topic/")
    assert response.status_code == 404
    assert "We can't find that page" in response.text


def test_it_swaps_only_the_card_for_htmx_and_varies_on_it(client):
    first = begin(client)
    full = client.get(first)
    partial = client.get(first, headers={"HX-Request": "true"})
    assert "<html" in full.text and "<html" not in partial.text
    assert partial.text.lstrip().startswith("<title>")
    assert 'id="step-card"' in partial.text
    assert partial.headers["HX-Push-Url"] == first
    assert "HX-Request" in full.headers["Vary"]
    # A history restore asks for the whole page again.
    restore = client.get(first, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_it_stores_nothing_about_the_person_in_the_database(client, django_assert_max_num_queries):
    from django.contrib.sessions.models import Session

    first = begin(client)
    answer_everything(client, first)
    assert not Session.objects.exists()


def test_it_says_plainly_when_nothing_fits_and_still_gives_the_advice(client, monkeypatch):
    from backend.quiz import results

    monkeypatch.setattr(results, "POSSIBLE", 1.01)  # no condition is a good enough match
    html = answer_everything(client, begin(client)).text
    assert "Nothing we know fits well" in html
    assert "Your answers suggest you should" in html
    assert 'class="match"' not in html


def test_it_summarises_every_answer_for_the_doctor(client):
    html = answer_everything(client, begin(client, age="61", sex="male")).text
    summary = html.split("Your answers, to show a doctor")[1]
    assert "Emergency signs" in summary and "None of them" in summary
    assert "<dd>61</dd>" in summary and "<dd>Male</dd>" in summary
    assert summary.count("<tr>") >= 5


def test_it_asks_whether_the_result_helped_and_what_the_person_will_do(client):
    html = answer_everything(client, begin(client)).text
    assert "Was this advice helpful?" in html
    assert "What will you do now?" in html


def test_it_asks_the_screen_question_the_topic_sets_in_the_admin(client):
    from backend.knowledge.models import Topic

    topic = Topic.objects.get(slug="back-lump")
    topic.red_flag_question = "Have you had any of these since it began?"
    topic.red_flag_why = "Because these need care straight away."
    topic.save()  # as the admin saves it, which tells every node's engine
    client.post(f"{LUMP}/", {"action": "restart"})
    page = client.get(f"{LUMP}/check/").text
    assert "Have you had any of these since it began? Tick all that apply." in page
    assert "Because these need care straight away." in page


def test_a_ticked_sign_counts_even_when_i_have_none_of_these_is_pressed(client):
    flag = red_flag(client, "emergency")
    client.post(f"{LUMP}/", {"action": "restart"})
    response = client.post(f"{LUMP}/check/", {"flags": [flag], "none": "1"})
    assert response["Location"] == f"{LUMP}/emergency/"


def test_continuing_past_one_emergency_does_not_skip_the_call_page_for_another(client):
    from backend.quiz.loader import knowledge_base

    flags = [s for s in knowledge_base().symptoms_of("back-lump") if s.kind == "red_flag"]
    first = next(s.id for s in flags if s.min_level == "emergency")
    ambulance = next(s.id for s in flags if s.min_level == "emergency_ambulance")
    begin(client, flags=[first])
    assert client.post(f"{LUMP}/emergency/")["Location"] == f"{LUMP}/who/"
    assert client.get(f"{LUMP}/who/").status_code == 200

    # They go back and tick a second, more urgent sign: the call page comes back, with the ambulance.
    response = client.post(f"{LUMP}/check/", {"flags": [first, ambulance]})
    assert response["Location"] == f"{LUMP}/emergency/"
    assert client.get(f"{LUMP}/who/")["Location"] == f"{LUMP}/emergency/"
    assert "Call an ambulance" in client.get(f"{LUMP}/emergency/").text


def test_an_emergency_found_by_a_later_question_shows_the_call_page(client, settings):
    from backend.quiz.loader import knowledge_base
    from backend.quiz.progress import Progress

    kb = knowledge_base()
    screen = {s.id: "absent" for s in kb.symptoms_of("back-burning") if s.kind == "red_flag"}
    session = client.session
    # A later question was answered with black stools: an emergency by itself.
    later = {"black-stools-vomit-blood": "present", "upper-belly-pain": "present"}
    progress = Progress(topic="back-burning", who="me", age=70, sex="male", about_done=True, answers=[screen, later])
    session[SESSION_KEY] = progress.__dict__
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    assert client.get("/quiz/back-burning/q/2/")["Location"] == "/quiz/back-burning/emergency/"
    assert client.get("/quiz/back-burning/result/")["Location"] == "/quiz/back-burning/emergency/"
    page = client.get("/quiz/back-burning/emergency/")
    assert "Black" in page.text or "black" in page.text
    # Once they choose to go on, the quiz continues; the result keeps the emergency advice.
    assert client.post("/quiz/back-burning/emergency/")["Location"].startswith("/quiz/back-burning/")
    assert client.get("/quiz/back-burning/who/").status_code == 200
