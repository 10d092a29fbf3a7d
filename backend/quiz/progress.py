"""A person's way through the quiz, kept only in their signed session cookie.

Nothing identifying is stored: the topic, who it is for, age, sex and the answers, as the engine's
evidence. Anything that does not fit the current content (an old cookie, a tampered one) is refused
as a whole, and the quiz starts again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import chain

from . import engine

SESSION_KEY = "quiz"
CHOICES = set(engine.CHOICES)
WHO = {"me", "other"}
SEXES = {"female", "male"}


class StaleProgress(Exception):
    """The saved progress no longer fits the content or was tampered with."""


@dataclass
class Progress:
    topic: str
    who: str | None = None
    age: int | None = None
    sex: str | None = None
    about_done: bool = False
    # One entry per answered question, in order; the first is the red-flag screen.
    answers: list[dict[str, str]] = field(default_factory=list)
    # The emergency findings (and rules) the person was told to call about and chose to go on past.
    # Only these: a different emergency found later shows the call page again.
    acknowledged: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, request, topic: str, kb: engine.KnowledgeBase) -> Progress | None:
        """This person's progress on `topic`, None if they have none, StaleProgress if it is unusable."""
        data = request.session.get(SESSION_KEY)
        if not isinstance(data, dict) or data.get("topic") != topic:
            return None
        try:
            progress = cls(**data)
        except TypeError:
            raise StaleProgress("unknown fields") from None
        progress.check(kb)
        return progress

    def check(self, kb: engine.KnowledgeBase) -> None:
        """Refuse progress that the current content cannot have produced."""
        if self.who is not None and self.who not in WHO:
            raise StaleProgress("who")
        if self.sex is not None and self.sex not in SEXES:
            raise StaleProgress("sex")
        if self.age is not None and not (isinstance(self.age, int) and 0 <= self.age <= 120):
            raise StaleProgress("age")
        if not isinstance(self.answers, list):
            raise StaleProgress("answers")
        if not isinstance(self.acknowledged, list) or not all(isinstance(i, str) for i in self.acknowledged):
            raise StaleProgress("acknowledged")
        seen: set[str] = set()
        known = kb.symptom_ids(self.topic)
        for answer in self.answers:
            if not isinstance(answer, dict) or not answer:
                raise StaleProgress("answer")
            for symptom_id, choice in answer.items():
                if choice not in CHOICES or symptom_id in seen or symptom_id not in known:
                    raise StaleProgress(symptom_id)
                seen.add(symptom_id)

    def save(self, request) -> None:
        request.session[SESSION_KEY] = asdict(self)

    @staticmethod
    def forget(request) -> None:
        request.session.pop(SESSION_KEY, None)

    @property
    def screened(self) -> bool:
        return bool(self.answers)

    @property
    def questions_answered(self) -> int:
        """Answered questions after the red-flag screen."""
        return max(len(self.answers) - 1, 0)

    def case(self, upto: int | None = None) -> engine.Case:
        """The engine's view of the first `upto` answered questions (all of them by default)."""
        answers = self.answers if upto is None else self.answers[:upto]
        return engine.Case(
            topic=self.topic, age=self.age, sex=self.sex,
            evidence=tuple(map(engine.Evidence._make, chain.from_iterable(answer.items() for answer in answers))),
            continue_after_emergency=bool(self.acknowledged),
        )

    def answer(self, position: int, choices: dict[str, str]) -> None:
        """Record the answer to question `position` (0 is the red-flag screen).

        A changed answer drops every later one: the questions after it may no longer be the same.
        """
        if position < len(self.answers) and self.answers[position] == choices:
            return
        self.answers = [*self.answers[:position], choices]
