"""Render the content's plain-text convention: blank-line paragraphs and "- " bullet lists."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """The content text as ("p", [paragraph]) and ("ul", [item, ...]) blocks, in order: each paragraph's
    lines joined by a space, each item without its "- ". The page and the ask box's index read it alike."""
    out: list[tuple[str, list[str]]] = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            if line.startswith("- "):
                if paragraph:
                    out.append(("p", [" ".join(paragraph)]))
                    paragraph = []
                items.append(line[2:].strip())
            else:
                if items:
                    out.append(("ul", items))
                    items = []
                paragraph.append(line)
        if paragraph:
            out.append(("p", [" ".join(paragraph)]))
        if items:
            out.append(("ul", items))
    return out


def _item(text: str) -> str:
    # "Label: explanation" items get their label in bold, as the seed articles lay them out.
    label, sep, rest = text.partition(": ")
    if sep and 0 < len(label) <= 40 and "." not in label:
        return f"<li><strong>{escape(label)}:</strong> {escape(rest)}</li>"
    return f"<li>{escape(text)}</li>"


@register.filter
def prose(text: str) -> str:
    """Turn content text into escaped HTML paragraphs and lists."""
    html = [f"<p>{escape(parts[0])}</p>" if kind == "p" else f"<ul>{''.join(_item(item) for item in parts)}</ul>"
            for kind, parts in blocks(text)]
    return mark_safe("\n".join(html))
