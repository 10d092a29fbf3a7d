"""What happens on any change to the medical content, however it is made (admin, revert, restore,
fixture load, shell): the content version goes up, so every server node reloads its engine; the pages
covering the change hear of it (backend.knowledge.review); and content loaded from the fixtures gets
a first history entry, so that a later edit in the admin can be reverted to it.

Each receiver is connected to the models it serves, not to every save in the project.
"""

from collections import defaultdict

from django.db import models, transaction
from django.db.models import OuterRef, Subquery
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


def stamp_fixture_row(sender, instance, raw: bool, **kwargs) -> None:
    # loaddata saves "raw", skipping auto_now; a fixture need not carry the timestamp itself.
    if raw and instance.updated_at is None:
        instance.updated_at = timezone.now()


def content_saved(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw:
        _content_loaded(sender, instance.pk)
        return
    ContentVersion.bump()
    if update_fields is None or not set(update_fields) <= TRANSITION_FIELDS:
        _pages_changed(review.pages_of(sender, instance), by=editor())


class ContentLoad:
    """What a fixture load (loaddata saves "raw") saved in one transaction, acted on once when it commits:
    a first history entry for each new or changed row, one version bump and one look at every signed-off
    page. Done for each row saved and each relation set, they took 10,400 of the 34,600 queries of loading
    the shipped content."""

    def __init__(self):
        self.saved: dict[type[models.Model], set] = defaultdict(set)

    def __call__(self) -> None:
        # The history first: a sign-off the load clears is recorded after the content that cleared it.
        for model, pks in self.saved.items():
            record_loaded_content(model, pks)
        ContentVersion.bump()
        _pages_changed({Topic: None, Condition: None}, by=None)


def _content_loaded(model: type[models.Model] | None = None, pk=None) -> None:
    # Django drops a callback registered in a savepoint that rolls back, so finding the load registered
    # means it will still run when this transaction commits. Outside a transaction it runs straight away,
    # so the row is noted before the load is registered.
    connection = transaction.get_connection()
    load = next((registered for _, registered, _ in connection.run_on_commit if isinstance(registered, ContentLoad)),
                None)
    registered = load is not None
    load = load or ContentLoad()
    if model in HISTORY_MODELS:
        load.saved[model].add(pk)
    if not registered:
        transaction.on_commit(load)


def content_deleted(sender, instance, **kwargs) -> None:
    ContentVersion.bump()
    _pages_changed(review.pages_of(sender, instance), by=editor())


def relation_changed(sender, instance, action: str, pk_set=None, raw: bool = False, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if raw:
        _content_loaded()
    else:
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


def record_loaded_content(model: type[models.Model], pks) -> None:
    """loaddata saves "raw", which simple-history skips: record a version of each row `pks` of `model` that
    differs from its last one, with a query for the rows and one for their last versions."""
    history = get_history_model_for_model(model)
    pk = model._meta.pk.attname
    last_version = (history.objects.filter(**{pk: OuterRef(pk)}).order_by("-history_date", "-history_id")
                    .values("history_id")[:1])
    last = {getattr(version, pk): version for version in
            history.objects.filter(**{f"{pk}__in": pks}, history_id=Subquery(last_version))}
    now = timezone.now()
    versions = []
    for row in model._base_manager.filter(pk__in=pks):
        values = {field.attname: getattr(row, field.attname) for field in history.tracked_fields}
        before = last.get(row.pk)
        if before is not None and all(getattr(before, name) == value for name, value in values.items()
                                      if name != "updated_at"):
            continue
        versions.append(history(**values, history_date=now, history_type="+" if before is None else "~",
                                history_change_reason="Loaded from the content fixtures"))
    history.objects.bulk_create(versions)
