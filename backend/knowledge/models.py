"""The medical knowledge base: topics (articles), conditions, symptoms and the links between them."""

from __future__ import annotations

import calendar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from backend.ops.transitions import TransitionError, locked_state, require_permission


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


# For ordering conditions in the database, the most common first.
RARITY_RANK = models.Case(*(models.When(rarity=rarity, then=rank) for rank, rarity in enumerate(Rarity)),
                          output_field=models.IntegerField())


class Sex(models.TextChoices):
    ANY = "any", "Any"
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def months_before(day, months: int):
    """The same day of the month `months` earlier (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def review_due_before(today=None):
    """Content signed off on or before this day is due for another review: a year is the longest a
    sign-off holds. Both the admin's filter and each page's own check use it."""
    return months_before(today or timezone.localdate(), 12)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def due_for_review(self, today=None):
        return self.filter(reviewed_at__lte=review_due_before(today))


class SlugNaturalKey:
    """Fixtures refer to content by slug, so loading them twice updates instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class NaturalKeyManager(SlugNaturalKey, models.Manager.from_queryset(PublishedQuerySet)):
    pass


# Publication and sign-off: only the transitions below change them; a plain save never writes them.
WORKFLOW_FIELDS = ("status", "published_at", "reviewed_by", "reviewed_at", "reviewed_fingerprint")
# Who last changed the content, kept by backend.knowledge.review (a reviewer can't sign off their own edit).
STATE_FIELDS = (*WORKFLOW_FIELDS, "last_edited_by")
# A new draft: what a row restored from its history starts as, whatever the old version said.
DRAFT_STATE = {"status": Status.DRAFT, "published_at": None, "reviewed_by_id": None, "reviewed_at": None,
               "reviewed_fingerprint": "", "last_edited_by_id": None}


