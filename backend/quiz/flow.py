"""Where a person is in the quiz: the first step they have not finished, and whether an emergency comes first.

The views ask this several times in one request (before and after saving an answer, to redirect):
a `Flow` works out the emergency findings once for each state of the answers, not once per question.
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
        self._findings: tuple[engine.Case, tuple[str, ...]] | None = None

    def emergency_findings(self) -> tuple[str, ...]:
        """The answers that call for an emergency by themselves, computed again only when the answers change."""
        case = self.progress.case()
        if self._findings is None or self._findings[0] != case:
            self._findings = (case, engine.emergency_findings(self.kb, case))
        return self._findings[1]

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
        if engine.next_question(self.kb, progress.case()).should_stop:
            return step_url("result", topic)
        return step_url("question", topic, progress.questions_answered + 1)
