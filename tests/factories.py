"""factory_boy factories for the content models (drafts unless a test publishes them)."""

import factory

from backend.knowledge.models import Condition, Kind, Level, Likelihood, Rarity, Symptom, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"test-topic-{n}")
    title = factory.Sequence(lambda n: f"Test topic {n}")
    short_title = "a test symptom"
    summary = "A topic made for a test."
    overview = "What this topic is about."
    causes = "- One cause\n- Another cause"
    when_to_see_doctor = "See a doctor if it does not get better."
    emergency_signs = "- Chest pain"


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    slug = factory.Sequence(lambda n: f"test-condition-{n}")
    name = factory.Sequence(lambda n: f"Test condition {n}")
    icd10 = "L02.212"
    summary = "A condition made for a test."
    description = "What it is."
    rarity = Rarity.COMMON
    urgency = Level.CONSULTATION


class SymptomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Symptom

    slug = factory.Sequence(lambda n: f"test-symptom-{n}")
    name = factory.Sequence(lambda n: f"Test symptom {n}")
    question = "Do you have it?"
    kind = Kind.SYMPTOM


class LikelihoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Likelihood

    condition = factory.SubFactory(ConditionFactory)
    symptom = factory.SubFactory(SymptomFactory)
    probability = 0.5


def editor():
    """The Editor who publishes and unpublishes content in tests (made once per test)."""
    from django.contrib.auth import get_user_model

    from tests.staff.factories import user_in

    return get_user_model().objects.filter(username="test-editor").first() or user_in("Editors", username="test-editor")


def reviewer(username: str = "test-reviewer", **names):
    """A Medical reviewer, who may sign content off."""
    from django.contrib.auth import get_user_model

    from tests.staff.factories import user_in

    user = get_user_model().objects.filter(username=username).first() or user_in("Medical reviewers",
                                                                                    username=username)
    if names:
        type(user).objects.filter(pk=user.pk).update(**names)
        user.refresh_from_db()
    return user