class ReviewedContent(models.Model):
    """Publication (draft / published) and clinical sign-off, kept apart and changed only by transitions.

    A sign-off records a fingerprint of everything the reviewer saw that can change advice
    (backend.knowledge.review); the page shows "Medically reviewed" only while that still matches, and
    any change clears it. A reviewer cannot sign off an edit of their own (`last_edited_by`).
    """

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    written_by = models.CharField(max_length=120, default="the Backcheck team")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    reviewed_at = models.DateField(null=True, blank=True, editable=False)
    reviewed_fingerprint = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text="SHA-256 of what the reviewer signed off (see backend.knowledge.review).",
    )
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
        self.__dict__.pop("_fingerprint", None)

    def _workflow_state(self) -> tuple:
        return tuple(getattr(self, self._meta.get_field(name).attname) for name in WORKFLOW_FIELDS)

    def save(self, *args, **kwargs):
        if not getattr(self, "_in_transition", False):
            if not self._state.adding and getattr(self, "_saved_workflow", None) is None:
                self._take_state_from_database()
            saved = getattr(self, "_saved_workflow", None)
            if saved is not None and saved != self._workflow_state():
                raise TransitionError(
                    "Publication and sign-off change only through publish(), unpublish() and sign_off().")
            if not self._state.adding:
                kwargs["update_fields"] = self._content_fields(kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        self._saved_workflow = self._workflow_state()
        self.__dict__.pop("_fingerprint", None)

    def _take_state_from_database(self) -> None:
        """An instance built from an old version (a revert or a restore in the history admin) takes
        publication and sign-off from the database, never from the old version; a row deleted since
        comes back as an unreviewed draft."""
        stored = type(self)._base_manager.filter(pk=self.pk).values(
            *(self._meta.get_field(name).attname for name in STATE_FIELDS)).first()
        if stored is None:
            self._state.adding = True
            stored = DRAFT_STATE
        for name, value in stored.items():
            setattr(self, name, value)
        self._saved_workflow = self._workflow_state()

    def _content_fields(self, update_fields) -> list[str]:
        names = [field.name for field in self._meta.concrete_fields
                 if not field.primary_key and field.name not in STATE_FIELDS]
        return names if update_fields is None else [name for name in names if name in set(update_fields)]

    # Transitions -----------------------------------------------------------------------------

    def _move(self, action: str, *, by, permission: str, refuse, **changes) -> None:
        """Take one step: `refuse(current)` returns why the step is not allowed from the row's
        current state in the database, or None. Recorded in the history with who and what."""
        require_permission(by, f"{self._meta.app_label}.{permission}_{self._meta.model_name}", action)
        with transaction.atomic():
            current = locked_state(self, *(self._meta.get_field(name).attname for name in STATE_FIELDS))
            if reason := refuse(current):
                raise TransitionError(reason)
            self._apply(changes, by=by, reason=action)

    def _apply(self, changes: dict, *, by, reason: str) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self._in_transition, self._change_reason = True, reason
        if by is not None:
            self._history_user = by
        try:
            self.save(update_fields=[*changes, "updated_at"])
        finally:
            self._in_transition = False
            del self._change_reason

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def fingerprint(self) -> str:
        """What a reviewer signing off now would sign: see backend.knowledge.review."""
        if "_fingerprint" not in self.__dict__:
            from .review import fingerprints

            self._fingerprint = fingerprints(type(self), [self.pk])[self.pk]
        return self._fingerprint

    @property
    def is_signed_off(self) -> bool:
        """Signed off, and nothing the reviewer saw has changed since."""
        return self.reviewed_by_id is not None and self.reviewed_fingerprint == self.fingerprint()

    def publish(self, *, by) -> None:
        self._move("publish", by=by, permission="publish",
                   refuse=lambda now: f"{self} is already published." if now["status"] == Status.PUBLISHED else None,
                   status=Status.PUBLISHED, published_at=timezone.now())

    def unpublish(self, *, by) -> None:
        self._move("unpublish", by=by, permission="publish",
                   refuse=lambda now: f"{self} is not published." if now["status"] != Status.PUBLISHED else None,
                   status=Status.DRAFT)

    def sign_off(self, *, by) -> None:
        """A medical reviewer approves what the page says now; the date is today. Nobody signs off their own edit."""
        def refuse(now: dict) -> str | None:
            if now["last_edited_by_id"] == by.pk:
                return f"You made the last edit to {self}; another reviewer must sign it off."
            return None

        with transaction.atomic():
            self.__dict__.pop("_fingerprint", None)
            self._move("sign off", by=by, permission="sign_off", refuse=refuse, reviewed_by=by,
                       reviewed_at=timezone.localdate(), reviewed_fingerprint=self.fingerprint())

    def clear_sign_off(self, reason: str = "Sign-off cleared") -> None:
        """What the reviewer saw has changed (backend.knowledge.review decides)."""
        if self.reviewed_by_id is not None:
            self._apply({"reviewed_by": None, "reviewed_at": None, "reviewed_fingerprint": ""}, by=None,
                        reason=reason)

    def review_is_stale(self, today=None) -> bool:
        return self.reviewed_at is not None and self.reviewed_at <= review_due_before(today)


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

    def overview_parts(self) -> tuple[str, str]:
        """The overview's opening paragraph and the rest, so the quiz and the ask box can sit between
        them (as in the seed articles); each part renders exactly as its paragraphs do in the whole."""
        opening, _, rest = self.overview.replace("\r\n", "\n").strip().partition("\n\n")
        return opening, rest

    def related_conditions(self, limit: int = 5):
        """The topic's published conditions a reader most likely wants next: the common ones first,
        then those most typical of the topic (most strong links to its symptoms)."""
        typical = models.Count("likelihoods", distinct=True,
                               filter=models.Q(likelihoods__symptom__topics=self, likelihoods__probability__gte=0.5))
        return (self.conditions.published().annotate(rarity_rank=RARITY_RANK, typical=typical)
                .order_by("rarity_rank", "-typical", "name")[:limit])


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

    @property
    def anchor(self) -> str:
        """The id of the answer on the page: a link to it unfolds the question's <details>."""
        return f"faq-{self.pk}"

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

    def siblings(self, limit: int = 4):
        """Other published conditions of the same topics, those with the most symptoms in common first."""
        symptoms = self.likelihoods.filter(probability__gte=0.3).values("symptom")
        shared = models.Count("likelihoods", distinct=True,
                              filter=models.Q(likelihoods__symptom__in=symptoms, likelihoods__probability__gte=0.3))
        return (Condition.objects.published().filter(topics__in=self.topics.published()).exclude(pk=self.pk)
                .distinct().annotate(shared=shared, rarity_rank=RARITY_RANK)
                .order_by("-shared", "rarity_rank", "name")[:limit])


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


class SymptomQuerySet(models.QuerySet):
    def red_flags(self):
        """The signs the red-flag screen asks about first, in the screen's order."""
        return self.filter(kind=Kind.RED_FLAG).order_by("order", "name")

    def published_red_flags(self):
        """Every published topic's red flags (the home page and the offline page list them)."""
        return self.red_flags().filter(topics__status=Status.PUBLISHED).distinct()


class SymptomManager(SlugNaturalKey, models.Manager.from_queryset(SymptomQuerySet)):
    pass


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

    objects = SymptomManager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self) -> None:
        if self.kind == Kind.RED_FLAG and not self.min_level:
            raise ValidationError({"min_level": "A red flag must set the minimum care level it forces."})


