"""Public story pages: the approved stories of a topic, and the "Share your story" form.

The form is a plain POST that redirects; with htmx each field is checked as soon as it changes.
"""

from __future__ import annotations

import logging

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from backend.abuse.limits import STORIES, body_limited, rate_limited
from backend.htmx import HtmxHttpRequest
from backend.knowledge.models import Topic

from .forms import CHECKED_LIVE, StoryForm
from .models import Story

logger = logging.getLogger(__name__)
PER_PAGE = 10


def published_topic(slug: str) -> Topic:
    return get_object_or_404(Topic.objects.published(), slug=slug)


def story_form(request, topic: Topic, data=None) -> StoryForm:
    return StoryForm(data, topic=topic, check_url=reverse("stories:check", args=[topic.slug]))


@require_GET
@vary_on_headers("HX-Request")
def story_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A topic's approved stories, newest first, a page at a time."""
    topic = published_topic(slug)
    page = Paginator(Story.objects.public(topic), PER_PAGE).get_page(request.GET.get("page"))
    context = {"topic": topic, "page": page}
    if request.htmx and not request.htmx.history_restore_request:
        return push_url(render(request, "stories/list.html#story-list", context), request.get_full_path())
    return render(request, "stories/list.html", context)


@require_http_methods(["GET", "POST"])
@body_limited
@rate_limited(STORIES)
def share(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Share your story: a pending story, shown once a moderator approves it."""
    topic = published_topic(slug)
    form = story_form(request, topic, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.caught_a_bot:
            logger.info("A story form was posted with the honeypot filled in; nothing was stored.")
            return redirect("stories:thanks", topic.slug)
        if form.is_valid():
            form.submit()
            return redirect("stories:thanks", topic.slug)
    return render(request, "stories/share.html", {"topic": topic, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@body_limited
def check(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """htmx: check the whole form, answer with just the field that changed and its message."""
    topic = published_topic(slug)
    name = request.htmx.trigger_name if request.htmx else None
    if name not in CHECKED_LIVE:
        return HttpResponseBadRequest("Only a field of the story form can be checked.")
    form = story_form(request, topic, request.POST)
    form.is_valid()
    return render(request, "stories/_form.html#field", {"field": form[name], "form": form, "topic": topic})


@require_GET
def thanks(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """What happens next, after a story is sent."""
    return render(request, "stories/thanks.html", {"topic": published_topic(slug)})
