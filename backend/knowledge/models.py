"""The medical knowledge base: topics (articles), conditions, symptoms and the links between them."""

from __future__ import annotations

import calendar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    """The five-step care ladder, most urgent first."""

    EMERGENCY_AMBULANCE = "emergency_ambulance", "Call an ambulance"
    EMERGENCY = "emergency", "Go to the emergency department"
    CONSULTATION_24 = "consultation_24", "See a doctor within 24 hours"
    CONSULTATION = "consultation", "Book a doctor's appointment"
    SELF_CARE = "self_care", "Look after it at home"


# Rank 0 is the most urgent; the ordering of Level is the single source of truth.
LEVEL_RANK = {level.value: rank for rank, level in enumerate(Level)}


class Rarity(models.TextChoices):
    COMMON = "common", "Common"
    UNCOMMON = "uncommon", "Uncommon"
    RARE = "rare", "Rare"
    VERY_RARE = "very_rare", "Very rare"


# The prior weight a rarity implies, relative to "common", among people who have the topic's
# symptom. Rough orders of magnitude, not calibrated frequencies.
RARITY_PRIOR = {
    Rarity.COMMON: 1.0,
    Rarity.UNCOMMON: 0.3,
    Rarity.RARE: 0.08,
    Rarity.VERY_RARE: 0.02,
}


class Sex(models.TextChoices):
    ANY = "any", "Any"
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class TransitionError(Exception):
    """A publication or sign-off step that is not allowed from the current state."""


def months_before(day, months: int):
    """The same day of the month `months` earlier (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def due_for_review(self, today=None, months: int = 12):
        """Signed off `months` or more ago: the same rule as ReviewedContent.review_is_stale()."""
        return self.filter(reviewed_at__lte=months_before(today or timezone.localdate(), months))


class NaturalKeyManager(models.Manager.from_queryset(PublishedQuerySet)):
    """Fixtures refer to content by slug, so loading them twice updates instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


# Fields that only the workflow methods below may change.
WORKFLOW_FIELDS = ("status", "published_at", "reviewed_by_id", "reviewed_at")
# Bookkeeping that is not the content itself: changing only these is not an edit.
NOT_CONTENT = (*WORKFLOW_FIELDS, "id", "updated_at", "last_edited_by_id")


