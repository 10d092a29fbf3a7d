"""Automatic flags find contact details, links and listed words, and leave ordinary stories alone."""

import time

import pytest
from django.conf import settings

from backend.stories.flags import find_flags, flag_kinds
from backend.stories.text import STORY_MAX


def kinds(text: str, words=()) -> set[str]:
    return {flag.kind for flag in find_flags(text, words)}


@pytest.mark.parametrize("text", [
    "write to sam.jones@example.org", "mail me: k_p+back@mail.co.uk", "john [at] gmail [dot] com",
])
def test_it_flags_an_email_address(text):
    assert kinds(text) == {"email"}


@pytest.mark.parametrize("text", [
    "call me on 0412 345 678", "my number is +1 (555) 123-4567", "ring 020-7946-0958",
    "नंबर ९८७६५४३२१० पर फ़ोन करें",  # Devanagari digits
    "اتصل بي ٠٥٥١٢٣٤٥٦٧",  # Arabic-Indic digits
])
def test_it_flags_a_phone_number_in_any_script(text):
    assert kinds(text) == {"phone"}


@pytest.mark.parametrize("text", [
    "see https://example.com/cure", "look at www.backpain.example", "it is on lumpdoctor.com/page",
])
def test_it_flags_a_link(text):
    assert kinds(text) == {"url"}


def test_it_flags_listed_words_whole_and_in_any_case():
    assert kinds("This MIRACLE cream fixed it", ["miracle"]) == {"word"}
    assert kinds("Stop taking the antibiotics early", ["stop taking"]) == {"word"}
    assert kinds("A miraculous recovery", ["miracle"]) == set()


@pytest.mark.parametrize("text", [
    "It started on 2024-02-16 and hurt for 3 weeks.", "I was 45 when it began, between 2019 - 2021.",
    "The lump was 2 cm wide and I took 400 mg ibuprofen.", "मेरी पीठ पर एक गांठ हो गई है । लगभग 2 वर्ष",
])
def test_it_leaves_dates_measurements_and_ordinary_text_alone(text):
    assert kinds(text) == set()


def test_it_reports_where_each_flag_is_and_the_kinds_in_a_fixed_order():
    text = "call 0412 345 678 or mail a@b.org"
    flags = find_flags(text, [])
    assert [(f.kind, text[f.start:f.end]) for f in flags] == [("phone", "0412 345 678"), ("email", "a@b.org")]
    assert flag_kinds(flags) == "email,phone"


@pytest.mark.parametrize("text, words, kind, marked", [
    ("message me on what\u200bsapp", ["whatsapp"], "word", "what\u200bsapp"),  # zero-width space
    ("message me on wh\u0430tsapp", ["whatsapp"], "word", "wh\u0430tsapp"),  # Cyrillic а
    ("find me on wh\u0430ts\u0430\u0440\u0440 today", ["whatsapp"], "word", "wh\u0430ts\u0430\u0440\u0440"),  # а, р
    ("buy bitc\u043ein here", ["bitcoin"], "word", "bitc\u043ein"),  # Cyrillic о
    ("write to sam.jo\u200dnes@example.org", [], "email", "sam.jo\u200dnes@example.org"),  # zero-width joiner
    ("write to sam@gm\u0430il.com", [], "email", "sam@gm\u0430il.com"),
    ("write to sam\uff20example\uff0eorg", [], "email", "sam\uff20example\uff0eorg"),  # fullwidth @ and .
    ("call 0412\u200b345\u200b678", [], "phone", "0412\u200b345\u200b678"),
    ("call 0\u200b4\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8 now", [], "phone",
     "0\u200b4\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8"),
    ("call \uff10\uff14\uff11\uff12 \uff13\uff14\uff15 \uff16\uff17\uff18", [], "phone",
     "\uff10\uff14\uff11\uff12 \uff13\uff14\uff15 \uff16\uff17\uff18"),  # fullwidth digits
    ("it is on lump\u00addoctor.com/page", [], "url", "lump\u00addoctor.com/page"),  # soft hyphen
    ("it is on lumpdoctor.c\u00adom", [], "url", "lumpdoctor.c\u00adom"),
    ("it is on lumpdoctor\u2024c\u043em", [], "url", "lumpdoctor\u2024c\u043em"),  # one dot leader, Cyrillic о
])
def test_it_sees_through_invisible_and_look_alike_characters_and_marks_what_was_written(text, words, kind, marked):
    assert [(flag.kind, text[flag.start:flag.end], flag.text) for flag in find_flags(text, words)] == [
        (kind, marked, marked)]


@pytest.mark.parametrize("text", [
    "Спина болит уже третий день. Врач сказал, что это мышцы, и посоветовал отдыхать и ходить.",
    "Ο πόνος στη μέση κράτησε τρεις εβδομάδες. Ο γιατρός μου είπε να περπατάω κάθε μέρα.",
    "ظهري يؤلمني منذ ثلاثة أسابيع، وقال الطبيب إنها عضلات مشدودة.",
    "मेरी पीठ में तीन हफ़्ते से दर्द है। डॉक्टर ने आराम करने को कहा।",
    "Ich hatte 2019 einen Bandscheibenvorfall; die Ärztin empfahl Physiotherapie.",
])
def test_it_leaves_ordinary_text_in_other_scripts_alone(text):
    assert find_flags(text, settings.STORY_FLAG_WORDS) == []


def test_it_flags_listed_words_written_in_another_script():
    assert kinds("Купите чудо-лекарство здесь", ["лекарство"]) == {"word"}


# A story has at most STORY_MAX characters; these shapes made the old patterns try again at every position
# (about a second each). Linear patterns take a few milliseconds, so 50 ms leaves a loaded CI machine plenty
# of room while a quadratic blow-up (seconds) still fails.
ADVERSARIAL = {
    "a.": "a." * (STORY_MAX // 2), "a-": "a-" * (STORY_MAX // 2), "1 ": "1 " * (STORY_MAX // 2),
    "a@": "a@" * (STORY_MAX // 2), "1.": "1." * (STORY_MAX // 2), "-a": "-a" * (STORY_MAX // 2),
    ".-": ".-" * (STORY_MAX // 2), "a-.": "a-." * (STORY_MAX // 3), "a..-": "a..-" * (STORY_MAX // 4),
    "dots": "." * STORY_MAX, "letters": "a" * STORY_MAX, "digits": "1" * STORY_MAX,
    "a.com": "a.com" * (STORY_MAX // 5), "a@a.co ": "a@a.co " * (STORY_MAX // 7),
    "(at)": "a (at) b" + " " * (STORY_MAX - 8), "look-alikes": "\u0430." * (STORY_MAX // 2),
    "zero-width": "a\u200b." * (STORY_MAX // 3),
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_it_flags_a_crafted_full_length_story_in_milliseconds(text):
    def seconds() -> float:
        start = time.perf_counter()
        find_flags(text, settings.STORY_FLAG_WORDS)
        return time.perf_counter() - start

    assert min(seconds() for _ in range(3)) < 0.05


@pytest.mark.django_db
def test_it_flags_stories_submitted_before_the_flags_saw_through_hidden_characters():
    from importlib import import_module

    from django.apps import apps

    from backend.stories.models import Story
    from tests.stories.factories import StoryFactory

    story = StoryFactory(text="Message me on what\u200bsapp for the cream that cured my lump in a week. " * 2)
    Story.objects.filter(pk=story.pk).update(flags="")  # as the old patterns left it
    import_module("backend.stories.migrations.0004_recompute_flags").recompute_flags(apps, None)
    assert "word" in Story.objects.get(pk=story.pk).flags
