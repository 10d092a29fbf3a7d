"""A database outage answers 503 with help on the page, instead of a 500 or a hang; private pages are
never kept by a browser's or a proxy's cache."""

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = "10"
# What Django's add_never_cache_headers writes on a response without caching headers, written once here:
# the function parses and rebuilds Cache-Control and formats today's date on every response, which cost
# 2.7 % of a quiz step (3.34 M instructions a step with it, 3.25 M without: tests/bench/instructions.py).
# Any date in the past means "expired".
NEVER_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"
EXPIRED = "Thu, 01 Jan 1970 00:00:00 GMT"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)) or not _is_outage(exception):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"errors": [{"field": None, "message":
                                    "The service is briefly unavailable. Please try again in a few seconds."}]},
                                    status=503)
        else:
            response = HttpResponse(render_to_string("503.html", request=request), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response


def _is_outage(exception: DatabaseError) -> bool:
    # Lost or refused connections are outages; a locked SQLite file under heavy writes is one too.
    text = str(exception).lower()
    return isinstance(exception, InterfaceError) or any(word in text for word in (
        "connection", "server closed", "terminating", "could not connect", "database is locked",
        "starting up", "shutting down", "the database system",
    ))


class PrivatePagesMiddleware:
    """The quiz and its result show a person's answers, and the admin shows staff data: every response
    there, whatever made it (a view, an error, a lockout), says "no-store, private", so that the back
    button on a shared phone or a proxy never shows them to someone else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = ("/quiz/", "/" + settings.ADMIN_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.prefixes):
            # Whatever a view said: a private page is never kept.
            response.headers["Cache-Control"] = NEVER_STORE
            response.headers["Expires"] = EXPIRED
        return response
