"""The clinical vignettes, run through the assessment API by a simulated patient, must clear the
floors the product promises on both sets together (issue 10: top-3 >= 95%, safe triage >= 99%, no
under-triaged emergency, self-care sent to emergency <= 3%, median questions <= 9, and <= 8 on the
breadth set)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from backend.quiz import engine, evaluation

pytestmark = pytest.mark.django_db

VIGNETTES = Path(__file__).with_name("vignettes.json")
# Written from clinical references before the content was broadened to the conditions they name
# (issue 10), so they test content that was not written to pass them.
BREADTH = Path(__file__).with_name("breadth_vignettes.json")


@pytest.fixture(scope="module")
def breadth_report(django_db_blocker) -> evaluation.Report:
    with django_db_blocker.unblock():
        return evaluation.evaluate(evaluation.load(BREADTH), evaluation.django_client_transport())


@pytest.fixture(scope="module")
def report(django_db_blocker, breadth_report) -> evaluation.Report:
    with django_db_blocker.unblock():
        first = evaluation.evaluate(evaluation.load(VIGNETTES), evaluation.django_client_transport())
    return evaluation.Report(first.outcomes + breadth_report.outcomes)


def test_it_covers_every_condition_level_topic_and_age_group():
    from backend.knowledge.models import Condition

    vignettes = evaluation.load(VIGNETTES)
    assert len(vignettes) >= 60
    assert {v.topic for v in vignettes} == {"back-lump", "back-burning"}
    assert sum(v.triage in evaluation.EMERGENCIES for v in vignettes) >= 12
    assert sum(v.triage == "self_care" for v in vignettes) >= 12
    assert {v.triage for v in vignettes} == set(engine.LEVELS)
    expected = {v.expected for v in vignettes + evaluation.load(BREADTH)}
    assert set(Condition.objects.values_list("slug", flat=True)) <= expected
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


def test_it_puts_the_right_condition_in_the_top_three_at_least_95_percent_of_the_time(report):
    assert report.top3 >= 0.95, report.failures()


def test_it_triages_safely_at_least_99_percent_of_the_time(report):
    assert report.triage_safe >= 0.99, report.failures()


def test_it_never_under_triages_an_emergency(report):
    assert report.under_triaged_emergencies == []


def test_it_rarely_sends_self_care_cases_to_emergency_care(report):
    assert report.self_care_over_triage <= 0.03


def test_it_asks_a_median_of_nine_questions_or_fewer_and_eight_on_the_breadth_set(report, breadth_report):
    assert report.median_questions <= 9
    assert breadth_report.median_questions <= 8
    assert report.max_questions <= 16


def test_the_evaluate_command_prints_the_table_and_the_recall_per_condition(capsys):
    call_command("evaluate", "--by-condition", files=[VIGNETTES])
    out = capsys.readouterr().out
    assert "Recall per condition:" in out
    assert "skin-abscess" in out.split("Recall per condition:")[1]
    for row in ("top-1 accuracy", "top-3 accuracy", "triage exact", "triage safe", "under-triaged emergencies",
                "self-care sent to emergency", "questions (median / max)"):
        assert row in out
