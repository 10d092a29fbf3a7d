"""{% feedback_widget_state %}: what the "Was this helpful?" include needs, from just the request."""

from django import template

from ..forms import Page
from ..views import widget_context

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_widget_state(context, page_key: str, advice: str = "", ask_plan: bool = False) -> dict:
    request = context["request"]
    page = Page(key=str(page_key), advice=str(advice or ""), ask_plan=bool(ask_plan), url=request.get_full_path())
    return widget_context(request, page)
