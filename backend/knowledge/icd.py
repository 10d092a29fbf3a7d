"""ICD-10-CM code checks against the official code set (simple-icd-10-cm, imported lazily: ~2 s)."""

from functools import cache

from django.core.exceptions import ValidationError


@cache
def _codes():
    import simple_icd_10_cm

    return simple_icd_10_cm


def check_code(code: str) -> None:
    """Raise ValidationError unless `code` is a valid, billable ICD-10-CM code."""
    try:
        cm = _codes()
    except ImportError:  # the checker is a test/admin tool; without it nothing can be said
        return
    if not cm.is_valid_item(code):
        raise ValidationError(f"'{code}' is not an ICD-10-CM code.")
    if not cm.is_leaf(code):
        raise ValidationError(f"'{code}' is a category; use one of its billable codes.")
