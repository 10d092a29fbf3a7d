"""What happens on any change to the medical content, however it is made (admin, revert, restore,
fixture load, shell): the content version goes up, so every server node reloads its engine; the pages
covering the change hear of it (backend.knowledge.review); and content loaded from the fixtures gets
a first history entry, so that a later edit in the admin can be reverted to it.

Each receiver is connected to the models it serves, not to every save in the project.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_model_for_model

from . import review
from .models import (
    FAQ,
    WORKFLOW_FIELDS,
    Condition,
    ContentVersion,
    Likelihood,
    QuestionGroup,
    Source,
    Symptom,
    Synonym,
    Topic,
    TriageRule,
)

CONTENT_MODELS = (Topic, Condition, Symptom, QuestionGroup, Likelihood, FAQ, Source, TriageRule, Synonym)
HISTORY_MODELS = (Topic, Condition, Symptom, QuestionGroup, Likelihood, FAQ, TriageRule, Synonym)
RELATIONS = (Condition.topics.through, Condition.sources.through, Topic.sources.through, Symptom.topics.through,
             TriageRule.findings.through)
# A save of only these is a transition (publish, sign off), which is not an edit of the content.
TRANSITION_FIELDS = {*WORKFLOW_FIELDS, "updated_at"}


def connect() -> None:
    for model in CONTENT_MODELS:
        post_save.connect(content_saved, sender=model)
        post_delete.connect(content_deleted, sender=model)
    for model in (Topic, Condition, Symptom):
        pre_save.connect(stamp_fixture_row, sender=model)
    for through in RELATIONS:
        m2m_changed.connect(relation_changed, sender=through)
    for model in HISTORY_MODELS:
        post_save.connect(record_loaded_content, sender=model)


def stamp_fixture_row(sender, instance, raw: bool, **kwargs) -> None:
    # loaddata saves "raw", skipping auto_now; a fixture need not carry the timestamp itself.
    if raw and instance.updated_at is None:
        instance.updated_at = timezone.now()


def content_saved(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw:
        _once_per_transaction(_content_loaded)
        return
    ContentVersion.bump()
    if update_fields is None or not set(update_fields) <= TRANSITION_FIELDS:
        _pages_changed(review.pages_of(sender, instance), by=editor())


def _content_loaded() -> None:
    """After a fixture load: one version bump and one look at every signed-off page, not one per row
    (a load saves thousands of rows; this halves its queries)."""
    ContentVersion.bump()
    _pages_changed({Topic: None, Condition: None}, by=None)


def _once_per_transaction(callback) -> None:
    # Django drops a callback registered in a savepoint that rolls back, so finding it registered
    # means it will still run when this transaction commits (straight away outside a transaction).
    connection = transaction.get_connection()
    if not any(registered is callback for _, registered, _ in connection.run_on_commit):
        transaction.on_commit(callback)


def content_deleted(sender, instance, **kwargs) -> None:
    ContentVersion.bump()
    _pages_changed(review.pages_of(sender, instance), by=editor())


def relation_changed(sender, instance, action: str, pk_set=None, **kwargs) -> None:
    if action.startswith("post_"):
        ContentVersion.bump()
        _pages_changed(review.pages_of_relation(sender, instance, pk_set), by=editor())


def _pages_changed(pages: dict, *, by) -> None:
    for model, ids in pages.items():
        review.page_changed(model, ids, by=by)


def editor():
    """The signed-in member of staff making the change (simple-history's middleware keeps the request)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record_loaded_content(sender, instance, raw: bool = False, **kwargs) -> None:
    """loaddata saves "raw", which simple-history skips: record a version when it differs from the last one."""
    if not raw:
        return
    history = get_history_model_for_model(sender)
    values = {field.attname: getattr(instance, field.attname) for field in history.tracked_fields}
    last = (history.objects.filter(**{sender._meta.pk.attname: instance.pk})
            .order_by("-history_date", "-history_id").first())
    if last is not None and all(getattr(last, name) == value for name, value in values.items()
                                if name != "updated_at"):
        return
    history.objects.create(**values, history_date=timezone.now(), history_type="+" if last is None else "~",
                           history_change_reason="Loaded from the content fixtures")