class ReviewedContent(models.Model):
    """Publication (draft / published) and clinical sign-off, kept apart and changed only by methods.

    Any edit to the content clears the sign-off until a reviewer signs it again, and a reviewer
    cannot sign off an edit of their own (`last_edited_by`).
    """

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    written_by = models.CharField(max_length=120, default="the Backcheck team")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    reviewed_at = models.DateField(null=True, blank=True, editable=False)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._saved_workflow = instance._workflow_state()
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._saved_workflow = self._workflow_state()

    def _workflow_state(self) -> tuple:
        return tuple(getattr(self, name) for name in WORKFLOW_FIELDS)

    def save(self, *args, **kwargs):
        if not getattr(self, "_in_transition", False):
            saved = getattr(self, "_saved_workflow", None)
            if saved is not None and saved != self._workflow_state():
                raise TransitionError(
                    "Publication and sign-off change only through publish(), unpublish() and sign_off().")
            if not self._state.adding and self.pk is not None:
                kwargs["update_fields"] = self._follow_stored_workflow(kwargs.get("update_fields"))
            elif self.last_edited_by_id is None:
                self.last_edited_by = getattr(self, "_edited_by", None)
        super().save(*args, **kwargs)
        self._saved_workflow = self._workflow_state()

    def _follow_stored_workflow(self, update_fields):
        """Workflow state always comes from the database, so an instance rebuilt from an old version
        (a revert in the admin) can't bring back an old status or sign-off; a content edit clears the
        sign-off and records who made it (`_edited_by`, set by the admin)."""
        names = [field.attname for field in self._meta.concrete_fields]
        stored = type(self)._base_manager.filter(pk=self.pk).values(*names).first()
        if stored is None:
            return update_fields
        for name in (*WORKFLOW_FIELDS, "last_edited_by_id"):
            setattr(self, name, stored[name])
        if not any(getattr(self, name) != stored[name] for name in names if name not in NOT_CONTENT):
            return update_fields
        self.reviewed_by, self.reviewed_at = None, None
        self.last_edited_by = getattr(self, "_edited_by", None)
        if update_fields is not None:
            update_fields = {*update_fields, "reviewed_by", "reviewed_at", "last_edited_by"}
        return update_fields

    def record_edit(self, by) -> None:
        """A part of this page changed (a likelihood, an FAQ): the sign-off no longer holds."""
        self._transition(reviewed_by=None, reviewed_at=None, last_edited_by=by)

    def _transition(self, **changes) -> None:
        with transaction.atomic():
            for name, value in changes.items():
                setattr(self, name, value)
            self._in_transition = True
            try:
                self.save(update_fields=[*changes, "updated_at"])
            finally:
                self._in_transition = False

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_signed_off(self) -> bool:
        return self.reviewed_by_id is not None

    def publish(self) -> None:
        if self.is_published:
            raise TransitionError(f"{self} is already published.")
        self._transition(status=Status.PUBLISHED, published_at=timezone.now())

    def unpublish(self) -> None:
        if not self.is_published:
            raise TransitionError(f"{self} is not published.")
        self._transition(status=Status.DRAFT)

    def sign_off(self, by) -> None:
        """A medical reviewer approves the current text; the date is today. Nobody signs off their own edit."""
        if by is None or not by.pk:
            raise TransitionError("A sign-off needs a reviewer.")
        if self.last_edited_by_id == by.pk:
            raise TransitionError(f"You made the last edit to {self}; another reviewer must sign it off.")
        self._transition(reviewed_by=by, reviewed_at=timezone.localdate())

    def clear_sign_off(self) -> None:
        if self.is_signed_off:
            self._transition(reviewed_by=None, reviewed_at=None)

    def review_is_stale(self, today=None, months: int = 12) -> bool:
        """Signed-off content older than `months` is due for another review."""
        if self.reviewed_at is None:
            return False
        today = today or timezone.localdate()
        age_in_months = (today.year - self.reviewed_at.year) * 12 + today.month - self.reviewed_at.month
        if today.day < self.reviewed_at.day:
            age_in_months -= 1
        return age_in_months >= months


class Source(models.Model):
    """A reference the content is written from."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def natural_key(self):
        return (self.slug,)


class Topic(ReviewedContent):
    """A symptom article with its quiz: "Painful back lump", "Burning sensation in back"."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    short_title = models.CharField(max_length=60, help_text="Used on cards and buttons, e.g. 'a painful back lump'.")
    summary = models.TextField(help_text="One or two sentences shown on the home page and in search results.")
    overview = models.TextField()
    characteristics = models.TextField(blank=True)
    accompanying_symptoms = models.TextField(blank=True)
    causes = models.TextField()
    when_to_see_doctor = models.TextField()
    emergency_signs = models.TextField()
    doctor_questions = models.TextField(blank=True, help_text="One question per line.")
    treatment_medical = models.TextField(blank=True)
    treatment_otc = models.TextField(blank=True)
    treatment_home = models.TextField(blank=True)
    prevention = models.TextField(blank=True)
    red_flag_question = models.CharField(
        max_length=200, default="Since this started, have you had any of these, even if they have gone?",
        help_text="The red-flag screen's question, the first step of the quiz.",
    )
    red_flag_why = models.TextField(
        default="These signs can mean you need care straight away, so we check them before anything else.",
        help_text="The red-flag screen's \"Why we ask\".",
    )
    default_level = models.CharField(
        max_length=20, choices=Level.choices, default=Level.CONSULTATION,
        help_text="The care advice before any answer is given.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, blank=True, related_name="topics")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        permissions = [("publish_topic", "Can publish and unpublish topics"),
                       ("sign_off_topic", "Can sign off topics (clinical review)")]

    def __str__(self) -> str:
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("knowledge:topic", args=[self.slug])

    def doctor_question_list(self) -> list[str]:
        return [line.strip() for line in self.doctor_questions.splitlines() if line.strip()]


