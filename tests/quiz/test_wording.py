"""Questions asked of someone answering for another person read naturally ("you" becomes "they")."""

import pytest

from backend.quiz.wording import for_someone_else, worded


@pytest.mark.parametrize("question, reworded", [
    ("Do you have a fever?", "Do they have a fever?"),
    ("Are you pregnant?", "Are they pregnant?"),
    ("Is your immune system weakened?", "Is their immune system weakened?"),
    ("Have you lost weight recently without trying?", "Have they lost weight recently without trying?"),
    ("Does the pain wake you up at night?", "Does the pain wake them up at night?"),
    ("Do any of these apply to you?", "Do any of these apply to them?"),
    ("Did something hot touch your back?", "Did something hot touch their back?"),
    ("Were you stung or bitten?", "Were they stung or bitten?"),
    ("You're not sure? That's fine.", "They're not sure? That's fine."),
    ("Have you hurt yourself?", "Have they hurt themselves?"),
])
def test_it_rewords_a_question_for_someone_else(question, reworded):
    assert for_someone_else(question) == reworded


def test_it_keeps_words_that_only_contain_you():
    assert for_someone_else("Is it on the youngest child?") == "Is it on the youngest child?"


def test_it_words_a_question_for_the_person_themselves_unchanged():
    assert worded("Do you have a fever?", "me") == "Do you have a fever?"
    assert worded("Do you have a fever?", None) == "Do you have a fever?"
    assert worded("Do you have a fever?", "other") == "Do they have a fever?"
