"""How content and stories change state (publish, sign off, approve, …): one guard for both.

A transition checks who asks, reads the current state from the database under a row lock (so two
people can't both act on the same row), refuses a step that is not allowed from there, and saves
only the fields it changes, all in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models


class TransitionError(Exception):
    """A step that is not allowed from the current state."""


def require_permission(by, permission: str, action: str) -> None:
    """The person taking a step must be a saved user holding `permission`."""
    if by is None or not by.pk:
        raise TransitionError(f"{action.capitalize()} needs a signed-in member of staff.")
    if not by.has_perm(permission):
        raise PermissionDenied(f"{by} may not {action}.")


def locked_state(instance: models.Model, *fields: str) -> dict:
    """The row's current values of `fields`, locked until the transaction ends. Call inside atomic()."""
    return (type(instance)._base_manager.select_for_update().filter(pk=instance.pk)
            .values(*fields).get())
