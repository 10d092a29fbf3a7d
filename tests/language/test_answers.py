"""Ask about this site: verbatim passages of the published pages that answer a question, or an honest none."""

from dataclasses import asdict

import pytest

from backend.knowledge.models import Condition, Symptom, Synonym
from backend.language import answers
from tests.factories import editor

from .pages import is_verbatim

pytestmark = pytest.mark.django_db

ANSWERABLE = [
    ("how do you treat a boil?", ("topic", "back-lump")),
    ("can a lipoma turn into cancer?", None),
    ("what causes a burning feeling in the back?", None),
    ("should I pop a boil on my back?", None),
    ("could burning on one side of my back be shingles?", ("topic", "back-burning")),
    ("can a slipped disc cause a burning feeling?", None),
    ("how long does shingles pain last?", None),
]
# Questions that share words with the site ("back", "pain", "lump", "remove", "mattress") but that
# nothing on it answers.
OUT_OF_SCOPE = [
    "what is the best mattress for back pain?",
    "how much does it cost to remove a lump in london?",
    "what is the capital of france?",
    "my back hurts",
    "can you recommend a good physio near me?",
]


def places(result: answers.Answer) -> list[tuple[str, str, str]]:
    return [(p.page.kind, p.page.slug, p.section) for p in result.answers]


# Not "page": that name is pytest-playwright's fixture, and would make this a browser test.
@pytest.mark.parametrize(("question", "asked_on"), ANSWERABLE)
def test_it_answers_with_quotes_that_are_word_for_word_on_the_page(client, question, asked_on):
    result = answers.answer(question, asked_on)
    assert result.answers and not result.no_answer
    assert len(result.answers) <= 3
    assert len({p.quote for p in result.answers}) == len(result.answers)
    for passage in result.answers:
        assert passage.url == f"/{passage.page.kind}s/{passage.page.slug}/#{passage.section}"
        assert is_verbatim(client, asdict(passage)), passage


def test_it_answers_how_to_treat_a_boil_from_a_treatment_section():
    best = answers.answer("how do you treat a boil?", ("topic", "back-lump")).answers[0]
    assert best.section in {"treatment", "self-care"}
    assert best.page.slug in {"boil", "back-lump", "skin-abscess"}
    assert "boil" in best.quote.lower()


def test_it_answers_whether_a_lipoma_can_turn_into_cancer_from_the_lipoma_page():
    best = answers.answer("can a lipoma turn into cancer?").answers[0]
    assert (best.page.kind, best.page.slug, best.section) == ("condition", "lipoma", "what-it-is")
    assert "cancer" in best.quote


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_it_says_it_has_no_answer_rather_than_quote_a_passage_that_merely_shares_words(question):
    result = answers.answer(question)
    assert result.no_answer
    assert result.answers == []


def test_it_reads_through_a_typo():
    assert ("condition", "lipoma", "what-it-is") in places(answers.answer("can a lipona turn into cancer?"))


def test_it_reads_a_lay_name_of_a_condition(settings, django_capture_on_commit_callbacks):
    settings.ENGINE_VERSION_CHECK_SECONDS = 0
    assert answers.answer("what is a wen?").no_answer  # a word the pages never use
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(phrase="wen", condition=Condition.objects.get(slug="epidermoid-cyst"))
    result = answers.answer("what is a wen?")
    assert result.answers[0].page.slug == "epidermoid-cyst"


def test_it_leans_towards_the_page_the_question_is_asked_on():
    result = answers.answer("how is it treated?", ("condition", "lipoma"))
    assert places(result)[0] == ("condition", "lipoma", "treatment")


def test_it_never_quotes_an_unpublished_page_once_the_content_version_changes(
        settings, django_capture_on_commit_callbacks):
    settings.ENGINE_VERSION_CHECK_SECONDS = 0
    assert "lipoma" in {p.page.slug for p in answers.answer("can a lipoma turn into cancer?").answers}
    with django_capture_on_commit_callbacks(execute=True):
        Condition.objects.get(slug="lipoma").unpublish(by=editor())
    result = answers.answer("can a lipoma turn into cancer?")
    assert "lipoma" not in {p.page.slug for p in result.answers}
    assert not answers.index().has_page("condition", "lipoma")


