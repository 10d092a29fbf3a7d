"""The stories section under an article, and the pending count for the admin index."""

from django import template
from django.urls import reverse

from backend.knowledge.models import Topic

from ..forms import StoryForm
from ..models import Story

register = template.Library()

SHOWN_UNDER_ARTICLE = 3


@register.inclusion_tag("stories/_section.html", takes_context=True)
def story_section(context, topic: Topic) -> dict:
    """ "Hear what N others are saying": the newest approved stories and the form to share one."""
    stories = Story.objects.public(topic)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "topic": topic,
        "count": stories.count(),
        "stories": stories[:SHOWN_UNDER_ARTICLE],
        "form": StoryForm(topic=topic, check_url=reverse("stories:check", args=[topic.slug])),
    }


@register.simple_tag
def pending_story_count() -> int:
    return Story.objects.pending().count()
