"""The clinical vignettes, run through the assessment API by a simulated patient, must clear the
floors the product promises (issue: top-3 >= 90%, safe triage >= 97%, no under-triaged emergency,
self-care sent to emergency <= 5%, median questions <= 12)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from backend.quiz import evaluation

pytestmark = pytest.mark.django_db

VIGNETTES = Path(__file__).with_name("vignettes.json")
# Written from clinical references before the content was broadened to the conditions they name
# (issue 10): the knowledge base is judged on them, never tuned to them.
BREADTH = Path(__file__).with_name("breadth_vignettes.json")


@pytest.fixture(scope="module")
def report(django_db_blocker) -> evaluation.Report:
    with django_db_blocker.unblock():
        return evaluation.evaluate(evaluation.load(VIGNETTES), evaluation.django_client_transport())


def test_it_covers_every_condition_level_topic_and_age_group():
    from backend.knowledge.models import Condition

    vignettes = evaluation.load(VIGNETTES)
    assert len(vignettes) >= 60
    assert {v.topic for v in vignettes} == {"back-lump", "back-burning"}
    assert sum(v.triage in evaluation.EMERGENCIES for v in vignettes) >= 12
    assert sum(v.triage == "self_care" for v in vignettes) >= 12
    assert {v.triage for v in vignettes} == set(evaluation.LEVELS)
    assert set(Condition.objects.values_list("slug", flat=True)) <= {v.expected for v in vignettes}
    ages = [v.age for v in vignettes]
    assert min(ages) <= 10 and max(ages) >= 85


def test_the_breadth_set_covers_emergencies_self_care_children_the_old_and_sparse_cases():
    vignettes = evaluation.load(BREADTH)
    assert len(vignettes) >= 120
    assert len({v.id for v in vignettes}) == len(vignettes)
    assert sum(v.triage in evaluation.EMERGENCIES for v in vignettes) >= 25
    assert sum(v.triage == "self_care" for v in vignettes) >= 20
    assert sum(v.age < 16 for v in vignettes) >= 10
    assert sum(v.age >= 75 for v in vignettes) >= 10
    assert sum(2 <= len(v.present) <= 4 for v in vignettes) >= 15
    assert all(v.source.startswith("https://") for v in vignettes)


def test_it_runs_every_case_without_an_error(report):
    assert [o.vignette.id for o in report.errors] == []


def test_it_puts_the_right_condition_in_the_top_three_at_least_nine_times_in_ten(report):
    assert report.top3 >= 0.90, report.failures()


def test_it_triages_safely_at_least_97_percent_of_the_time(report):
    assert report.triage_safe >= 0.97, report.failures()


def test_it_never_under_triages_an_emergency(report):
    assert report.under_triaged_emergencies == []


def test_it_rarely_sends_self_care_cases_to_emergency_care(report):
    assert report.self_care_over_triage <= 0.05


def test_it_asks_a_median_of_twelve_questions_or_fewer(report):
    assert report.median_questions <= 12
    assert report.max_questions <= 16


def test_the_evaluate_command_prints_the_table(capsys):
    call_command("evaluate")
    out = capsys.readouterr().out
    for row in ("top-1 accuracy", "top-3 accuracy", "triage exact", "triage safe", "under-triaged emergencies",
                "self-care sent to emergency", "questions (median / max)"):
        assert row in out
