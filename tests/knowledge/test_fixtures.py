"""The shipped medical content: complete, consistent, loadable, and honest about its review."""

import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from backend.knowledge.icd import check_code
from backend.knowledge.models import (
    FAQ,
    Condition,
    Kind,
    Level,
    Likelihood,
    QuestionGroup,
    Status,
    Symptom,
    Topic,
)
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

# Every condition or cause the two seed articles name, plus the ones a clinician must not miss.
NAMED_CONDITIONS = {
    "skin-abscess", "severe-skin-abscess", "pimple", "lipoma", "dermatofibroma", "boil", "carbuncle",
    "epidermoid-cyst", "folliculitis", "eczema", "back-bruise", "cauda-equina-syndrome", "melanoma",
    "soft-tissue-sarcoma", "minor-burn", "severe-burn", "chemical-burn", "electrical-burn", "radiation-burn",
    "sunburn", "degenerative-disc-disease", "herniated-disc", "muscle-strain", "spinal-cord-injury",
    "spinal-tumour", "panic-attack", "multiple-sclerosis", "rheumatoid-arthritis", "shingles",
    "transverse-myelitis", "vitamin-d-deficiency", "covid-19", "spinal-epidural-abscess", "kidney-infection",
    "encephalitis",
}
REQUIRED_RISK_FACTORS = [
    "diabetes", "immun", "cancer", "drug", "spinal", "trauma|fall|injur", "pregnan", "sun", "chemical|heat",
    "infection",
]
EMERGENCY_LEVELS = {Level.EMERGENCY, Level.EMERGENCY_AMBULANCE}


def test_it_ships_both_topics_published():
    assert set(Topic.objects.published().values_list("slug", flat=True)) == {"back-lump", "back-burning"}


def test_it_ships_every_condition_the_articles_name():
    slugs = set(Condition.objects.published().values_list("slug", flat=True))
    assert NAMED_CONDITIONS <= slugs, NAMED_CONDITIONS - slugs
    assert len(slugs) >= 30


def test_it_ships_at_least_eighty_findings():
    assert Symptom.objects.count() >= 80


def test_it_links_every_condition_to_at_least_five_findings():
    thin = Condition.objects.annotate(n=Count("likelihoods")).filter(n__lt=5).values_list("slug", flat=True)
    assert list(thin) == []


def test_it_gives_every_condition_a_valid_icd10cm_code():
    problems = {}
    for slug, code in Condition.objects.values_list("slug", "icd10"):
        try:
            check_code(code)
        except Exception as error:  # noqa: BLE001 - collect every bad code in one report
            problems[slug] = f"{code}: {error}"
    assert problems == {}


def test_it_puts_every_condition_in_a_topic_with_findings_it_can_ask():
    for condition in Condition.objects.prefetch_related("topics", "likelihoods__symptom__topics"):
        topics = set(condition.topics.values_list("slug", flat=True))
        assert topics, condition.slug
        for topic in topics:
            askable = [link for link in condition.likelihoods.all()
                       if topic in {t.slug for t in link.symptom.topics.all()}]
            assert len(askable) >= 3, (condition.slug, topic)


def test_it_gives_every_red_flag_a_care_level_and_every_topic_an_emergency_flag():
    for topic in Topic.objects.all():
        flags = topic.symptoms.filter(kind=Kind.RED_FLAG)
        assert flags.count() >= 4, topic.slug
        assert all(flag.min_level for flag in flags)
        assert any(flag.min_level in EMERGENCY_LEVELS for flag in flags), topic.slug
        assert any(flag.min_level not in EMERGENCY_LEVELS for flag in Symptom.objects.exclude(min_level="")), \
            "not every forced level should be an emergency"


def test_it_covers_the_risk_factors_the_design_names():
    import re

    names = [f"{s.slug} {s.name}".lower() for s in Symptom.objects.filter(kind=Kind.RISK_FACTOR)]
    missing = [pattern for pattern in REQUIRED_RISK_FACTORS if not any(re.search(pattern, n) for n in names)]
    assert missing == []


def test_it_keeps_likelihoods_within_bounds_and_consistent_with_always_and_never():
    for link in Likelihood.objects.all():
        assert 0 < link.probability < 1, link
        link.clean()


def test_it_only_links_findings_asked_in_one_of_the_conditions_topics():
    # Four queries, not two for each of 1,658 links (7 s).
    for link in Likelihood.objects.select_related("condition", "symptom").prefetch_related("condition__topics",
                                                                                          "symptom__topics"):
        condition_topics = {topic.pk for topic in link.condition.topics.all()}
        assert condition_topics & {topic.pk for topic in link.symptom.topics.all()}, str(link)


def test_it_fills_every_condition_card():
    for condition in Condition.objects.all():
        for field in ("summary", "description", "diagnosis", "treatment", "self_care", "when_to_seek_help"):
            assert getattr(condition, field).strip(), (condition.slug, field)
        assert condition.sources.exists(), condition.slug


def test_it_gives_every_group_at_least_two_findings():
    for group in QuestionGroup.objects.annotate(n=Count("symptoms")):
        assert group.n >= 2, group.slug


def test_it_ships_the_articles_faqs_and_doctor_questions():
    for topic in Topic.objects.all():
        assert topic.faqs.count() >= 5, topic.slug
        assert len(topic.doctor_question_list()) >= 4, topic.slug
        assert topic.sources.count() >= 2, topic.slug


def test_it_never_credits_the_seed_articles_reviewers():
    text = "\n".join(open(path, encoding="utf-8").read() for path in FIXTURES)
    for name in ("Rothschild", "Angela", "Bell, MD", "FACP"):
        assert name not in text


def test_it_ships_content_as_awaiting_clinical_review():
    assert not Topic.objects.filter(reviewed_by__isnull=False).exists()
    assert not Condition.objects.filter(reviewed_by__isnull=False).exists()
    assert all(t.written_by.lower().startswith("the backcheck team") for t in Topic.objects.all())


def test_every_fixture_record_is_in_the_test_database_it_was_loaded_into():
    # The test database started empty and had the fixtures loaded once for the session (conftest):
    # every record is there, and loading them again (the next test) takes a long 20 seconds.
    from backend.knowledge.models import TriageRule

    expected = Counter()
    for path in FIXTURES:
        for record in json.load(open(path, encoding="utf-8")):
            expected[record["model"]] += 1
    assert Condition.objects.count() == expected["knowledge.condition"]
    assert Symptom.objects.count() == expected["knowledge.symptom"]
    assert Likelihood.objects.count() == expected["knowledge.likelihood"]
    assert FAQ.objects.count() == expected["knowledge.faq"]
    assert TriageRule.objects.count() == expected["knowledge.triagerule"] > 0


def test_it_loads_the_fixtures_twice_without_duplicates(django_capture_on_commit_callbacks):
    from backend.knowledge.signals import HISTORY_MODELS

    def counts():
        return (Condition.objects.count(), Symptom.objects.count(), Likelihood.objects.count(), FAQ.objects.count(),
                sum(model.history.count() for model in HISTORY_MODELS))

    before = counts()
    with django_capture_on_commit_callbacks(execute=True):  # a load records its history when it commits
        call_command("loaddata", *FIXTURES, verbosity=0)
    after = counts()
    assert before == after  # nor a second history entry for content that did not change
    assert Condition.objects.filter(status=Status.PUBLISHED).count() == before[0]
