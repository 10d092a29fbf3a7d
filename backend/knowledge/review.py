"""Clinical sign-off bound to what the reviewer saw.

A sign-off stores a fingerprint (SHA-256) of everything on the page that can change advice:

- a condition: its own text and settings (urgency, rarity, age and sex range, …), its topics and
  sources, and each likelihood link (finding, probability, always / never, top symptom, note);
- a topic: its own text and settings, its sources and FAQs, and each red flag of the topic with its
  wording and the care level it forces.

A page shows "Medically reviewed" only while the stored fingerprint equals the one computed now, so
no path (admin, revert, restore, fixture load, shell) can keep a sign-off on content nobody reviewed.
`page_changed()` is the one place that acts on a change: it clears a sign-off that no longer matches
and records who changed the page. The signals call it for every change to a page or one of its parts.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.db import models

from .models import FAQ, STATE_FIELDS, Condition, Likelihood, ReviewedContent, Symptom, Topic

log = logging.getLogger(__name__)

# Kept out of the fingerprint: the workflow itself and bookkeeping that is not content.
NOT_REVIEWED = {*STATE_FIELDS, "id", "updated_at"}
RED_FLAG_FIELDS = ("slug", "name", "question", "why_we_ask", "min_level", "sex", "order")
LINK_FIELDS = ("symptom__slug", "probability", "constraint", "is_top", "note")


def fingerprints(model: type[ReviewedContent], ids) -> dict[int, str]:
    """The fingerprint of each page `ids` of `model` (Topic or Condition) as its content stands now."""
    ids = list(ids)
    own = [field.attname for field in model._meta.concrete_fields if field.name not in NOT_REVIEWED]
    pages = {row["id"]: {"page": row} for row in model._base_manager.filter(pk__in=ids).values("id", *own)}
    parts = _condition_parts(ids) if model is Condition else _topic_parts(ids)
    for name, rows in parts.items():
        for page_id, value in rows:
            pages[page_id].setdefault(name, []).append(value)
    return {page_id: _digest(content) for page_id, content in pages.items()}


def _condition_parts(ids: list[int]) -> dict[str, list[tuple[int, object]]]:
    return {
        "topics": _slugs(Condition.topics.through, "condition_id", "topic__slug", ids),
        "sources": _slugs(Condition.sources.through, "condition_id", "source__slug", ids),
        "links": [(row.pop("condition_id"), row) for row in
                  Likelihood.objects.filter(condition_id__in=ids).values("condition_id", *LINK_FIELDS)],
    }


def _topic_parts(ids: list[int]) -> dict[str, list[tuple[int, object]]]:
    return {
        "sources": _slugs(Topic.sources.through, "topic_id", "source__slug", ids),
        "faqs": [(row.pop("topic_id"), row) for row in
                 FAQ.objects.filter(topic_id__in=ids).values("topic_id", "question", "answer", "order")],
        "red_flags": [(row.pop("topics"), row) for row in
                      Symptom.objects.red_flags().filter(topics__in=ids).values("topics", *RED_FLAG_FIELDS)],
    }


def _slugs(through: type[models.Model], key: str, slug: str, ids: list[int]) -> list[tuple[int, str]]:
    return list(through.objects.filter(**{f"{key}__in": ids}).values_list(key, slug))


def _digest(content: dict) -> str:
    # Parts are sorted, so the order rows come back in does not matter; floats print exactly.
    canonical = {name: sorted(value, key=_sort_key) if isinstance(value, list) else value
                 for name, value in content.items()}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str).encode()).hexdigest()


def _sort_key(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def page_changed(model: type[ReviewedContent], ids, *, by=None) -> None:
    """Pages `ids` (None: all) of `model` or one of their parts changed.

    A sign-off whose fingerprint no longer matches is cleared (and the history says so). Unless the
    page is signed off and still matches (nothing the reviewer saw changed), `by` becomes its last
    editor, who may not sign it off.
    """
    pages = model._base_manager.all() if ids is None else model._base_manager.filter(pk__in=list(ids))
    signed = dict(pages.filter(reviewed_by__isnull=False).values_list("pk", "reviewed_fingerprint"))
    current = fingerprints(model, signed) if signed else {}
    unchanged = {pk for pk, fingerprint in signed.items() if current.get(pk) == fingerprint}
    for page in pages.filter(pk__in=signed.keys() - unchanged):
        page.clear_sign_off(reason="Sign-off cleared: the reviewed content changed")
        log.info("Cleared the sign-off of %s %s: the reviewed content changed", model._meta.verbose_name, page.pk)
    if by is not None:
        pages.exclude(pk__in=unchanged).update(last_edited_by=by)


def pages_of(sender: type[models.Model], instance: models.Model) -> dict[type[ReviewedContent], list[int] | None]:
    """The pages whose fingerprint covers `instance` (None: every page of that kind)."""
    if sender in (Topic, Condition):
        return {sender: [instance.pk]}
    if sender is Likelihood:
        return {Condition: [instance.condition_id]}
    if sender is FAQ:
        return {Topic: [instance.topic_id]}
    if sender is Symptom:
        # Its topics may be gone already when it is deleted; there are only a few topics to check.
        linked = Likelihood.objects.filter(symptom_id=instance.pk).values_list("condition_id", flat=True)
        return {Topic: None, Condition: list(linked)}
    return {}


def pages_of_relation(sender: type[models.Model], instance: models.Model, pk_set) -> dict:
    """The pages a many-to-many change touches (a condition's topics, a page's sources, a finding's topics)."""
    if sender is Symptom.topics.through:
        return {Topic: None}
    page_model = Condition if sender in (Condition.topics.through, Condition.sources.through) else Topic
    if isinstance(instance, page_model):
        return {page_model: [instance.pk]}
    # Changed from the other side (a topic's conditions): the pages are in pk_set, or all after a clear.
    return {page_model: None if pk_set is None else list(pk_set)}

