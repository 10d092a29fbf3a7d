"""`{% answer_options form %}`: the radios or checkboxes of a question.

Every step shows one of a few hundred possible option lists, the same for everyone, so each list's
markup is built once (see QuestionForm.options: a widget template per input costs more than the rest
of a quiz step together).
"""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

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


@register.simple_tag
def answer_options(form) -> SafeString:
    """The question's inputs, with the person's earlier or posted choice checked."""
    return format_html("{}", _options(form.question.type, tuple(form.options())))