class SynonymManager(models.Manager):
    def get_by_natural_key(self, language, phrase, symptom_slug, condition_slug):
        return self.get(language=language, phrase=phrase, symptom__slug=symptom_slug or None,
                        condition__slug=condition_slug or None)


class Synonym(models.Model):
    """A lay way of saying a finding or a condition ("pins and needles", "slipped disc"), per language.

    Free text (the quiz's "Describe it" step, the API's /parse/ and the ask box) is read with these:
    inflections, typos and spellings are handled by the reader, so a phrase is listed once.
    """

    language = models.CharField(max_length=8, default="en", help_text="The language code, e.g. 'en'.")
    phrase = models.CharField(
        max_length=120,
        help_text="Words people use, e.g. 'pins and needles'. '#' stands for any number ('# days'); "
                  "'spreading redness + fever' needs both parts said, anywhere in the text.",
    )
    symptom = models.ForeignKey(Symptom, null=True, blank=True, on_delete=models.CASCADE, related_name="synonyms")
    condition = models.ForeignKey(Condition, null=True, blank=True, on_delete=models.CASCADE, related_name="synonyms")
    history = HistoricalRecords()

    objects = SynonymManager()

    class Meta:
        ordering = ["language", "phrase"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(symptom__isnull=True) ^ models.Q(condition__isnull=True),
                name="synonym_names_one_thing",
                violation_error_message="A synonym names either a finding or a condition, not both.",
            ),
            models.UniqueConstraint(fields=["language", "phrase", "symptom"], name="synonym_once_per_finding"),
            models.UniqueConstraint(fields=["language", "phrase", "condition"], name="synonym_once_per_condition"),
        ]

    def __str__(self) -> str:
        return self.phrase

    def natural_key(self):
        return (self.language, self.phrase, self.symptom.slug if self.symptom_id else "",
                self.condition.slug if self.condition_id else "")

    natural_key.dependencies = ["knowledge.condition", "knowledge.symptom"]

    def clean(self) -> None:
        self.phrase = " ".join(self.phrase.split())
        if not self.phrase:
            raise ValidationError({"phrase": "Write the words people use."})
        if (self.symptom_id is None) == (self.condition_id is None):
            raise ValidationError("Choose a finding or a condition (one of them).")


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


class PageKind(models.TextChoices):
    """The pages that carry an "Ask a question about this page" box."""

    TOPIC = "topic", "Topic article"
    CONDITION = "condition", "Condition page"
    SEARCH = "search", "Search page"


class UnansweredCountQuerySet(models.QuerySet):
    def record(self, kind: str, slug: str) -> None:
        """Count one question asked on this page that the site had no answer for (never the question)."""
        today = timezone.localdate()
        # An UPDATE with F() is atomic in the database: two people asking at once both count.
        if self.filter(page_kind=kind, page_slug=slug).update(count=models.F("count") + 1, last_day=today):
            return
        try:
            with transaction.atomic():
                self.create(page_kind=kind, page_slug=slug, count=1, last_day=today)
        except IntegrityError:  # another request created the row first
            self.filter(page_kind=kind, page_slug=slug).update(count=models.F("count") + 1, last_day=today)


class UnansweredCount(models.Model):
    """How many questions asked on a page found no answer on the site: a hint for editors of what to
    write next. Only the page and a number are kept; the questions themselves never are."""

    page_kind = models.CharField(max_length=10, choices=PageKind.choices)
    page_slug = models.SlugField(max_length=80, blank=True, help_text="Empty for the search page.")
    count = models.PositiveIntegerField(default=0)
    last_day = models.DateField(help_text="The last day a question here found no answer.")

    objects = UnansweredCountQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "page_kind", "page_slug"]
        constraints = [models.UniqueConstraint(fields=["page_kind", "page_slug"], name="unique_unanswered_page")]
        verbose_name = "unanswered question count"

    def __str__(self) -> str:
        return f"{self.get_page_kind_display()} {self.page_slug}".strip()