class FAQManager(models.Manager):
    def get_by_natural_key(self, topic_slug, question):
        return self.get(topic__slug=topic_slug, question=question)


class FAQ(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = FAQManager()

    class Meta:
        ordering = ["topic", "order", "id"]
        verbose_name = "FAQ"
        constraints = [models.UniqueConstraint(fields=["topic", "question"], name="unique_faq_per_topic")]

    def __str__(self) -> str:
        return self.question

    def natural_key(self):
        return (*self.topic.natural_key(), self.question)

    natural_key.dependencies = ["knowledge.topic"]


class Condition(ReviewedContent):
    """A condition the quiz can suggest, laid out like a condition card."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    icd10 = models.CharField("ICD-10-CM code", max_length=10)
    summary = models.CharField(max_length=300, help_text="One sentence in plain words.")
    description = models.TextField()
    causes = models.TextField(blank=True)
    rarity = models.CharField(max_length=10, choices=Rarity.choices)
    urgency = models.CharField(max_length=20, choices=Level.choices)
    age_min = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(120)])
    age_max = models.PositiveSmallIntegerField(default=120, validators=[MaxValueValidator(120)])
    sex = models.CharField(max_length=6, choices=Sex.choices, default=Sex.ANY)
    must_not_miss = models.BooleanField(
        default=False,
        help_text="Serious even when its urgency is not (a cancer): once it becomes plausible, the quiz asks "
                  "the questions that confirm or rule it out. Urgent and emergency conditions always count.",
    )
    diagnosis = models.TextField(blank=True)
    treatment = models.TextField(blank=True)
    self_care = models.TextField(blank=True)
    when_to_seek_help = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, related_name="conditions")
    sources = models.ManyToManyField(Source, blank=True, related_name="conditions")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [("publish_condition", "Can publish and unpublish conditions"),
                       ("sign_off_condition", "Can sign off conditions (clinical review)")]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self) -> None:
        if self.age_min > self.age_max:
            raise ValidationError({"age_max": "The typical age range ends before it starts."})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("knowledge:condition", args=[self.slug])

    @property
    def prior_weight(self) -> float:
        return RARITY_PRIOR[self.rarity]


class Kind(models.TextChoices):
    SYMPTOM = "symptom", "Symptom"
    RISK_FACTOR = "risk_factor", "Risk factor"
    DURATION = "duration", "Duration"
    RED_FLAG = "red_flag", "Red flag"


class QuestionGroup(models.Model):
    """Related findings asked as one question, e.g. "What colour is the lump?"."""

    class Type(models.TextChoices):
        SINGLE = "group_single", "Pick one"
        MULTIPLE = "group_multiple", "Pick all that apply"

    slug = models.SlugField(max_length=80, unique=True)
    text = models.CharField(max_length=200)
    why_we_ask = models.TextField(blank=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    ask_first = models.BooleanField(
        default=False,
        help_text="Asked right after the red-flag screen, before the questions the engine chooses "
                  "(e.g. the health background every clinician asks about).",
    )
    history = HistoricalRecords()

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.text

    def natural_key(self):
        return (self.slug,)


class Symptom(models.Model):
    """A finding the quiz can ask about: a symptom, a risk factor, a duration or a red flag."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, help_text="Plain words, as shown in a summary.")
    question = models.CharField(max_length=250, help_text="The question as asked, answerable yes / no.")
    why_we_ask = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SYMPTOM)
    topics = models.ManyToManyField(Topic, related_name="symptoms")
    base_rate = models.FloatField(
        default=0.02, validators=[MinValueValidator(0.0001), MaxValueValidator(0.5)],
        help_text="How often it is present when none of the listed conditions explains it.",
    )
    min_level = models.CharField(
        "minimum care level", max_length=20, choices=Level.choices, blank=True,
        help_text="When present, the advice is at least this urgent. Every red flag has one.",
    )
    sex = models.CharField(
        max_length=6, choices=Sex.choices, default=Sex.ANY, help_text="Asked only of this sex (e.g. pregnancy).",
    )
    group = models.ForeignKey(QuestionGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="symptoms")
    order = models.PositiveSmallIntegerField(default=0, help_text="Order on the red-flag screen or in a group.")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self) -> None:
        if self.kind == Kind.RED_FLAG and not self.min_level:
            raise ValidationError({"min_level": "A red flag must set the minimum care level it forces."})


