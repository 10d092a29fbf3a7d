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
STATED = {"present", "absent"}
WHO = {"me", "other"}
SEXES = {"female", "male"}


def one_of(value, allowed: set[str]) -> bool:
    return isinstance(value, str) and value in allowed


class StaleProgress(Exception):
    """The saved progress no longer fits the content or was tampered with."""


class UnreadableProgress(StaleProgress):
    """The saved progress has a shape the quiz never writes: a value of the wrong type or out of range.

    The cookie is signed, so this is not a visitor's typing: it is an older format, a bug, or someone who
    holds the key. The progress can't be used either way, and reading it must not fail the page.
    """


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
    # "Describe it in your own words": done (or skipped), and the findings the person confirmed from it.
    # Never the words themselves.
    described: bool = False
    stated: dict[str, str] = field(default_factory=dict)

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
        """Refuse progress the quiz can't have written, or that the current content can't have produced."""
        if not self.well_formed():
            raise UnreadableProgress(self.topic)
        seen: set[str] = set()
        known = kb.symptom_ids(self.topic)
        for answer in (*self.answers, self.stated):
            for symptom_id in answer:
                if symptom_id in seen or symptom_id not in known:
                    raise StaleProgress(symptom_id)
                seen.add(symptom_id)

    def well_formed(self) -> bool:
        """Every value has the type and range the quiz writes. Types first: a list where a word belongs
        can't even be looked up in a set."""
        return (
            (self.who is None or one_of(self.who, WHO))
            and (self.sex is None or one_of(self.sex, SEXES))
            and (self.age is None or (type(self.age) is int and 0 <= self.age <= 120))
            and isinstance(self.about_done, bool)
            and isinstance(self.answers, list)
            and all(isinstance(answer, dict) and answer and all(one_of(choice, CHOICES) for choice in answer.values())
                    for answer in self.answers)
            and isinstance(self.acknowledged, list)
            and all(isinstance(i, str) for i in self.acknowledged)
            and isinstance(self.described, bool)
            and isinstance(self.stated, dict)
            and all(isinstance(i, str) and one_of(c, STATED) for i, c in self.stated.items())
        )

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
        """The engine's view of the first `upto` answered questions (all of them by default); what the
        person described and confirmed comes right after the red-flag screen."""
        answers = self.answers if upto is None else self.answers[:upto]
        in_order = [*answers[:1], self.stated, *answers[1:]] if answers else []
        return engine.Case(
            topic=self.topic, age=self.age, sex=self.sex,
            evidence=tuple(map(engine.Evidence._make, chain.from_iterable(answer.items() for answer in in_order))),
            continue_after_emergency=bool(self.acknowledged),
        )

    def state(self, findings: dict[str, str]) -> None:
        """Take what the person confirmed from their own words. A red flag on the screen they now say they
        have is ticked there (as if they had ticked it); the rest is kept as stated. The questions after
        the screen start afresh: they may no longer be the same."""
        screen = dict(self.answers[0]) if self.answers else {}
        stated = {}
        for finding_id, choice in findings.items():
            if finding_id in screen:
                if choice == "present":
                    screen[finding_id] = "present"
            else:
                stated[finding_id] = choice
        self.answers = [screen] if self.answers else []
        self.stated = stated

    def answer(self, position: int, choices: dict[str, str]) -> None:
        """Record the answer to question `position` (0 is the red-flag screen).

        A changed answer drops every later one: the questions after it may no longer be the same.
        """
        if position < len(self.answers) and self.answers[position] == choices:
            return
        self.answers = [*self.answers[:position], choices]
