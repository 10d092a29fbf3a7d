"""Automatic flags find contact details, links and listed words, and leave ordinary stories alone."""

import pytest

from backend.stories.flags import find_flags, flag_kinds


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
