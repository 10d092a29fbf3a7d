"""The engine's knowledge base lives in memory and follows content edits on every node."""

import json

import pytest

from backend.knowledge.models import Condition, ContentVersion
from backend.quiz import loader
from tests.factories import editor

pytestmark = pytest.mark.django_db

LUMP = {"topic": "back-lump", "age": 50, "sex": "female", "evidence": []}


def conditions_listed(client, body=LUMP) -> set[str]:
    response = client.post("/api/v1/assessments/next/", json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    return {c["id"] for c in response.json()["conditions"]}


def test_it_answers_a_step_without_any_database_query(client, django_assert_num_queries):
    conditions_listed(client)  # the first step builds the knowledge base
    with django_assert_num_queries(0):
        conditions_listed(client)


def test_it_builds_only_published_conditions_into_the_engine():
    Condition.objects.get(slug="lipoma").unpublish(by=editor())
    kb = loader.build()
    assert not kb.has_condition("back-lump", "lipoma")
    assert kb.has_condition("back-lump", "boil")


def test_it_picks_up_an_edit_once_the_check_interval_has_passed(client, settings, django_capture_on_commit_callbacks):
    settings.ENGINE_VERSION_CHECK_SECONDS = 0
    assert "lipoma" in conditions_listed(client, {**LUMP, "evidence": [{"id": "lump-soft-moves", "choice": "present"}]})
    with django_capture_on_commit_callbacks(execute=True):
        Condition.objects.get(slug="lipoma").unpublish(by=editor())
    soft_lump = {**LUMP, "evidence": [{"id": "lump-soft-moves", "choice": "present"}]}
    assert "lipoma" not in conditions_listed(client, soft_lump)


def test_it_does_not_recheck_the_version_before_the_interval(client, settings, django_capture_on_commit_callbacks):
    settings.ENGINE_VERSION_CHECK_SECONDS = 3600
    before = loader.knowledge_base()
    with django_capture_on_commit_callbacks(execute=True):
        Condition.objects.get(slug="lipoma").unpublish(by=editor())
    assert loader.knowledge_base() is before


def test_it_rebuilds_when_another_node_changed_the_version(settings):
    settings.ENGINE_VERSION_CHECK_SECONDS = 0
    before = loader.knowledge_base()
    assert loader.knowledge_base() is before
    ContentVersion.bump()
    from django.core.cache import cache

    cache.delete(ContentVersion.CACHE_KEY)  # what the other node's commit does
    assert loader.knowledge_base() is not before


def test_a_triage_rule_edited_in_the_admin_reaches_the_quiz(admin_client, client, settings,
                                                           django_capture_on_commit_callbacks):
    from backend.knowledge.models import TriageRule

    settings.ENGINE_VERSION_CHECK_SECONDS = 0
    rule = TriageRule.objects.get(slug="blistering-sunburn")
    burning = {"topic": "back-burning", "age": 30, "sex": "male",
               "evidence": [{"id": "sun-recent", "choice": "present"}, {"id": "blisters", "choice": "present"}]}

    def level() -> str:
        response = client.post("/api/v1/assessments/next/", json.dumps(burning), content_type="application/json")
        return response.json()["triage"]["level"]

    assert level() == "consultation_24"
    form = {"slug": rule.slug, "name": rule.name, "level": "emergency", "note": rule.note,
            "findings": [f.pk for f in rule.findings.all()], "age_min": "", "age_max": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/knowledge/triagerule/{rule.pk}/change/", form)
    assert response.status_code == 302, response.content[:500]
    assert level() == "emergency"
    assert TriageRule.history.filter(slug=rule.slug).count() >= 2


def test_the_engines_care_ladder_is_the_knowledge_bases():
    from backend.knowledge.models import Level
    from backend.quiz import engine

    assert engine.LEVELS == tuple(level.value for level in Level)
    assert set(engine.LABELS) == set(engine.ADVICE) == set(engine.LEVELS)
