"""Question wording for someone answering on another person's behalf ("you" becomes "they")."""

import re

# Longest phrases first; the verb forms after "they" stay plural, so "do you have" reads "do they have".
_REPLACEMENTS = [
    (r"\byourself\b", "themselves"),
    (r"\byou're\b", "they're"),
    (r"\byou've\b", "they've"),
    (r"\byou'd\b", "they'd"),
    (r"\byou'll\b", "they'll"),
    (r"\byours\b", "theirs"),
    (r"\byour\b", "their"),
    (r"\bare you\b", "are they"),
    (r"\byou are\b", "they are"),
    (r"\byou were\b", "they were"),
    (r"\bwere you\b", "were they"),
    # After a preposition or a verb, "you" is an object: "apply to you" becomes "apply to them".
    (r"\b(to|for|with|at|about|on|from|of|near|by|bother|bothers|wake|wakes|keep|keeps|stop|stops) you\b",
     r"\1 them"),
    (r"\byou\b", "they"),
]
_PATTERNS = [(re.compile(pattern, re.IGNORECASE), word) for pattern, word in _REPLACEMENTS]


def _replace(match: re.Match, word: str) -> str:
    text = match.expand(word)
    return text[0].upper() + text[1:] if match.group(0)[:1].isupper() else text


def for_someone_else(text: str) -> str:
    """Reword a second-person question about the person answering into one about someone else."""
    for pattern, word in _PATTERNS:
        text = pattern.sub(lambda match, word=word: _replace(match, word), text)
    return text


def worded(text: str, who: str | None) -> str:
    return for_someone_else(text) if who == "other" else text
