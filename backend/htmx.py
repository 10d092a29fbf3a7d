"""The request type of views that answer htmx, as django-htmx documents it for type checkers."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware: `request.htmx` says whether htmx sent it."""

    htmx: HtmxDetails
