"""The step-by-step quiz (htmx, and plain forms without JavaScript)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET


@require_GET
def start(request: HttpRequest, topic: str) -> HttpResponse:
    """Start a new quiz for a topic."""
    return redirect("knowledge:topic", topic)