class LikelihoodManager(models.Manager):
    def get_by_natural_key(self, condition_slug, symptom_slug):
        return self.get(condition__slug=condition_slug, symptom__slug=symptom_slug)


class Likelihood(models.Model):
    """P(symptom | condition), with the card's "always" / "never" flags and where the figure comes from."""

    class Constraint(models.TextChoices):
        NONE = "", "—"
        ALWAYS = "always", "Always occurs"
        NEVER = "never", "Never occurs"

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="likelihoods")
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="likelihoods")
    probability = models.FloatField(validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    constraint = models.CharField(max_length=6, choices=Constraint.choices, blank=True)
    is_top = models.BooleanField("top symptom", default=False)
    note = models.CharField(max_length=300, blank=True, help_text="Where the figure comes from.")
    history = HistoricalRecords()

    objects = LikelihoodManager()

    class Meta:
        ordering = ["condition", "-probability"]
        constraints = [models.UniqueConstraint(fields=["condition", "symptom"], name="unique_likelihood")]

    def __str__(self) -> str:
        return f"P({self.symptom.slug} | {self.condition.slug}) = {self.probability:g}"

    def natural_key(self):
        return (self.condition.slug, self.symptom.slug)

    natural_key.dependencies = ["knowledge.condition", "knowledge.symptom"]

    def clean(self) -> None:
        if self.constraint == self.Constraint.ALWAYS and self.probability < 0.9:
            raise ValidationError({"probability": "A finding that always occurs needs a likelihood of at least 0.9."})
        if self.constraint == self.Constraint.NEVER and self.probability > 0.05:
            raise ValidationError({"probability": "A finding that never occurs needs a likelihood of at most 0.05."})


class TriageRule(models.Model):
    """A combination of findings that together raise the care level, though none does alone.

    For example, a blood thinner, a recent fall and a swelling that keeps growing: each is common,
    together they mean bleeding that needs the emergency department. The rule applies when every one
    of its findings is answered "yes" and the person's age is in range (or not given).
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, help_text="Plain words, e.g. 'Blood thinner with a growing swelling'.")
    level = models.CharField("minimum care level", max_length=20, choices=Level.choices)
    findings = models.ManyToManyField(Symptom, related_name="rules", help_text="All of these, answered yes.")
    age_min = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(120)])
    age_max = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(120)])
    note = models.CharField(max_length=300, blank=True, help_text="The guidance the rule follows.")
    history = HistoricalRecords()

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": "The age range ends before it starts."})


class ContentVersion(models.Model):
    """One row whose number goes up on every content change, so each server node can notice edits.

    The number is mirrored in the shared cache, so a node's check is a cache read, not a query.
    """

    CACHE_KEY = "backcheck:content-version"

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    @classmethod
    def current(cls) -> int:
        """The version in the database (0 before any content exists)."""
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0

    @classmethod
    def cached(cls) -> int:
        """The version from the shared cache, filled from the database on a miss."""
        version = cache.get(cls.CACHE_KEY)
        if version is None:
            version = cls.current()
            # A per-process cache never hears of another node's edit, so the copy lives only as long
            # as one check interval; a shared cache is also cleared at once on every commit.
            cache.set(cls.CACHE_KEY, version, timeout=settings.ENGINE_VERSION_CHECK_SECONDS)
        return version

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(pk=1).update(version=models.F("version") + 1, changed_at=timezone.now())
        if not updated:
            cls.objects.get_or_create(pk=1)
        # Other nodes re-read the database once the change is committed.
        transaction.on_commit(lambda: cache.delete(cls.CACHE_KEY))
