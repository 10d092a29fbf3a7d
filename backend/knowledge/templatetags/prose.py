"""Render the content's plain-text convention: blank-line paragraphs and "- " bullet lists."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def _item(text: str) -> str:
    # "Label: explanation" items get their label in bold, as the seed articles lay them out.
    label, sep, rest = text.partition(": ")
    if sep and 0 < len(label) <= 40 and "." not in label:
        return f"<li><strong>{escape(label)}:</strong> {escape(rest)}</li>"
    return f"<li>{escape(text)}</li>"


@register.filter
def prose(text: str) -> str:
    """Turn content text into escaped HTML paragraphs and lists."""
    html = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        paragraph, items = [], []
        for line in lines:
            if line.startswith("- "):
                if paragraph:
                    html.append(f"<p>{escape(' '.join(paragraph))}</p>")
                    paragraph = []
                items.append(_item(line[2:].strip()))
            else:
                if items:
                    html.append(f"<ul>{''.join(items)}</ul>")
                    items = []
                paragraph.append(line)
        if paragraph:
            html.append(f"<p>{escape(' '.join(paragraph))}</p>")
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
    return mark_safe("\n".join(html))
