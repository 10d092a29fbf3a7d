"""The floors the reader and the ask box must hold on our own evaluation sets (`manage.py evaluate_language`
prints the same figures). The description set is the one the synonyms were tuned on; the held-out set was
written afterwards from the references by someone who never saw the synonyms, and must hold the safety
floors: every red flag read, nothing read from negated, someone else's, feared or past words."""

import pytest

from backend.language import evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def descriptions():
    return evaluation.load(evaluation.DESCRIPTIONS)


def test_descriptions_are_read_to_the_floors(descriptions):
    score = evaluation.score_descriptions(descriptions)
    assert score.precision >= 0.95, score.extras
    assert score.recall >= 0.85, score.misses
    assert score.red_flag_recall == 1.0, [m for m in score.misses if "present" in m]
    assert score.context_errors == []


def test_the_held_out_descriptions_keep_the_safety_floors():
    score = evaluation.score_descriptions(evaluation.load(evaluation.HOLDOUT))
    assert score.red_flag_recall == 1.0, score.misses
    assert score.context_errors == []


def test_questions_are_answered_to_the_floors():
    score = evaluation.score_questions(evaluation.load(evaluation.QUESTIONS))
    assert score.hit_at_3 >= 0.85, score.misses
    assert score.emergency_recall == 1.0, score.misses
    assert score.abstention >= 0.80, score.misses
