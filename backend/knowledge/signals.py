"""Any change to medical content bumps the content version, so every server node reloads its engine."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import FAQ, Condition, ContentVersion, Likelihood, QuestionGroup, Source, Symptom, Topic

CONTENT_MODELS = (Topic, Condition, Symptom, QuestionGroup, Likelihood, FAQ, Source)


@receiver(pre_save)
def stamp_fixture_rows(sender, instance, raw: bool, **kwargs) -> None:
    # loaddata saves "raw", skipping auto_now; a fixture need not carry the timestamp itself.
    if raw and sender in CONTENT_MODELS and getattr(instance, "updated_at", False) is None:
        instance.updated_at = timezone.now()


@receiver(post_save)
@receiver(post_delete)
def bump_on_change(sender, **kwargs) -> None:
    if sender in CONTENT_MODELS:
        ContentVersion.bump()


@receiver(m2m_changed)
def bump_on_relation_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_") and sender in (Condition.topics.through, Symptom.topics.through):
        ContentVersion.bump()
