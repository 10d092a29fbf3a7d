"""Automatic flags for moderators: contact details, links and listed words in a story or its name.

A flag is a hint for a closer look, not a verdict: the moderator decides.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from confusable_homoglyphs import confusables

# Anyone can send 5,000 characters, so no pattern may backtrack quadratically. One that may start anywhere
# in a run of letters, dots or hyphens and scans to the run's end before failing costs seconds on "a." * 2,500
# (the old ones did). So a pattern starts only where such a run starts (the lookbehinds) and scans it once:
# possessive quantifiers (++ *+ ?+) never give back what they took.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++(?:@[\w-]++(?:\.[\w-]++)++|\s*+[\[(]\s*+at\s*+[\])]\s*+"
                   r"[\w-]+\s*+[\[(]?+\s*+dot\s*+[\])]?+\s*+\w++)",  # the [\w-]+ may give back a glued "dot"
                   re.IGNORECASE)
# A bare domain is tried where a dotted run starts or starts again after "..", past the dots and hyphens
# before its first letter. Its labels are given back one by one, within the run, to find the top-level one.
URL = re.compile(r"(?:https?://|www\.)\S++|(?:(?<![\w.-])[.-]*+|(?<=\.\.)-*+(?:\.-++)*+\.?+)"
                 r"(?P<domain>\w[\w-]*+(?:\.[\w-]++)*\.(?:com|org|net|info|biz|io|co|me|ly|app|xyz|site|online|"
                 r"shop|ru|in|uk|de|us|ca|au|link|click)\b(?:/\S*+)?+)", re.IGNORECASE)
# Seven or more digits (any script's digits), allowing spaces, dots, dashes and brackets between them;
# its repetitions are bounded, so a try costs the same wherever it starts.
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


def _look_alike(ch: str) -> str:
    """The ASCII character that `ch` is drawn like (Cyrillic "а" is "a"), or `ch` when there is none."""
    # Any script's digits already count as digits; confusables.txt would make some of them letters (० is "o").
    if ch.isascii() or ch.isdecimal():
        return ch
    found = confusables.is_confusable(ch, greedy=True)
    return next((glyph["c"] for glyph in found[0]["homoglyphs"] if glyph["c"].isascii()), ch) if found else ch


@cache  # one entry per distinct character: at most the size of Unicode
def _fold_char(ch: str) -> str:
    """What the patterns see for `ch`: nothing for an invisible format character (zero-width space, joiner,
    soft hyphen), else its compatibility form (fullwidth "１" is "1") with look-alikes made ASCII."""
    if unicodedata.category(ch) == "Cf":
        return ""
    return "".join(map(_look_alike, unicodedata.normalize("NFKC", ch)))


def _fold(text: str) -> tuple[str, list[int]]:
    """`text` as the patterns see it, and for each of its characters the position of the one it came from."""
    pieces: list[str] = []
    origins: list[int] = []
    for position, ch in enumerate(text):
        piece = _fold_char(ch)
        pieces.append(piece)
        origins += [position] * len(piece)
    return "".join(pieces), origins


def find_flags(text: str, words: Iterable[str]) -> list[Flag]:
    """Every flagged span in `text`, in order of appearance, seen through invisible and look-alike characters."""
    folded, origins = _fold(text)

    def flag_at(kind: str, span: tuple[int, int]) -> Flag:
        # The span the moderator sees covers what was written, hidden characters and all.
        start, end = origins[span[0]], origins[span[1] - 1] + 1
        return Flag(kind, text[start:end], start, end)

    emails = list(EMAIL.finditer(folded))
    found = [flag_at(Kind.EMAIL, m.span()) for m in emails]
    email_starts = [m.start() for m in emails]
    for m in URL.finditer(folded):
        span = m.span("domain") if m["domain"] else m.span()
        # The domain of an e-mail address is not a link. The e-mail before it is found by bisection, since a
        # crafted story can hold hundreds of both.
        before = bisect_right(email_starts, span[0]) - 1
        if before < 0 or span[0] >= emails[before].end():
            found.append(flag_at(Kind.URL, span))
    for m in PHONE.finditer(folded):
        if sum(ch.isdigit() for ch in m.group()) <= 15 and not NOT_A_PHONE.match(m.group().strip()):
            found.append(flag_at(Kind.PHONE, m.span()))
    # A listed "whatsapp" is folded like the text. One pass finds them all: listed phrases that overlap give
    # one flag, the longest of those starting first ("stop taking", not also "stop").
    if listed := sorted({_fold(word.strip())[0] for word in words} - {""}, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, listed))})(?!\w)", re.IGNORECASE)
        found += [flag_at(Kind.WORD, m.span()) for m in pattern.finditer(folded)]
    return sorted(found, key=lambda flag: (flag.start, flag.end))


def flag_kinds(flags: Iterable[Flag]) -> str:
    """The kinds found, as the comma-separated value kept on a story (for filtering the queue)."""
    kinds = {flag.kind for flag in flags}
    return ",".join(kind for kind in (Kind.EMAIL, Kind.PHONE, Kind.URL, Kind.WORD) if kind in kinds)
