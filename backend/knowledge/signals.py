"""Any change to medical content bumps the content version, so every server node reloads its engine."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import FAQ, Condition, ContentVersion, Likelihood, QuestionGroup, Source, Symptom, Topic

CONTENT_MODELS = (Topic, Condition, Symptom, QuestionGroup, Likelihood, FAQ, Source)


@receiver(post_save)
@receiver(post_delete)
def bump_on_change(sender, **kwargs) -> None:
    if sender in CONTENT_MODELS:
        ContentVersion.bump()


@receiver(m2m_changed)
def bump_on_relation_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_") and sender in (Condition.topics.through, Symptom.topics.through):
        ContentVersion.bump()
