"""Where a person is in the quiz, worked out once per page."""

import pytest

from backend.quiz import engine
from tests.quiz.test_views import LUMP, begin, red_flag, shown_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def emergency_checks(monkeypatch):
    """How many times the engine was asked for the answers' emergency findings."""
    calls = []
    real = engine.emergency_findings

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "emergency_findings", counted)
    return calls


def test_a_question_page_works_out_the_emergency_findings_once(client, emergency_checks):
    first = begin(client)
    emergency_checks.clear()
    assert client.get(first).status_code == 200
    assert len(emergency_checks) == 1


def test_a_step_that_sends_the_person_on_works_out_the_emergency_findings_once(client, emergency_checks):
    first = begin(client)
    emergency_checks.clear()
    # The result isn't due yet: the page checks where the person is, then sends them there.
    assert client.get(f"{LUMP}/result/")["Location"] == first
    assert len(emergency_checks) == 1


def test_an_answer_works_out_the_emergency_findings_once_before_and_once_after_it(client, emergency_checks):
    first = begin(client)
    items = shown_items(client.get(first).text)
    emergency_checks.clear()
    response = client.post(first, {"items": items, "answer": "unknown"})
    assert response.status_code == 302
    assert len(emergency_checks) == 2


def test_an_emergency_from_the_screen_is_worked_out_once_on_the_way_to_the_call_page(client, emergency_checks):
    begin(client, flags=[red_flag(client, "emergency")])
    emergency_checks.clear()
    assert client.get(f"{LUMP}/who/")["Location"] == f"{LUMP}/emergency/"
    assert len(emergency_checks) == 1
