"""Operational endpoints: the health check for load balancers, and the benchmark floor."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

FLOOR_BODY = b"x" * 100


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when this node can reach its database, 503 when it cannot (the balancer then skips it)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """A fixed 100-byte answer through the whole middleware stack: the framework's own speed limit."""
    return HttpResponse(FLOOR_BODY, content_type="text/plain")
