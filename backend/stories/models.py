"""Patient stories and their moderation: pending → approved / rejected, approved → withdrawn.

Each step checks the current status in the database, records who and when, runs in a transaction and
writes an entry in the story's audit log. A step that is not allowed raises and changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from backend.knowledge.models import Condition, Topic
from backend.ops.transitions import TransitionError, locked_state, require_permission

from . import flags
from .text import LANGUAGE_CHOICES, NAME_MAX, NOTE_MAX, OTHER_LANGUAGE, STORY_LENGTH

MODERATE = "stories.moderate_story"


class AgeRange(models.TextChoices):
    UNDER_18 = "under-18", "Under 18"
    FROM_18 = "18-29", "18 to 29"
    FROM_30 = "30-44", "30 to 44"
    FROM_45 = "45-59", "45 to 59"
    FROM_60 = "60-74", "60 to 74"
    FROM_75 = "75-plus", "75 or older"


class StorySex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Another answer"


class RejectionReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", "Contains names, contact details or other personal data"
    DANGEROUS_ADVICE = "dangerous_advice", "Dangerous or misleading medical advice"
    SPAM = "spam", "Spam or advertising"
    ABUSE = "abuse", "Abusive, hateful or offensive"
    OFF_TOPIC = "off_topic", "Not about this topic or not a personal experience"
    UNCLEAR = "unclear", "Too unclear to help others"
    OTHER = "other", "Other (explain in the note)"


class StoryQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Story.Status.APPROVED)

    def pending(self):
        return self.filter(status=Story.Status.PENDING)

    def public(self, topic: Topic):
        """What readers of a topic see: approved stories, newest first."""
        return (self.approved().filter(topic=topic).select_related("condition")
                .order_by("-published_at", "-pk"))

    def submit(self, *, topic: Topic, display_name: str, text: str, language: str, via: str,
               condition: Condition | None = None, age_range: str = "", sex: str = "") -> Story:
        """A new pending story, with its automatic flags and the first entry of its audit log."""
        story = self.model(
            topic=topic, condition=condition, display_name=display_name, text=text, language=language,
            age_range=age_range, sex=sex, via=via, consented_at=timezone.now(),
        )
        story.flags = flags.flag_kinds(story.name_flags() + story.text_flags())
        with transaction.atomic():
            story.save(force_insert=True)
            StoryEvent.objects.create(story=story, action=StoryEvent.Action.SUBMITTED,
                                      to_status=story.status)
        return story


class Story(models.Model):
    """A patient's own experience of a topic, shown under the article once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Via(models.TextChoices):
        WEB = "web", "Web form"
        API = "api", "API"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="stories")
    condition = models.ForeignKey(
        Condition, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories",
        verbose_name="what it turned out to be",
    )
    display_name = models.CharField(max_length=NAME_MAX)
    age_range = models.CharField(max_length=10, choices=AgeRange.choices, blank=True)
    sex = models.CharField(max_length=10, choices=StorySex.choices, blank=True)
    language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES)
    text = models.TextField("story", validators=STORY_LENGTH)
    via = models.CharField(max_length=3, choices=Via.choices, default=Via.WEB)
    consented_at = models.DateTimeField()
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    flags = models.CharField(max_length=40, blank=True, help_text="Found automatically when it was submitted.")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    moderation_note = models.TextField(blank=True, max_length=NOTE_MAX)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-submitted_at"]
        permissions = [("moderate_story", "Can approve, reject and withdraw stories")]
        indexes = [models.Index(fields=["topic", "status", "-published_at"])]

    def __str__(self) -> str:
        return f"Story #{self.pk} by {self.display_name}"

    @property
    def lang(self) -> str:
        """The language as an HTML lang attribute ("" when it is not one we can name)."""
        return "" if self.language == OTHER_LANGUAGE else self.language

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]

    def name_flags(self) -> list[flags.Flag]:
        """Contact details, links and listed words (as configured now) in the display name."""
        return flags.find_flags(self.display_name, settings.STORY_FLAG_WORDS)

    def text_flags(self) -> list[flags.Flag]:
        """Contact details, links and listed words (as configured now) in the story."""
        return flags.find_flags(self.text, settings.STORY_FLAG_WORDS)

    @property
    def flag_list(self) -> list[str]:
        return [flags.LABELS[kind] for kind in self.flags.split(",") if kind]

    # Moderation ------------------------------------------------------------------------------

    def approve(self, by) -> None:
        self._move(StoryEvent.Action.APPROVED, by=by, allowed_from={self.Status.PENDING},
                   to=self.Status.APPROVED, published_at=timezone.now(), rejection_reason="", moderation_note="")

    def reject(self, by, reason: str, note: str = "") -> None:
        if reason not in RejectionReason.values:
            raise TransitionError("Choose a reason for the rejection from the list.")
        if reason == RejectionReason.OTHER and not note.strip():
            raise TransitionError("Say in the note why the story is rejected.")
        self._move(StoryEvent.Action.REJECTED, by=by, allowed_from={self.Status.PENDING},
                   to=self.Status.REJECTED, rejection_reason=reason, moderation_note=note.strip()[:NOTE_MAX],
                   reason=reason)

    def withdraw(self, by, note: str = "") -> None:
        self._move(StoryEvent.Action.WITHDRAWN, by=by, allowed_from={self.Status.APPROVED},
                   to=self.Status.WITHDRAWN, moderation_note=note.strip()[:NOTE_MAX])

    def _move(self, action: str, *, by, allowed_from: set[str], to: str, reason: str = "", **fields) -> None:
        require_permission(by, MODERATE, "moderate stories")
        with transaction.atomic():
            # The status in the database decides, so two moderators can't both act on the same story.
            current = locked_state(self, "status")["status"]
            if current not in allowed_from:
                raise TransitionError(
                    f"{self} is {Story.Status(current).label.lower()}; it can't be {action} from there.")
            now = timezone.now()
            changes = {"status": to, "moderated_by": by, "moderated_at": now, **fields}
            for name, value in changes.items():
                setattr(self, name, value)
            self.save(update_fields=list(changes))
            StoryEvent.objects.create(story=self, action=action, from_status=current, to_status=to, by=by, at=now,
                                      reason=reason, note=changes.get("moderation_note", ""))


class StoryEvent(models.Model):
    """The audit log: every step of a story's moderation, who took it and when. Never edited."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    from_status = models.CharField(max_length=10, choices=Story.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Story.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", help_text="Empty for the author's own submission.")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
