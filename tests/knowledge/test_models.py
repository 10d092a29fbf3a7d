import datetime

import pytest
from django.core.exceptions import ValidationError

from backend.knowledge.models import (
    Condition,
    ContentVersion,
    Kind,
    Level,
    Likelihood,
    Status,
    Topic,
    TransitionError,
)
from tests.factories import ConditionFactory, LikelihoodFactory, SymptomFactory, TopicFactory, editor, reviewer

pytestmark = pytest.mark.django_db


def test_it_starts_content_as_an_unreviewed_draft():
    topic = TopicFactory()
    assert topic.status == Status.DRAFT
    assert not topic.is_signed_off


def test_it_publishes_a_draft_and_records_when():
    condition = ConditionFactory()
    condition.publish(by=editor())
    condition.refresh_from_db()
    assert condition.is_published
    assert condition.published_at is not None
    assert Condition.objects.published().filter(pk=condition.pk).exists()


def test_it_refuses_to_publish_twice_or_unpublish_a_draft():
    condition = ConditionFactory()
    with pytest.raises(TransitionError):
        condition.unpublish(by=editor())
    condition.publish(by=editor())
    with pytest.raises(TransitionError):
        condition.publish(by=editor())


def test_it_hides_unpublished_content_from_the_published_queryset():
    draft = ConditionFactory()
    published = ConditionFactory()
    published.publish(by=editor())
    slugs = set(Condition.objects.published().values_list("slug", flat=True))
    assert published.slug in slugs
    assert draft.slug not in slugs


def test_it_refuses_to_publish_by_editing_the_status_field():
    topic = Topic.objects.get(pk=TopicFactory().pk)
    topic.status = Status.PUBLISHED
    with pytest.raises(TransitionError):
        topic.save()
    assert Topic.objects.get(pk=topic.pk).status == Status.DRAFT


def test_it_refuses_to_sign_off_by_editing_the_reviewer_field(django_user_model):
    reviewer = django_user_model.objects.create_user("reviewer")
    condition = Condition.objects.get(pk=ConditionFactory().pk)
    condition.reviewed_by = reviewer
    with pytest.raises(TransitionError):
        condition.save()


def test_it_signs_off_with_the_reviewer_and_today():
    ana = reviewer()
    condition = ConditionFactory()
    condition.sign_off(by=ana)
    condition.refresh_from_db()
    assert condition.reviewed_by == ana
    assert condition.reviewed_at == datetime.date.today()
    condition.clear_sign_off()
    condition.refresh_from_db()
    assert not condition.is_signed_off


def test_it_keeps_publication_and_sign_off_apart():
    condition = ConditionFactory()
    condition.sign_off(by=reviewer())
    assert not condition.is_published
    condition.publish(by=editor())
    assert condition.is_published and condition.is_signed_off


def test_it_needs_a_reviewer_to_sign_off():
    with pytest.raises(TransitionError):
        ConditionFactory().sign_off(by=None)


def test_it_saves_ordinary_edits_to_published_content():
    condition = ConditionFactory()
    condition.publish(by=editor())
    condition = Condition.objects.get(pk=condition.pk)
    condition.summary = "Changed words."
    condition.save()
    assert Condition.objects.get(pk=condition.pk).summary == "Changed words."


@pytest.mark.parametrize("reviewed, today, stale", [
    (datetime.date(2024, 3, 15), datetime.date(2025, 3, 14), False),
    (datetime.date(2024, 3, 15), datetime.date(2025, 3, 15), True),
    (datetime.date(2024, 3, 15), datetime.date(2024, 9, 1), False),
    (datetime.date(2023, 1, 1), datetime.date(2025, 1, 1), True),
])
def test_it_flags_a_review_older_than_twelve_months(reviewed, today, stale):
    condition = Condition(reviewed_at=reviewed)
    assert condition.review_is_stale(today=today) is stale


def test_it_never_flags_content_that_was_never_reviewed():
    assert Condition(reviewed_at=None).review_is_stale(today=datetime.date(2100, 1, 1)) is False


def test_it_requires_a_red_flag_to_force_a_care_level():
    flag = SymptomFactory.build(kind=Kind.RED_FLAG, min_level="")
    with pytest.raises(ValidationError) as error:
        flag.clean()
    assert "min_level" in error.value.message_dict


def test_it_rejects_an_always_finding_with_a_low_likelihood():
    link = LikelihoodFactory.build(probability=0.4, constraint=Likelihood.Constraint.ALWAYS)
    with pytest.raises(ValidationError):
        link.clean()


def test_it_rejects_a_never_finding_with_a_high_likelihood():
    link = LikelihoodFactory.build(probability=0.3, constraint=Likelihood.Constraint.NEVER)
    with pytest.raises(ValidationError):
        link.clean()


def test_it_rejects_an_age_range_that_ends_before_it_starts():
    with pytest.raises(ValidationError):
        ConditionFactory.build(age_min=60, age_max=20).clean()


def test_it_orders_the_care_levels_from_most_urgent():
    assert [level.value for level in Level] == [
        "emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care",
    ]


def test_it_bumps_the_content_version_on_every_edit():
    before = ContentVersion.current()
    link = LikelihoodFactory()
    after_create = ContentVersion.current()
    link.probability = 0.7
    link.save()
    assert before < after_create < ContentVersion.current()


def test_it_bumps_the_content_version_when_a_condition_joins_a_topic():
    condition, topic = ConditionFactory(), TopicFactory()
    before = ContentVersion.current()
    condition.topics.add(topic)
    assert ContentVersion.current() > before


def test_it_saves_an_edit_after_reloading_content_published_elsewhere():
    condition = Condition.objects.get(pk=ConditionFactory().pk)
    Condition.objects.get(pk=condition.pk).publish(by=editor())
    condition.refresh_from_db()
    condition.summary = "Edited after a reload."
    condition.save()
    assert Condition.objects.get(pk=condition.pk).is_published
