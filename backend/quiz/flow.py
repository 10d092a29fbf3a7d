"""Where a person is in the quiz: the first step they have not finished, and whether an emergency comes first.

The views ask this several times in one request (before and after saving an answer, to redirect): a `Flow`
evaluates the answers once for each state of them, and the emergency check and the next question share it.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

from . import engine
from .progress import Progress


def step_url(name: str, topic: str, n: int | None = None) -> str:
    """The address of a quiz step (`n` for a question)."""
    return _step_url(name, topic, n, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=1024)
def _step_url(name: str, topic: str, n: int | None, prefix: str, urlconf: str | None) -> str:
    # A step's address never changes while the URL configuration stays: reversing it on every page
    # cost as much as a tenth of the engine's step.
    return reverse(f"quiz:{name}", args=[topic] if n is None else [topic, n], urlconf=urlconf)


class Flow:
    """One person's progress through a topic's quiz, for the length of a request."""

    def __init__(self, kb: engine.KnowledgeBase, progress: Progress):
        self.kb = kb
        self.progress = progress
        self._reading: engine.Reading | None = None

    def reading(self, upto: int | None = None) -> engine.Reading:
        """The engine's reading of the first `upto` answers (all by default), evaluated again only when they change."""
        case = self.progress.case(upto)
        if self._reading is None or self._reading.case != case:
            self._reading = engine.Reading(self.kb, case)
        return self._reading

    def emergency_findings(self) -> tuple[str, ...]:
        """The answers that call for an emergency by themselves."""
        return self.reading().emergency_findings()

    def unacknowledged_emergency(self) -> tuple[str, ...]:
        """The emergency findings, if the person hasn't yet seen the call page for all of them."""
        forcing = self.emergency_findings()
        return forcing if not set(forcing) <= set(self.progress.acknowledged) else ()

    def current_url(self) -> str:
        """The first step this person has not finished."""
        progress, topic = self.progress, self.progress.topic
        if not progress.screened:
            return step_url("check", topic)
        if self.unacknowledged_emergency():
            return step_url("emergency", topic)
        if progress.who is None:
            return step_url("who", topic)
        if not progress.about_done:
            return step_url("about", topic)
        if not progress.described:
            return step_url("describe", topic)
        if self.reading().next_question().should_stop:
            return step_url("result", topic)
        return step_url("question", topic, progress.questions_answered + 1)
