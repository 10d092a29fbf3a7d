"""Where a person is in the quiz, worked out once per page: the emergency check and the next question share one
evaluation of the answers."""

import pytest

from backend.quiz import engine
from tests.quiz.test_views import LUMP, begin, red_flag, shown_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluations(monkeypatch):
    """Each time the engine evaluated the answers (a `Reading`), with the case it read."""
    calls = []

    class Counted(engine.Reading):
        __slots__ = ()

        def __init__(self, kb, case, *args, **kwargs):
            calls.append(case)
            super().__init__(kb, case, *args, **kwargs)

    monkeypatch.setattr(engine, "Reading", Counted)
    return calls


def test_a_question_page_evaluates_the_answers_once(client, evaluations):
    first = begin(client)
    evaluations.clear()
    assert client.get(first).status_code == 200
    assert len(evaluations) == 1


def test_a_step_that_sends_the_person_on_evaluates_the_answers_once(client, evaluations):
    first = begin(client)
    evaluations.clear()
    # The result isn't due yet: the page checks where the person is, then sends them there.
    assert client.get(f"{LUMP}/result/")["Location"] == first
    assert len(evaluations) == 1


def test_an_answer_is_evaluated_once_before_and_once_after_it(client, evaluations):
    first = begin(client)
    items = shown_items(client.get(first).text)
    evaluations.clear()
    response = client.post(first, {"items": items, "answer": "unknown"})
    assert response.status_code == 302
    assert len(evaluations) == 2


def test_an_emergency_from_the_screen_is_evaluated_once_on_the_way_to_the_call_page(client, evaluations):
    begin(client, flags=[red_flag(client, "emergency")])
    evaluations.clear()
    assert client.get(f"{LUMP}/who/")["Location"] == f"{LUMP}/emergency/"
    assert len(evaluations) == 1
