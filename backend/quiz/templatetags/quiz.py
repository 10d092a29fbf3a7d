"""Tags for the parts every quiz card repeats, written here rather than as included templates.

A quiz step is the site's busiest page, and through the template engine these few lines cost more
than the engine's whole step: an include alone costs as much as computing the next question.

- `{% card_top %}`: the way back, the topic and the progress bar at the top of each card;
- `{% form_attrs %}`: a step form's attributes (a real POST to the step, swapped by htmx);
- `{% answer_options form %}`: the radios or checkboxes of a question. Every step shows one of a few
  hundred possible option lists, the same for everyone, so each list's markup is built once.
"""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

CARD_TOP = """<div class="card-top">
  {back}<p class="quiz-topic">{topic}</p>
  <label class="progress-label" for="quiz-progress">Progress: {percent}%</label>
  <progress id="quiz-progress" max="100" value="{percent}">{percent}%</progress>
</div>"""
BACK = ('<a class="back" href="{back}" hx-get="{back}" hx-target="#step-card" hx-swap="outerHTML">'
        "Change my previous answer</a>\n  ")
FORM_ATTRS = 'method="post" action="{path}" hx-post="{path}" hx-target="#step-card" hx-swap="outerHTML"'

INPUT = {"group_single": ("radio", "answer", " required"), "group_multiple": ("checkbox", "checked", "")}


@lru_cache(maxsize=4096)
def _options(kind: str, options: tuple[tuple[str, str, bool], ...]) -> SafeString:
    input_type, name, extra = INPUT[kind]
    return format_html_join(
        "\n", '<label class="choice" for="{}-{}"><input type="{}" name="{}" value="{}" id="{}-{}"{}{}> '
              "<span>{}</span></label>",
        ((name, value, input_type, name, value, name, value, SafeString(extra),
          SafeString(" checked" if checked else ""), label) for value, label, checked in options),
    )


@register.simple_tag(takes_context=True)
def card_top(context) -> SafeString:
    """The top of a quiz card, from `back` (the previous step, if any), `topic_title` and `percent`."""
    back = context.get("back")
    return format_html(CARD_TOP, back=format_html(BACK, back=back) if back else "",
                       topic=context["topic_title"], percent=context["percent"])


@register.simple_tag(takes_context=True)
def form_attrs(context) -> SafeString:
    """`method`, `action` and the htmx attributes of a step's form: it posts to the step's own address."""
    return format_html(FORM_ATTRS, path=context["request"].path)


@register.simple_tag
def answer_options(form) -> SafeString:
    """The question's inputs, with the person's earlier or posted choice checked."""
    return format_html("{}", _options(form.question.type, tuple(form.options())))
