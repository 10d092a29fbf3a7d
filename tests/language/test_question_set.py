"""Shape checks for the independent question set used to evaluate POST /api/v1/answers/.

Plain pytest, no database: the set and the fixtures are read as JSON. These tests check the set
itself (counts, types, pages and sections that exist and have text, emergency levels that match
the red flags), not the answers the site gives.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.json"

TYPES = {"answerable", "emergency", "out_of_scope"}
EMERGENCY_LEVELS = {"emergency", "emergency_ambulance"}
LEVEL_RANK = {"emergency": 1, "emergency_ambulance": 2}
SECTION_IDS = {
    "what-it-is", "causes", "symptoms", "diagnosis", "treatment", "self-care",
    "when-to-get-help", "prevention", "doctor-questions", "faq", "emergency-signs",
}
MINIMUMS = {"answerable": 75, "emergency": 15, "out_of_scope": 25}
MIN_TOTAL = 120
MAX_EXPECT = 4

# Which fixture fields make up each section of a page (DESIGN.md, "Ask about this site").
TOPIC_SECTION_FIELDS = {
    "what-it-is": ["overview"],
    "symptoms": ["characteristics", "accompanying_symptoms"],
    "causes": ["causes"],
    "treatment": ["treatment_medical", "treatment_otc"],
    "self-care": ["treatment_home"],
    "when-to-get-help": ["when_to_see_doctor"],
    "emergency-signs": ["emergency_signs"],
    "prevention": ["prevention"],
    "doctor-questions": ["doctor_questions"],
}
CONDITION_SECTION_FIELDS = {
    "what-it-is": ["summary", "description"],
    "causes": ["causes"],
    "diagnosis": ["diagnosis"],
    "treatment": ["treatment"],
    "self-care": ["self_care"],
    "when-to-get-help": ["when_to_seek_help"],
}


def _load(name):
    with open(FIXTURES / name, encoding="utf-8") as f:
        return json.load(f)


def _fk(value):
    """A natural-key foreign key in the fixtures is a one-item list: ["back-lump"]."""
    return value[0] if isinstance(value, list) else value


def _build_pages():
    """{(kind, slug): {section id: text}} from the fixtures, only sections with text."""
    pages = {}
    for row in _load("02_topics.json"):
        fields = row["fields"]
        if row["model"] == "knowledge.topic":
            sections = {
                sid: "\n\n".join(fields.get(f) or "" for f in names).strip()
                for sid, names in TOPIC_SECTION_FIELDS.items()
            }
            pages.setdefault(("topic", fields["slug"]), {}).update(sections)
    for row in _load("02_topics.json"):
        if row["model"] == "knowledge.faq":
            fields = row["fields"]
            page = pages.setdefault(("topic", _fk(fields["topic"])), {})
            text = f"{fields.get('question') or ''}\n{fields.get('answer') or ''}".strip()
            page["faq"] = (page.get("faq", "") + "\n\n" + text).strip()
    for row in _load("04_conditions.json"):
        fields = row["fields"]
        sections = {
            sid: "\n\n".join(fields.get(f) or "" for f in names).strip()
            for sid, names in CONDITION_SECTION_FIELDS.items()
        }
        pages[("condition", fields["slug"])] = sections
    for row in _load("05_likelihoods.json"):
        fields = row["fields"]
        if fields.get("is_top"):
            key = ("condition", _fk(fields["condition"]))
            if key in pages:
                pages[key]["symptoms"] = (pages[key].get("symptoms", "") + " " + _fk(fields["symptom"])).strip()
    return {key: {sid: text for sid, text in secs.items() if text} for key, secs in pages.items()}


def _red_flags():
    """{slug: (min_level, set of topic slugs)} for the red-flag findings."""
    flags = {}
    for row in _load("03_symptoms.json"):
        fields = row["fields"]
        if row["model"] == "knowledge.symptom" and fields.get("kind") == "red_flag":
            flags[fields["slug"]] = (fields.get("min_level"), {_fk(t) for t in fields.get("topics") or []})
    return flags


PAGES = _build_pages()
RED_FLAGS = _red_flags()
with open(QUESTIONS_FILE, encoding="utf-8") as _f:
    QUESTIONS = json.load(_f)


def _label(item):
    return item.get("question", "?")[:60]


def test_fixtures_are_what_the_set_was_written_against():
    assert ("topic", "back-lump") in PAGES and ("topic", "back-burning") in PAGES
    assert len([k for k in PAGES if k[0] == "condition"]) == 85
    assert RED_FLAGS, "no red flags found in fixtures/03_symptoms.json"


def test_set_is_a_list_of_enough_questions():
    assert isinstance(QUESTIONS, list)
    assert len(QUESTIONS) >= MIN_TOTAL


def test_counts_per_type():
    counts = Counter(item.get("type") for item in QUESTIONS)
    for qtype, minimum in MINIMUMS.items():
        assert counts[qtype] >= minimum, f"{qtype}: {counts[qtype]} < {minimum}"


@pytest.mark.parametrize("item", QUESTIONS, ids=_label)
def test_item_shape(item):
    assert isinstance(item, dict)
    assert {"question", "page", "type", "expect"} <= set(item)
    allowed = {"question", "page", "type", "expect", "level", "flags"}
    assert set(item) <= allowed, f"unexpected keys {set(item) - allowed}"
    question = item["question"]
    assert isinstance(question, str) and question.strip() == question
    assert 1 <= len(question) <= 500
    assert item["type"] in TYPES
    assert isinstance(item["expect"], list) and len(item["expect"]) <= MAX_EXPECT
    if item["type"] != "emergency":
        assert "level" not in item and "flags" not in item


@pytest.mark.parametrize("item", QUESTIONS, ids=_label)
def test_page_asked_on_exists(item):
    page = item["page"]
    if page is None:
        return
    assert set(page) == {"kind", "slug"}
    assert (page["kind"], page["slug"]) in PAGES, f"unknown page {page}"


@pytest.mark.parametrize("item", QUESTIONS, ids=_label)
def test_expected_sections_exist_and_have_text(item):
    seen = set()
    for hit in item["expect"]:
        assert set(hit) == {"kind", "slug", "section"}
        assert hit["section"] in SECTION_IDS, f"bad section id {hit['section']}"
        key = (hit["kind"], hit["slug"])
        assert key in PAGES, f"unknown page {key}"
        assert PAGES[key].get(hit["section"]), f"{key} has no text in section {hit['section']}"
        ident = (hit["kind"], hit["slug"], hit["section"])
        assert ident not in seen, f"duplicate expected section {ident}"
        seen.add(ident)


@pytest.mark.parametrize("item", [q for q in QUESTIONS if q["type"] == "answerable"], ids=_label)
def test_answerable_names_at_least_one_section(item):
    assert item["expect"], "an answerable question must name the section(s) that answer it"


@pytest.mark.parametrize("item", [q for q in QUESTIONS if q["type"] == "out_of_scope"], ids=_label)
def test_out_of_scope_expects_nothing(item):
    assert item["expect"] == []


@pytest.mark.parametrize("item", [q for q in QUESTIONS if q["type"] == "emergency"], ids=_label)
def test_emergency_level_matches_its_red_flags(item):
    assert item.get("level") in EMERGENCY_LEVELS
    flags = item.get("flags", [])
    assert isinstance(flags, list)
    for slug in flags:
        assert slug in RED_FLAGS, f"unknown red flag {slug}"
        assert RED_FLAGS[slug][0] in EMERGENCY_LEVELS, f"{slug} is not an emergency red flag"
    if flags:
        most_urgent = max((RED_FLAGS[s][0] for s in flags), key=LEVEL_RANK.__getitem__)
        assert item["level"] == most_urgent
        page = item["page"]
        if page is not None and page["kind"] == "topic":
            for slug in flags:
                assert page["slug"] in RED_FLAGS[slug][1], f"{slug} is not a red flag of {page['slug']}"


def test_questions_are_unique():
    normalised = Counter(" ".join(q["question"].lower().split()) for q in QUESTIONS)
    dupes = [q for q, n in normalised.items() if n > 1]
    assert not dupes, dupes


def test_pages_are_mixed():
    kinds = Counter(None if q["page"] is None else q["page"]["kind"] for q in QUESTIONS)
    assert kinds[None] and kinds["topic"] and kinds["condition"]
    for qtype in TYPES:
        typed = [q for q in QUESTIONS if q["type"] == qtype]
        assert any(q["page"] is None for q in typed), f"no {qtype} question asked from the search page"
        assert any(q["page"] is not None for q in typed), f"no {qtype} question asked on a page"
