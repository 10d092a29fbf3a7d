"""Plain-text rules for what the public writes: any language and script, no invisible tricks.

One set of functions serves the story form and the API.
"""

from __future__ import annotations

import unicodedata

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator

NAME_MAX = 30
STORY_MIN, STORY_MAX = 50, 5000
NOTE_MAX = 500

# Bidirectional embeddings, overrides and isolates can make text display in a different order than
# it was written (and reach outside their element); the plain marks LRM / RLM / ALM stay allowed.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def clean_plain_text(value: str) -> str:
    """NFC-normalised text with Unix line breaks, without control characters (tabs and newlines stay)."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.translate(BIDI_CONTROLS)
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")).strip()


def clean_display_name(value: str) -> str:
    return " ".join(clean_plain_text(value).split())


def validate_display_name(value: str) -> None:
    """A first name or initials in any script: letters (with their marks), spaces, dots, hyphens, apostrophes."""
    if not value:
        raise ValidationError("Please give a first name or initials.", code="required")
    if len(value) > NAME_MAX:
        raise ValidationError(f"Please keep the name to {NAME_MAX} characters or fewer: a first name or initials.",
                              code="max_length")
    if any(not (unicodedata.category(ch)[0] in "LM" or ch in " .-'’") for ch in value):
        raise ValidationError("Please use only letters: a first name or initials, with no numbers, symbols or "
                              "contact details.", code="invalid")
    if not any(unicodedata.category(ch)[0] == "L" for ch in value):
        raise ValidationError("Please give a first name or initials.", code="invalid")


class StoryMinLength(MinLengthValidator):
    message = "Please write at least %(limit_value)d characters (you wrote %(show_value)d)."


class StoryMaxLength(MaxLengthValidator):
    message = "Please keep your story to %(limit_value)d characters or fewer (you wrote %(show_value)d)."


STORY_LENGTH = [StoryMinLength(STORY_MIN), StoryMaxLength(STORY_MAX)]

# The languages a story can be written in: Django's list (names in their own script), a few more
# that many patients write in, and "another language" for everything else.
EXTRA_LANGUAGES = {
    "am": ("Amharic", "አማርኛ"), "gu": ("Gujarati", "ગુજરાતી"), "ha": ("Hausa", "Hausa"),
    "ps": ("Pashto", "پښتو"), "si": ("Sinhala", "සිංහල"), "so": ("Somali", "Soomaali"),
    "tl": ("Tagalog", "Tagalog"), "yo": ("Yoruba", "Yorùbá"), "zu": ("Zulu", "isiZulu"),
}
OTHER_LANGUAGE = "other"


def _language_choices() -> list[tuple[str, str]]:
    names = {code: (info["name"], info["name_local"]) for code, info in LANG_INFO.items()
             if "fallback" not in info and ("-" not in code or code in ("zh-hans", "zh-hant", "pt-br"))}
    names.update(EXTRA_LANGUAGES)
    choices = [(code, name if name == local else f"{local} — {name}")
               for code, (name, local) in sorted(names.items(), key=lambda item: item[1][0])]
    return [*choices, (OTHER_LANGUAGE, "Another language")]


LANGUAGE_CHOICES = _language_choices()
