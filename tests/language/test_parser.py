"""The free-text reader on the way people really write: each test gives the reader a few phrases of its
own, so it checks the reading (context, typos, spellings, offsets), not the shipped synonym lists."""

import pytest

from backend.language import parser
from backend.language.pipeline import pipeline
from backend.quiz.loader import knowledge_base

pytestmark = pytest.mark.django_db

PHRASES = {
    "fever": ["fever", "high temperature"],
    "recent-trauma": ["fall", "fell over"],
    "saddle-numbness": ["can't feel when i wipe", "numb bum"],
    "bladder-control-loss": ["wet myself", "can't pee"],
    "family-melanoma": ["melanoma"],
    "cancer-history": ["cancer"],
    "blisters": ["blister"],
    "colour-bruise": ["purple colour"],
    "itching": ["itchy"],
    "duration-days": ["# days", "since yesterday"],
    "pain-between-shoulders": ["between the shoulder blades"],
}


@pytest.fixture
def read():
    reader = parser.Reader(knowledge_base(), PHRASES, pipeline())

    def read(text: str, topic: str = "back-lump", **options) -> dict[str, str]:
        parsed = reader.parse(topic, text, **options)
        for mention in parsed.mentions:
            assert text[mention.start:mention.end] == mention.orth
        return parsed

    return read


def said(parsed) -> dict[str, str]:
    return parsed.evidence()


def test_negation_in_plain_and_lay_writing(read):
    assert said(read("A painful lump for 3 days, no fever.")) == {"duration-days": "present", "fever": "absent"}
    assert said(read("I haven't had a fever or a fall.", "back-burning")) == {"fever": "absent",
                                                                            "recent-trauma": "absent"}
    assert said(read("i havent had a feaver")) == {"fever": "absent"}
    assert said(read("i dont have a high temperature")) == {"fever": "absent"}


def test_a_negated_mention_reads_with_its_negation_and_exact_offsets(read):
    text = "burning between my shoulder blades, no fever"
    mentions = read(text, "back-burning").mentions
    assert [(m.id, m.choice, m.orth) for m in mentions] == [
        ("pain-between-shoulders", "present", "between my shoulder blades"), ("fever", "absent", "no fever")]
    assert (mentions[0].start, mentions[0].end) == (8, 34)


def test_a_clause_ends_the_negation_so_a_red_flag_after_it_stays_present(read):
    parsed = read("no fever, can't feel when I wipe")
    assert said(parsed) == {"fever": "absent", "saddle-numbness": "present"}
    assert parsed.emergency
    assert said(read("I can't feel anything when I wipe and I've wet myself, is that normal?")) == {
        "saddle-numbness": "present", "bladder-control-loss": "present"}


def test_someone_else_is_not_the_person(read):
    assert said(read("my husband has a fever")) == {}
    assert said(read("My dad had melanoma.")) == {"family-melanoma": "present"}  # the topic asks exactly that
    assert said(read("my son has a fever", for_someone_else=True)) == {"fever": "present"}


def test_fears_and_questions_are_not_mentions(read):
    assert said(read("could it be cancer?")) == {}
    assert said(read("im worried its cancer")) == {}
    assert said(read("i'm worried because i can't pee")) == {"bladder-control-loss": "present"}


def test_past_and_gone_is_not_a_mention_unless_it_is_a_history(read):
    assert said(read("had a fever last year but its gone")) == {}
    assert said(read("I had cancer 5 years ago")) == {"cancer-history": "present"}


def test_inflections_spellings_typos_punctuation_and_emoji(read):
    assert said(read("BLISTERS!!! 😩 and sooo itchy")) == {"blisters": "present", "itching": "present"}
    assert said(read("it went a purple color")) == {"colour-bruise": "present"}
    assert said(read("since yesterday. no feverr")) == {"duration-days": "present", "fever": "absent"}


def test_each_finding_once_in_text_order_and_present_wins(read):
    parsed = read("no fever at first, fever since yesterday, fever again")
    assert [(m.id, m.choice) for m in parsed.mentions] == [("fever", "present"), ("duration-days", "present")]


def test_a_finding_of_the_other_sex_is_not_read(read):
    reader = parser.Reader(knowledge_base(), {"pregnancy": ["pregnant"]}, pipeline())
    assert said(reader.parse("back-lump", "i am pregnant", sex="male")) == {}
    assert said(reader.parse("back-lump", "i am pregnant", sex="female")) == {"pregnancy": "present"}


def test_the_shipped_synonyms_are_read_and_rebuilt_after_an_edit(django_capture_on_commit_callbacks):
    from backend.knowledge.models import Symptom, Synonym
    from backend.quiz import loader

    assert "fever" in parser.parse("back-lump", "feaver").evidence()
    assert parser.parse("back-lump", "I see zigzag lights").evidence() == {}
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's save commits
        Synonym.objects.create(phrase="zigzag lights", symptom=Symptom.objects.get(slug="fever"))
    loader.reset()  # no waiting for the next version check
    assert parser.parse("back-lump", "I see zigzag lights").evidence() == {"fever": "present"}
