"""Anonymous "Was this helpful?" votes, one per session per page, and on a quiz result the plan."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q

from backend.knowledge.models import Level

COMMENT_MAX = 500


class Plan(models.TextChoices):
    """What a person means to do, on the same care ladder as the advice, plus "not sure"."""

    EMERGENCY_AMBULANCE = "emergency_ambulance", "Call an ambulance"
    EMERGENCY = "emergency", "Go to the emergency department"
    CONSULTATION_24 = "consultation_24", "See a doctor today or tomorrow"
    CONSULTATION = "consultation", "Book a doctor's appointment"
    SELF_CARE = "self_care", "Look after it myself at home"
    NOT_SURE = "not_sure", "I'm not sure yet"


class FeedbackQuerySet(models.QuerySet):
    def record(self, *, page: str, advice: str = "", existing: Feedback | None = None, helpful: bool | None = None,
               comment: str = "", plan_before: str = "", plan_after: str = "") -> Feedback:
        """A new answer, or this session's earlier one with what was added or changed."""
        feedback = existing or self.model(page=page, advice=advice)
        if helpful is not None:
            feedback.helpful = helpful
        for name, value in (("comment", comment.strip()), ("plan_before", plan_before), ("plan_after", plan_after)):
            if value:
                setattr(feedback, name, value)
        feedback.save()
        return feedback

    def helpful_count(self, page: str) -> int:
        return self.filter(page=page, helpful=True).count()

    def summary(self):
        """Per page: votes, yes, no and how many quiz results changed someone's plan."""
        return (self.values("page").order_by("page")
                .annotate(votes=Count("pk"), yes=Count("pk", filter=Q(helpful=True)),
                          no=Count("pk", filter=Q(helpful=False)),
                          plans=Count("pk", filter=~Q(plan_after="") & ~Q(plan_before="")),
                          changed=Count("pk", filter=~Q(plan_after="") & ~Q(plan_before="")
                                        & ~Q(plan_after=models.F("plan_before")))))


class Feedback(models.Model):
    """One person's answer on one page. Nothing identifies them: no account, address or session id."""

    page = models.CharField(max_length=120, db_index=True,
                            help_text='Which page, e.g. "topic:back-lump" or "quiz-result:back-lump".')
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=COMMENT_MAX)
    advice = models.CharField("advice given", max_length=20, choices=Level.choices, blank=True)
    plan_before = models.CharField("plan before", max_length=20, choices=Plan.choices, blank=True)
    plan_after = models.CharField("plan now", max_length=20, choices=Plan.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = "answer"
        verbose_name_plural = "answers"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["page", "helpful"])]

    def __str__(self) -> str:
        return f"{'Yes' if self.helpful else 'No'} on {self.page}"

    @property
    def changed_plan(self) -> bool | None:
        if not (self.plan_before and self.plan_after):
            return None
        return self.plan_before != self.plan_after
