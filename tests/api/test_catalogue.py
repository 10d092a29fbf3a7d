"""The catalogue endpoints list the published content other apps build on."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = {"symptom", "risk_factor", "duration", "red_flag"}


def test_it_lists_the_topics(api):
    status, topics = api.call("/api/v1/topics/")
    assert status == 200
    assert {t["slug"] for t in topics} == {"back-lump", "back-burning"}


@pytest.mark.parametrize("topic", ["back-lump", "back-burning"])
def test_it_lists_a_topics_findings(api, topic):
    status, symptoms = api.call(f"/api/v1/topics/{topic}/symptoms/")
    assert status == 200 and len(symptoms) >= 30
    assert all(s["kind"] in KINDS and s["question"] for s in symptoms)
    assert any(s["group"] for s in symptoms)


def test_it_answers_404_for_an_unknown_topic(api):
    status, answer = api.call("/api/v1/topics/nope/symptoms/")
    assert status == 404
    assert answer["errors"][0]["message"]


def test_it_lists_the_conditions_and_filters_by_topic(api):
    _, everything = api.call("/api/v1/conditions/")
    _, burning = api.call("/api/v1/conditions/?topic=back-burning")
    assert len(everything) >= 30
    assert 0 < len(burning) < len(everything)
    assert all("back-burning" in c["topics"] for c in burning)


def test_it_shows_a_condition_with_its_findings(api):
    status, condition = api.call("/api/v1/conditions/shingles/")
    assert status == 200
    assert condition["icd10"] and condition["urgency"] == "consultation_24"
    assert len(condition["symptoms"]) >= 5
    assert api.call("/api/v1/conditions/nope/")[0] == 404


def test_it_serves_an_openapi_schema_with_every_endpoint(api):
    status, schema = api.call("/api/schema/?format=json")
    assert status == 200 and schema["openapi"].startswith("3.")
    for path in ("/api/v1/assessments/next/", "/api/v1/assessments/explain/", "/api/v1/topics/",
                 "/api/v1/topics/{slug}/symptoms/", "/api/v1/conditions/", "/api/v1/conditions/{slug}/"):
        assert path in schema["paths"], path
    responses = schema["paths"]["/api/v1/assessments/next/"]["post"]["responses"]
    assert {"200", "400"} <= set(responses)


def test_it_gives_the_review_date_only_while_the_sign_off_covers_the_condition(api):
    from backend.knowledge.models import Condition, Likelihood
    from tests.factories import reviewer

    Condition.objects.get(slug="lipoma").sign_off(by=reviewer())
    assert api.call("/api/v1/conditions/lipoma/")[1]["reviewed_at"] is not None
    Likelihood.objects.filter(condition__slug="lipoma").update(probability=0.5)
    assert api.call("/api/v1/conditions/lipoma/")[1]["reviewed_at"] is None
