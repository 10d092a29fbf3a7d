"""Automatic flags for moderators: contact details, links and listed words in a story or its name.

A flag is a hint for a closer look, not a verdict: the moderator decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w.+-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+\s*[\[(]?\s*dot\s*[\])]?\s*\w+",
                   re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|biz|io|co|me|ly|app|xyz|site|"
                 r"online|shop|ru|in|uk|de|us|ca|au|link|click)\b(?:/\S*)?", re.IGNORECASE)
# Seven or more digits (any script's digits), allowing spaces, dots, dashes and brackets between them.
PHONE = re.compile(r"(?<![\w/])\+?\(?\d(?:[\s().-]{0,3}\d){6,14}(?![\w/])")
# Dates and year ranges look like numbers too; they are not phone numbers.
NOT_A_PHONE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,4}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$|^\d{4}\s*-\s*\d{4}$")


class Kind:
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    WORD = "word"


LABELS = {Kind.EMAIL: "E-mail address", Kind.PHONE: "Phone number", Kind.URL: "Link", Kind.WORD: "Listed word"}


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def find_flags(text: str, words: Iterable[str]) -> list[Flag]:
    """Every flagged span in `text`, in order of appearance."""
    found: list[Flag] = []
    emails = [(m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += [Flag(Kind.EMAIL, text[s:e], s, e) for s, e in emails]
    for m in URL.finditer(text):
        if not any(s <= m.start() < e for s, e in emails):  # the domain of an e-mail address is not a link
            found.append(Flag(Kind.URL, m.group(), m.start(), m.end()))
    for m in PHONE.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) <= 15 and not NOT_A_PHONE.match(m.group().strip()):
            found.append(Flag(Kind.PHONE, m.group(), m.start(), m.end()))
    for word in {w.strip() for w in words if w.strip()}:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        found += [Flag(Kind.WORD, m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
    return sorted(found, key=lambda flag: (flag.start, flag.end))


def flag_kinds(flags: Iterable[Flag]) -> str:
    """The kinds found, as the comma-separated value kept on a story (for filtering the queue)."""
    kinds = {flag.kind for flag in flags}
    return ",".join(kind for kind in (Kind.EMAIL, Kind.PHONE, Kind.URL, Kind.WORD) if kind in kinds)
