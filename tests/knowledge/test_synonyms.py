"""The shipped lay synonyms: every finding and condition can be recognised in a patient's own words,
and no phrase is ambiguous between two findings the same topic asks about."""

from collections import defaultdict

import pytest
from django.db.models import Count, Q

from backend.knowledge.models import Condition, Kind, Level, Symptom, Synonym

pytestmark = pytest.mark.django_db

MIN_PER_FINDING = 3
MIN_PER_RED_FLAG = 5
MIN_PER_CONDITION = 2
URGENT = Q(kind=Kind.RED_FLAG) | Q(min_level__in=[Level.EMERGENCY, Level.EMERGENCY_AMBULANCE])


def too_few(queryset, minimum: int) -> dict[str, int]:
    counted = queryset.annotate(n=Count("synonyms", filter=Q(synonyms__language="en")))
    return {slug: n for slug, n in counted.filter(n__lt=minimum).values_list("slug", "n")}


def test_it_ships_lay_synonyms():
    assert Synonym.objects.filter(language="en").count() >= 3 * Symptom.objects.count()


def test_it_gives_every_finding_at_least_three_lay_phrases():
    assert too_few(Symptom.objects.all(), MIN_PER_FINDING) == {}


def test_it_gives_every_red_flag_at_least_five_lay_phrases():
    assert Symptom.objects.filter(URGENT).exists()
    assert too_few(Symptom.objects.filter(URGENT), MIN_PER_RED_FLAG) == {}


def test_it_gives_every_condition_at_least_two_lay_phrases():
    assert too_few(Condition.objects.all(), MIN_PER_CONDITION) == {}


def test_it_never_points_one_phrase_at_two_findings_of_the_same_topic():
    findings_by_phrase = defaultdict(set)
    for language, phrase, slug in Synonym.objects.filter(symptom__isnull=False).values_list(
            "language", "phrase", "symptom__slug"):
        findings_by_phrase[(language, phrase.casefold())].add(slug)
    topics = defaultdict(set)
    for slug, topic in Symptom.objects.values_list("slug", "topics__slug"):
        topics[slug].add(topic)
    clashes = []
    for (language, phrase), slugs in findings_by_phrase.items():
        ordered = sorted(slugs)
        clashes += [(phrase, a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:] if topics[a] & topics[b]]
    assert clashes == []


def test_it_writes_every_phrase_lowercase_with_single_spaces():
    bad = [phrase for phrase in Synonym.objects.values_list("phrase", flat=True)
           if not phrase.strip() or phrase != " ".join(phrase.lower().split())]
    assert bad == []


def test_it_keeps_negation_out_of_phrases():
    # The reader decides negation itself; a "no" inside a phrase would turn "no numbness" into a match. A finding
    # that is itself a lack is said with the verb's own negation, as people say it ("can't pee", "nothing comes
    # out when I pee"), never by negating another finding's words.
    negations = {"no", "not", "never", "without", "none"}
    bad = [phrase for phrase in Synonym.objects.values_list("phrase", flat=True) if negations & set(phrase.split())]
    assert bad == []


def test_it_includes_the_examples_from_the_issue():
    expected = {
        ("slipped disc", None, "herniated-disc"), ("fatty lump", None, "lipoma"),
        ("sebaceous cyst", None, "epidermoid-cyst"), ("pins and needles", "tingling", None),
        ("can't feel when i wipe", "saddle-numbness", None),
    }
    shipped = set(Synonym.objects.filter(language="en").values_list("phrase", "symptom__slug", "condition__slug"))
    assert expected <= shipped
    assert any("wee" in phrase.split() for phrase in Synonym.objects.values_list("phrase", flat=True))


def test_it_names_the_relative_in_every_family_history_phrase():
    # "Has a parent ... had melanoma?" must not fire on the patient's own "melanoma".
    family = {"family", "mum", "mother", "dad", "father", "sister", "brother", "parent", "son", "daughter"}
    findings = Symptom.objects.filter(name__icontains="family history")
    assert findings.exists()
    bad = [phrase for phrase in Synonym.objects.filter(symptom__in=findings).values_list("phrase", flat=True)
           if not family & set(phrase.split())]
    assert bad == []
