"""The Backcheck admin site: Django's own, with one guard in front of every admin page against input no
page can use, and a sign-in form that checks the username's length.

Every model's pages (ours, and those of the users and django-axes apps) go through `admin_view`, so the
guard is here once instead of in each ModelAdmin. What it refuses used to end in a database error (500):
a NUL character (PostgreSQL refuses it in text), an id that can't be one (Django's bulk actions and
django-simple-history's pages pass it to the database as it is), or a date drill-down past the calendar.
"""

from __future__ import annotations

from datetime import MAXYEAR
from functools import wraps

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, BadRequest, ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Field
from django.http import Http404, HttpRequest


class LoginForm(AdminAuthenticationForm):
    """Django sets the username's length limit after the field is built, so the browser is told about it
    but it is never checked: a longer name went on to django-axes, which failed to record it (its column
    holds 255 characters; jazzband/django-axes#1381). No account can have a longer name, so the form
    refuses it before any sign-in is tried."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


def is_id(field: Field, value: str) -> bool:
    """Whether `value` can be the primary key `field` holds (a whole number in the column's range here)."""
    try:
        field.clean(value, None)
    except ValidationError:
        return False
    return True


def in_calendar(value: str | None) -> bool:
    """Django's date drill-down (date_hierarchy) fails on a year from 9999 or a part past a C integer
    (Django ticket #37357, fixed after 6.1.3); any other value it refuses itself."""
    try:
        return value is None or 0 < int(value) < MAXYEAR
    except ValueError:
        return True


def refuse_unusable_input(request: HttpRequest, model_admin: admin.ModelAdmin | None, captured) -> None:
    """Raise BadRequest (400) or Http404 for input that can't name anything on this page."""
    if any("\0" in key or any("\0" in value for value in values) for key, values in request.GET.lists()):
        raise BadRequest("The address has a NUL character in it.")
    if model_admin is None:
        return
    pk = model_admin.opts.pk
    # Every value a model's admin address holds is an id: the object's, or one of its versions' in the history.
    if not all(is_id(pk, unquote(str(value))) for value in captured):
        raise Http404("No such item.")
    if not all(is_id(pk, value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
        raise BadRequest("A selected item is not one of the list's.")
    if model_admin.date_hierarchy and not all(
        in_calendar(request.GET.get(f"{model_admin.date_hierarchy}__{part}")) for part in ("year", "month", "day")
    ):
        raise BadRequest("The date is outside the calendar.")


class AdminSite(admin.AdminSite):
    """`admin.site` for every app (see backend/ops/apps.py): Django's, guarded."""

    login_form = LoginForm

    def admin_view(self, view, cacheable=False):
        # A model's pages are methods of its ModelAdmin; the site's own pages (index, autocomplete) are not.
        model_admin = getattr(view, "__self__", None)
        if not isinstance(model_admin, admin.ModelAdmin):
            model_admin = None

        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            refuse_unusable_input(request, model_admin, [*args, *kwargs.values()])
            return view(request, *args, **kwargs)

        # Wrapped inside Django's checks, so the sign-in and CSRF checks still come first.
        return super().admin_view(guarded, cacheable)

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if request.method == "POST" and form is not None and form.errors.keys() - {NON_FIELD_ERRORS}:
            # A field the form can't take (a username longer than any account's, a NUL character) is bad
            # input: 400. Wrong credentials are a well-formed sign-in that was refused: Django's 200 page.
            response.status_code = 400
        return response
