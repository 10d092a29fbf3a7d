"""POST /api/v1/answers/: the ask box's contract (DESIGN.md, "Ask about this site")."""

import json
import logging
import pickle

import pytest
from django.core.cache import cache

from tests.language.pages import is_verbatim

pytestmark = pytest.mark.django_db

SECTIONS = {"what-it-is", "causes", "symptoms", "diagnosis", "treatment", "self-care", "when-to-get-help",
            "prevention", "doctor-questions", "faq", "emergency-signs"}


def ask(client, body=None, raw: str | None = None):
    return client.post("/api/v1/answers/", raw if raw is not None else json.dumps(body),
                       content_type="application/json")


@pytest.mark.parametrize("body", [
    {"question": "how do you treat a boil?", "page": {"kind": "topic", "slug": "back-lump"}},
    {"question": "can a lipoma turn into cancer?"},
    {"question": "what causes a burning feeling in the back?", "page": None},
])
def test_it_answers_in_the_contract_shape_with_verbatim_quotes(client, body):
    response = ask(client, body)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"emergency", "answers", "no_answer"}
    assert data["emergency"] is None
    assert 1 <= len(data["answers"]) <= 3 and data["no_answer"] is False
    for answer in data["answers"]:
        assert set(answer) == {"page", "section", "heading", "quote", "url"}
        assert set(answer["page"]) == {"kind", "slug", "title"}
        assert answer["section"] in SECTIONS and answer["heading"]
        assert answer["url"] == f"/{answer['page']['kind']}s/{answer['page']['slug']}/#{answer['section']}"
        assert is_verbatim(client, answer), answer


def test_it_quotes_the_lipoma_page_for_the_lipoma_question(client):
    best = ask(client, {"question": "can a lipoma turn into cancer?"}).json()["answers"][0]
    assert best["page"] == {"kind": "condition", "slug": "lipoma", "title": "Lipoma"}
    assert best["section"] == "what-it-is" and best["heading"] == "What it is"


@pytest.mark.parametrize("question", ["what is the best mattress for back pain?",
                                      "how much does it cost to remove a lump in london?"])
def test_it_says_no_answer_when_nothing_on_the_site_answers(client, question):
    data = ask(client, {"question": question, "page": {"kind": "topic", "slug": "back-lump"}}).json()
    assert data == {"emergency": None, "answers": [], "no_answer": True}


@pytest.mark.parametrize(("body", "field"), [
    ({}, "question"),
    ({"question": "   "}, "question"),
    ({"question": "x" * 501}, "question"),
    ({"question": 42}, "question"),
    ({"question": "what is a lipoma?", "page": {"kind": "topic", "slug": "no-such-topic"}}, "page.slug"),
    ({"question": "what is a lipoma?", "page": {"kind": "article", "slug": "back-lump"}}, "page.kind"),
    ({"question": "what is a lipoma?", "page": {"kind": "condition", "slug": "back-lump"}}, "page.slug"),
    ({"question": "what is a lipoma?", "page": "back-lump"}, "page"),
])
def test_it_refuses_bad_input_with_a_400_naming_the_field(client, body, field):
    response = ask(client, body)
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_it_refuses_malformed_json(client):
    response = ask(client, raw="{not json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] is None


def test_it_takes_a_question_of_500_characters_once_the_spaces_around_it_are_gone(client):
    question = ("lipoma " * 72)[:500]
    assert ask(client, {"question": f"  {question}\n "}).status_code == 200
    assert ask(client, {"question": f"  {question}x "}).status_code == 400


def test_it_names_an_unpublished_page_unknown(client, django_capture_on_commit_callbacks, settings):
    from backend.knowledge.models import Condition
    from tests.factories import editor

    settings.ENGINE_VERSION_CHECK_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        Condition.objects.get(slug="lipoma").unpublish(by=editor())
    response = ask(client, {"question": "is it cancer?", "page": {"kind": "condition", "slug": "lipoma"}})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "page.slug", "message": "Unknown condition 'lipoma'."}]


def test_it_limits_each_client_and_says_when_to_try_again(client, settings):
    settings.RATE_LIMIT_ANSWERS = (2, 3600)
    for _ in range(2):
        assert ask(client, {"question": "what is a lipoma?"}).status_code == 200
    response = ask(client, {"question": "what is a lipoma?"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["errors"][0]["field"] is None


def test_it_keeps_no_trace_of_the_question(client, caplog):
    question = "can a lipoma turn into cancer? my secret name is Zebulon Quux"
    with caplog.at_level(logging.DEBUG):
        response = ask(client, {"question": question})
        ask(client, {"question": question + "x" * 500})  # refused: the 400 must not echo it either
    assert response.status_code == 200
    assert not response.cookies
    assert "Zebulon" not in caplog.text
    stored = b"".join(pickle.dumps(value) for value in cache._cache.values())
    assert b"Zebulon" not in stored


def test_it_documents_the_endpoint_with_its_400_and_429(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/answers/"]["post"]
    assert {"200", "400", "429"} <= set(operation["responses"])
