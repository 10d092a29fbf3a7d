"""The shape of the free-text evaluation sets: tests/language/descriptions.json (what people type,
with the findings a clinician would code from it) and the "description" of every clinical
vignette. These sets were written from the finding definitions and the references, not from the
reader's synonym lists, so the reader is judged on text it was not tuned to. No database needed:
the findings are read straight from the fixture file."""

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESCRIPTIONS = Path(__file__).with_name("descriptions.json")
VIGNETTES = ROOT / "tests" / "clinical" / "vignettes.json"
SYMPTOMS = ROOT / "fixtures" / "03_symptoms.json"

TOPICS = ("back-lump", "back-burning")
TAGS = {"typo", "slang", "negation", "family", "hypothetical", "past", "run-on", "emoji", "spelling",
        "red-flag", "plain"}
EMERGENCY_LEVELS = {"emergency", "emergency_ambulance"}
TAG_MINIMUMS = {"negation": 25, "family": 15, "hypothetical": 15, "past": 10, "typo": 25, "run-on": 15,
                "emoji": 10}


def _topics(fields: dict) -> set[str]:
    # Natural keys in the fixture: each topic is a one-item list ["back-lump"].
    return {t[0] if isinstance(t, list) else t for t in fields["topics"]}


@pytest.fixture(scope="module")
def findings() -> dict[str, dict]:
    rows = json.loads(SYMPTOMS.read_text(encoding="utf-8"))
    return {row["fields"]["slug"]: {**row["fields"], "topic_set": _topics(row["fields"])}
            for row in rows if row["model"] == "knowledge.symptom"}


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return json.loads(DESCRIPTIONS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def vignettes() -> list[dict]:
    return json.loads(VIGNETTES.read_text(encoding="utf-8"))


def red_flags(findings: dict, topic: str) -> set[str]:
    return {slug for slug, f in findings.items()
            if topic in f["topic_set"] and (f["kind"] == "red_flag" or f["min_level"] in EMERGENCY_LEVELS)}


def present(case: dict) -> set[str]:
    return {m["id"] for m in case["mentions"] if m["choice"] == "present"}


def test_there_are_at_least_200_descriptions_and_100_per_topic(cases):
    assert len(cases) >= 200
    per_topic = Counter(case["topic"] for case in cases)
    assert set(per_topic) == set(TOPICS)
    for topic in TOPICS:
        assert per_topic[topic] >= 100, per_topic


def test_every_case_is_well_formed(cases):
    for case in cases:
        assert set(case) == {"topic", "text", "mentions", "not_present", "tags"}, case
        assert case["text"].strip(), case
        assert case["tags"] and set(case["tags"]) <= TAGS, case
        for mention in case["mentions"]:
            assert set(mention) == {"id", "choice"}, case
            assert mention["choice"] in {"present", "absent"}, case


def test_every_id_exists_and_belongs_to_the_case_topic(cases, findings):
    for case in cases:
        for slug in [m["id"] for m in case["mentions"]] + case["not_present"]:
            assert slug in findings, (slug, case["text"])
            assert case["topic"] in findings[slug]["topic_set"], (slug, case["topic"], case["text"])


def test_no_id_is_coded_twice_in_a_case(cases):
    for case in cases:
        ids = [m["id"] for m in case["mentions"]]
        assert len(ids) == len(set(ids)), case["text"]
        assert len(case["not_present"]) == len(set(case["not_present"])), case["text"]


def test_nothing_is_both_present_and_not_present(cases):
    for case in cases:
        assert not present(case) & set(case["not_present"]), case["text"]


def test_every_negated_mention_is_also_listed_as_not_present(cases):
    for case in cases:
        absent = {m["id"] for m in case["mentions"] if m["choice"] == "absent"}
        assert absent <= set(case["not_present"]), case["text"]


def test_every_red_flag_is_said_as_present_at_least_twice_in_different_words(cases, findings):
    for topic in TOPICS:
        for flag in red_flags(findings, topic):
            texts = [case["text"] for case in cases if case["topic"] == topic and flag in present(case)]
            assert len(texts) >= 2, (topic, flag)
            assert len(set(texts)) == len(texts), (topic, flag)
            question = findings[flag]["question"].lower().rstrip("?")
            assert all(question not in text.lower() for text in texts), (topic, flag)


def test_the_hard_cases_are_well_represented(cases):
    tags = Counter(tag for case in cases for tag in case["tags"])
    for tag, minimum in TAG_MINIMUMS.items():
        assert tags[tag] >= minimum, (tag, tags[tag])


def test_at_least_30_cases_mention_nothing_urgent(cases, findings):
    calm = [case for case in cases if not (
        {m["id"] for m in case["mentions"]} | set(case["not_present"])) & red_flags(findings, case["topic"])]
    assert len(calm) >= 30


def test_every_vignette_has_a_description(vignettes):
    assert len(vignettes) >= 100
    for vignette in vignettes:
        assert isinstance(vignette.get("description"), str) and vignette["description"].strip(), vignette["id"]
