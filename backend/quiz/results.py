"""What the result page shows, from the engine's last step and its explanations."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from backend.knowledge.models import Condition

from . import engine
from .progress import Progress
from .wording import worded

# Our model is not calibrated on real patients, so matches are described in words, never as numbers.
STRONG = 0.5
POSSIBLE = 0.15
MAX_SHOWN = 3
MAX_REASONS = 3
ANSWER_WORDS = {"present": "Yes", "absent": "No", "unknown": "Don't know"}


@dataclass
class Match:
    id: str
    name: str
    strength: str
    rarity: str
    urgency_label: str
    url: str
    fits: list[str]
    does_not_fit: list[str]
    self_care: str = ""


@dataclass
class SummaryRow:
    question: str
    answer: str


@dataclass
class Outcome:
    triage: engine.Triage
    matches: list[Match]
    summary: list[SummaryRow]
    is_emergency: bool
    about: list[tuple[str, str]] = field(default_factory=list)


def strength(probability: float) -> str | None:
    if probability >= STRONG:
        return "Strong match"
    if probability >= POSSIBLE:
        return "Possible match"
    return None


def reason_text(reason: engine.Reason) -> str:
    """An answer as a reason: the finding and what was answered, e.g. "Fever (no)"."""
    return f"{reason.name} ({ANSWER_WORDS[reason.choice].lower()})"


def build_result(kb: engine.KnowledgeBase, progress: Progress) -> Outcome:
    """The care advice, the conditions that really fit with their reasons, and the answers summary."""
    case = progress.case()
    step = engine.next_step(kb, case)
    shown = [c for c in step.conditions if strength(c.probability)][:MAX_SHOWN]
    if step.unexplained >= 0.5:
        shown = []  # the answers fit none of our conditions better than chance
    self_care = dict(Condition.objects.filter(slug__in=[c.id for c in shown]).values_list("slug", "self_care"))
    matches = []
    for ranked in shown:
        why = engine.explain(kb, case, ranked.id)
        matches.append(Match(
            id=ranked.id, name=ranked.name, strength=strength(ranked.probability),
            rarity=ranked.rarity.replace("_", " ").capitalize(), urgency_label=engine.LABELS[ranked.urgency],
            url=reverse("knowledge:condition", args=[ranked.id]),
            fits=[reason_text(r) for r in why.supporting[:MAX_REASONS]],
            does_not_fit=[reason_text(r) for r in why.conflicting[:MAX_REASONS]],
            self_care=self_care.get(ranked.id, ""),
        ))
    return Outcome(
        triage=step.triage, matches=matches, summary=summary(kb, progress),
        is_emergency=step.triage.level in engine.EMERGENCY_LEVELS, about=about_rows(progress),
    )


def about_rows(progress: Progress) -> list[tuple[str, str]]:
    return [
        ("Answers given by", "the person with the symptoms" if progress.who == "me" else "someone on their behalf"),
        ("Age", "not given" if progress.age is None else str(progress.age)),
        ("Sex", progress.sex.capitalize() if progress.sex else "not given"),
    ]


def summary(kb: engine.KnowledgeBase, progress: Progress) -> list[SummaryRow]:
    """Every answer, one line per question, in words a doctor can read at a glance."""
    rows = []
    for position, answer in enumerate(progress.answers):
        step = engine.next_question(kb, progress.case(upto=position))
        question = step.question
        present = [kb.symptom(i).name for i, c in answer.items() if c == "present"]
        if position == 0:
            rows.append(SummaryRow("Emergency signs", ", ".join(present) if present else "None of them"))
            if progress.stated:
                said = [f"{kb.symptom(i).name}: {'yes' if c == 'present' else 'no'}"
                        for i, c in progress.stated.items()]
                rows.append(SummaryRow("Described in their own words (confirmed)", "; ".join(said)))
            continue
        text = worded(question.text, progress.who) if question else "Earlier question"
        if len(answer) == 1:
            rows.append(SummaryRow(text, ANSWER_WORDS[next(iter(answer.values()))]))
        elif all(c == "unknown" for c in answer.values()):
            rows.append(SummaryRow(text, ANSWER_WORDS["unknown"]))
        else:
            rows.append(SummaryRow(text, ", ".join(present) if present else "None of these"))
    return rows