def test_it_keeps_its_index_between_version_checks(settings, django_capture_on_commit_callbacks):
    settings.ENGINE_VERSION_CHECK_SECONDS = 3600
    before = answers.index()
    with django_capture_on_commit_callbacks(execute=True):
        Condition.objects.get(slug="lipoma").unpublish(by=editor())
    assert answers.index() is before


def test_it_searches_without_a_database_query_once_built(django_assert_num_queries):
    answers.index()
    with django_assert_num_queries(0):
        assert answers.search("can a lipoma turn into cancer?")


def test_it_has_no_emergency_in_a_plain_question():
    assert answers.answer("can a lipoma turn into cancer?").emergency is None


def test_it_gives_emergency_advice_when_the_question_describes_an_emergency(
        settings, django_capture_on_commit_callbacks):
    settings.ENGINE_VERSION_CHECK_SECONDS = 0
    # The lay phrases the free-text reader knows these red flags by (the shipped list may word them otherwise).
    with django_capture_on_commit_callbacks(execute=True):
        for phrase, slug in [("can't feel anything when I wipe", "saddle-numbness"),
                             ("wet myself", "bladder-control-loss")]:
            Synonym.objects.get_or_create(phrase=phrase, symptom=Symptom.objects.get(slug=slug))
    result = answers.answer("I can't feel anything when I wipe and I've wet myself, my back hurts. is that normal?")
    assert result.emergency is not None
    assert result.emergency.level == "emergency"
    assert set(result.emergency.flags) == {"saddle-numbness", "bladder-control-loss"}
    assert settings.EMERGENCY_NUMBER in result.emergency.message


# Lay words and question forms (backend/language/lay_words.py): what people type is not what the pages say.

def test_it_reads_catching_as_contagious_on_the_page_it_is_asked_on():
    # The shingles page says "You cannot catch shingles from someone"; other pages say "It is not contagious".
    best = answers.answer("is it contagious?", ("condition", "shingles")).answers[0]
    assert (best.page.slug, best.section) == ("shingles", "what-it-is")
    assert "catch" in best.quote


def test_a_pronoun_question_on_a_page_quotes_only_passages_about_that_page_s_subject():
    result = answers.answer("can i pop it?", ("condition", "boil"))
    assert places(result)[0] == ("condition", "boil", "self-care")
    # Other pages' "do not pop the blisters" (shingles) is not about a boil.
    assert all(p.page.slug == "boil" or "boil" in p.quote.lower() for p in result.answers)


def test_it_does_not_answer_a_pronoun_question_with_any_sentence_that_merely_names_the_page_s_subject():
    # "it" stands for the dermatofibroma, but a sentence must still say something about being serious.
    for passage in answers.answer("is it serious?", ("condition", "dermatofibroma")).answers:
        assert "harmless" in passage.quote or "serious" in passage.quote


def test_it_reads_a_lay_word_the_pages_do_not_use():
    result = answers.answer("is there a jab to stop you getting shingles")
    assert any("vaccine" in p.quote for p in result.answers)
    assert ("condition", "shingles", "treatment") in places(result)


def test_it_reads_an_everyday_phrase_as_the_page_s_word():
    # "taken off" → removed: "Moles are not usually removed on the NHS just because of how they look".
    result = answers.answer("can i get a mole taken off just because i dont like how it looks", ("condition", "mole"))
    assert any(p.section == "treatment" and "removed" in p.quote for p in result.answers)


def test_how_long_is_answered_by_a_passage_that_gives_a_time():
    best = answers.answer("how long do i need antibiotics for a kidney infection").answers[0]
    assert (best.page.slug, best.section) == ("kidney-infection", "treatment")
    assert "days" in best.quote


def test_a_can_i_question_is_answered_from_what_you_can_do_yourself():
    result = answers.answer("can i shave over folliculitis", ("condition", "folliculitis"))
    assert any(p.section == "self-care" and "shave" in p.quote for p in result.answers)


def test_a_question_that_asks_how_they_check_is_answered_from_the_diagnosis():
    best = answers.answer("how do they check for a kidney stone", ("condition", "kidney-stone")).answers[0]
    assert (best.page.slug, best.section) == ("kidney-stone", "diagnosis")


def test_lay_words_do_not_make_it_answer_what_the_site_does_not_cover():
    for question in ["is there a jab for flu", "can i catch a cold from my cat", "how long is the flight to spain",
                     "how long do tattoos take to heal"]:
        assert answers.answer(question).no_answer, question
