"""Any change to medical content bumps the content version, so every server node reloads its engine;
a change to a part of a signed-off page clears the page's sign-off; content loaded from the fixtures
gets a first history entry, so that a later edit in the admin can be reverted to it."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from .models import FAQ, Condition, ContentVersion, Likelihood, QuestionGroup, Source, Symptom, Topic, TriageRule

CONTENT_MODELS = (Topic, Condition, Symptom, QuestionGroup, Likelihood, FAQ, Source, TriageRule)


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
    if action.startswith("post_") and sender in (Condition.topics.through, Symptom.topics.through, TriageRule.findings.through):
        ContentVersion.bump()


# The page whose sign-off covers each part.
PARTS = {Likelihood: (Condition, "condition_id"), FAQ: (Topic, "topic_id")}
HISTORY_MODELS = (Topic, Condition, Symptom, QuestionGroup, Likelihood, FAQ, TriageRule)


@receiver(post_save)
@receiver(post_delete)
def clear_the_pages_sign_off(sender, instance, raw: bool = False, **kwargs) -> None:
    if sender in PARTS and not raw:
        page_model, key = PARTS[sender]
        page = page_model._base_manager.filter(pk=getattr(instance, key)).first()
        if page is not None:
            page.clear_sign_off()


@receiver(post_save)
def record_loaded_content(sender, instance, raw: bool = False, **kwargs) -> None:
    """loaddata saves "raw", which simple-history skips: record a version when it differs from the last one."""
    if not raw or sender not in HISTORY_MODELS:
        return
    history = get_history_model_for_model(sender)
    values = {field.attname: getattr(instance, field.attname) for field in history.tracked_fields}
    last = history.objects.filter(**{sender._meta.pk.attname: instance.pk}).order_by("-history_date", "-history_id").first()
    if last is not None and all(getattr(last, name) == value for name, value in values.items()
                                if name != "updated_at"):
        return
    history.objects.create(**values, history_date=timezone.now(), history_type="+" if last is None else "~",
                           history_change_reason="Loaded from the content fixtures")
