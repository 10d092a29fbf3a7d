"""A content item's admin change form as the admin itself would post it, so a test can change one value."""

from django.forms.models import model_to_dict

from backend.knowledge.models import Condition, Symptom, Topic


def change_form(obj, **changes) -> dict:
    """The POST data of `obj`'s change form (with its inlines), unchanged apart from `changes`."""
    data = {key: value for key, value in model_to_dict(obj).items() if value is not None}
    for field in obj._meta.many_to_many:
        data[field.name] = [item.pk for item in getattr(obj, field.name).all()] if obj.pk else []
    if isinstance(obj, Condition):
        _inline(data, "likelihoods", obj.likelihoods.all() if obj.pk else [],
                ("id", "condition", "symptom", "probability", "constraint", "note", "is_top"))
    if isinstance(obj, (Condition, Symptom)):
        _inline(data, "synonyms", obj.synonyms.all() if obj.pk else [],
                ("id", obj._meta.model_name, "phrase", "language"))
    if isinstance(obj, Topic):
        _inline(data, "faqs", obj.faqs.all(), ("id", "topic", "question", "answer", "order"))
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def _inline(data: dict, prefix: str, rows, fields) -> None:
    rows = list(rows)
    data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows),
                 f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    for i, row in enumerate(rows):
        for name in fields:
            value = getattr(row, row._meta.get_field(name).attname)
            data[f"{prefix}-{i}-{name}"] = "on" if value is True else value


def symptom_url(symptom: Symptom) -> str:
    return f"/admin/knowledge/symptom/{symptom.pk}/change/"
