"""Input and output shapes of the JSON API (DESIGN.md, "The JSON API contract")."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.knowledge.models import Kind, Level
from backend.language.answers import SECTIONS, index
from backend.stories.models import AgeRange, StorySex
from backend.stories.text import (
    LANGUAGE_CHOICES,
    NAME_MAX,
    STORY_LENGTH,
    STORY_MAX,
    STORY_MIN,
    clean_display_name,
    clean_plain_text,
    validate_display_name,
)

CHOICES = ("present", "absent", "unknown")
LEVELS = [level.value for level in Level]
KINDS = [kind.value for kind in Kind]
MAX_EVIDENCE = 300


class EvidenceSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=80)
    choice = serializers.ChoiceField(choices=CHOICES, error_messages={
        "invalid_choice": "Choice must be one of present, absent, unknown (got {input!r}).",
    })


class ExtrasSerializer(serializers.Serializer):
    continue_after_emergency = serializers.BooleanField(required=False, default=False)


class AgeSexSerializer(serializers.Serializer):
    """Age and sex, both optional: without them the engine uses population priors."""

    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120, error_messages={
        "invalid": "Age must be a whole number of years.",
        "min_value": "Age must be between 0 and 120.",
        "max_value": "Age must be between 0 and 120.",
    })
    sex = serializers.ChoiceField(required=False, allow_null=True, choices=("female", "male"), error_messages={
        "invalid_choice": "Sex must be \"female\" or \"male\" (got {input!r}).",
    })

    def validate_age(self, value):
        # JSON true/false and 40.5 are not ages, even though Python would coerce them.
        raw = self.initial_data.get("age") if isinstance(self.initial_data, dict) else None
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise serializers.ValidationError("Age must be a whole number of years.")
        return value


class AssessmentInputSerializer(AgeSexSerializer):
    topic = serializers.CharField(max_length=60)
    evidence = serializers.ListField(child=EvidenceSerializer(), max_length=MAX_EVIDENCE, error_messages={
        "max_length": f"At most {MAX_EVIDENCE} evidence items are accepted.",
        "not_a_list": "Evidence must be a list of {{\"id\", \"choice\"}} items.",
    })
    extras = ExtrasSerializer(required=False)


class ExplainInputSerializer(AssessmentInputSerializer):
    target = serializers.CharField(max_length=80, help_text="The slug of the condition to explain.")


class QuestionItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    choices = serializers.ListField(child=serializers.ChoiceField(choices=CHOICES))


class QuestionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=("single", "group_single", "group_multiple"))
    text = serializers.CharField()
    explanation = serializers.CharField(allow_blank=True)
    items = QuestionItemSerializer(many=True)


class RankedConditionSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    icd10 = serializers.CharField()
    probability = serializers.FloatField(min_value=0, max_value=1)
    rarity = serializers.CharField()
    urgency = serializers.ChoiceField(choices=LEVELS)


class SeriousSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    is_emergency = serializers.BooleanField()


class TriageSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=LEVELS)
    label = serializers.CharField()
    advice = serializers.CharField()
    serious = SeriousSerializer(many=True)


class AssessmentOutputSerializer(serializers.Serializer):
    question = QuestionSerializer(allow_null=True)
    should_stop = serializers.BooleanField()
    conditions = RankedConditionSerializer(many=True)
    triage = TriageSerializer()
    questions_asked = serializers.IntegerField(min_value=0)


class ReasonSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    choice = serializers.ChoiceField(choices=("present", "absent"))
    weight = serializers.FloatField()


class ExplainOutputSerializer(serializers.Serializer):
    target = serializers.CharField()
    supporting = ReasonSerializer(many=True)
    conflicting = ReasonSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorsSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


class TopicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    red_flag_question = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class GroupSerializer(serializers.Serializer):
    id = serializers.CharField(source="slug")
    text = serializers.CharField()
    type = serializers.CharField()


class SymptomSerializer(serializers.Serializer):
    id = serializers.CharField(source="slug")
    name = serializers.CharField()
    question = serializers.CharField()
    why_we_ask = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=KINDS)
    group = GroupSerializer(allow_null=True)
    min_level = serializers.CharField(allow_blank=True)


class ConditionSummarySerializer(serializers.Serializer):
    id = serializers.CharField(source="slug")
    name = serializers.CharField()
    icd10 = serializers.CharField()
    summary = serializers.CharField()
    rarity = serializers.CharField()
    urgency = serializers.ChoiceField(choices=LEVELS)
    topics = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, condition) -> list[str]:
        return [topic.slug for topic in condition.topics.all()]


class LinkedSymptomSerializer(serializers.Serializer):
    id = serializers.CharField(source="symptom.slug")
    name = serializers.CharField(source="symptom.name")
    probability = serializers.FloatField()
    constraint = serializers.CharField(allow_blank=True)
    is_top = serializers.BooleanField()


class ConditionDetailSerializer(ConditionSummarySerializer):
    description = serializers.CharField()
    causes = serializers.CharField(allow_blank=True)
    diagnosis = serializers.CharField(allow_blank=True)
    treatment = serializers.CharField(allow_blank=True)
    self_care = serializers.CharField(allow_blank=True)
    when_to_seek_help = serializers.CharField(allow_blank=True)
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    sex = serializers.CharField()
    reviewed_at = serializers.SerializerMethodField(help_text="When a medical reviewer signed off what the "
                                                   "page says now; null when nobody has.")
    symptoms = LinkedSymptomSerializer(source="likelihoods", many=True)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_reviewed_at(self, condition):
        return condition.reviewed_at if condition.is_signed_off else None


# Stories ------------------------------------------------------------------------------------------

class StoryInputSerializer(serializers.Serializer):
    """A patient's story; the same rules as the form on the site (backend/stories/text.py)."""

    topic = serializers.SlugField(max_length=60, help_text="A topic slug from /api/v1/topics/.")
    condition = serializers.SlugField(max_length=80, required=False, allow_null=True,
                                      help_text="What it turned out to be: a condition slug of the topic.")
    display_name = serializers.CharField(max_length=NAME_MAX, help_text="A first name or initials, in any script.")
    age_range = serializers.ChoiceField(choices=AgeRange.choices, required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=StorySex.choices, required=False, allow_null=True)
    language = serializers.ChoiceField(choices=[code for code, _ in LANGUAGE_CHOICES],
                                       help_text='The language the story is written in, or "other".')
    text = serializers.CharField(min_length=STORY_MIN, max_length=STORY_MAX, trim_whitespace=True,
                                 help_text="The story: plain text, 50 to 5,000 characters, any language.")
    consent = serializers.BooleanField(help_text="Must be true: the author agrees to publication and has left out "
                                                 "names, contact details and other personal data.")

    def validate_display_name(self, value: str) -> str:
        value = clean_display_name(value)
        try:
            validate_display_name(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value

    def validate_text(self, value: str) -> str:
        value = clean_plain_text(value)
        try:
            for validator in STORY_LENGTH:
                validator(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value

    def validate_consent(self, value: bool) -> bool:
        raw = self.initial_data.get("consent") if isinstance(self.initial_data, dict) else None
        if raw is not True:
            raise serializers.ValidationError("Consent must be true: the story can't be published without it.")
        return value


class StoryCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["pending"])
    message = serializers.CharField()


class StoryListQuerySerializer(serializers.Serializer):
    topic = serializers.SlugField(max_length=60, help_text="Only this topic's stories.")
    page = serializers.IntegerField(required=False, min_value=1, max_value=10_000, default=1)


class StorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    topic = serializers.CharField(source="topic.slug")
    condition = serializers.CharField(source="condition.slug", allow_null=True, default=None)
    display_name = serializers.CharField()
    age_range = serializers.CharField(allow_blank=True)
    sex = serializers.CharField(allow_blank=True)
    language = serializers.CharField()
    text = serializers.CharField(help_text="Plain text: show it as text, never as HTML.")
    published_at = serializers.DateTimeField()


class StoryPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=0)
    page = serializers.IntegerField(min_value=1)
    pages = serializers.IntegerField(min_value=1)
    next = serializers.CharField(allow_null=True, help_text="The address of the next page, if there is one.")
    results = StorySerializer(many=True)


# Ask about this site --------------------------------------------------------------------------------

PAGE_KINDS = ("topic", "condition")
EMERGENCY_LEVELS = ("emergency_ambulance", "emergency")
QUESTION_MAX = 500


class PageInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PAGE_KINDS, error_messages={
        "invalid_choice": "Kind must be \"topic\" or \"condition\" (got {input!r}).",
    })
    slug = serializers.SlugField(max_length=80)


class AnswersInputSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=QUESTION_MAX, trim_whitespace=True, error_messages={
        "blank": "Write a question.",
        "max_length": f"A question can be at most {QUESTION_MAX} characters.",
    }, help_text="The question, 1 to 500 characters. It is not stored or logged.")
    page = PageInputSerializer(required=False, allow_null=True,
                               help_text="The page the question is asked on, if any: its passages rank a little "
                                         "higher.")

    def validate_question(self, value: str) -> str:
        # A JSON number is not a question, even though DRF would turn it into text.
        raw = self.initial_data.get("question") if isinstance(self.initial_data, dict) else None
        if not isinstance(raw, str):
            raise serializers.ValidationError("The question must be text.")
        return value

    def validate_page(self, value):
        if value and not index().has_page(value["kind"], value["slug"]):
            raise serializers.ValidationError({"slug": f"Unknown {value['kind']} '{value['slug']}'."})
        return value


class AnswerPageSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PAGE_KINDS)
    slug = serializers.CharField()
    title = serializers.CharField()


class PassageSerializer(serializers.Serializer):
    page = AnswerPageSerializer()
    section = serializers.ChoiceField(choices=SECTIONS)
    heading = serializers.CharField()
    quote = serializers.CharField(help_text="Verbatim text of the page's section.")
    url = serializers.CharField(help_text="The page's address with the section's anchor.")


class EmergencySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=EMERGENCY_LEVELS)
    message = serializers.CharField(help_text="What to do now, in plain words.")
    flags = serializers.ListField(child=serializers.CharField(), help_text="The red flags the question describes.")


class AnswersOutputSerializer(serializers.Serializer):
    emergency = EmergencySerializer(allow_null=True, help_text="Set when the question describes an emergency; "
                                                               "show it before any answer.")
    answers = PassageSerializer(many=True, help_text="At most 3, best first.")
    no_answer = serializers.BooleanField(help_text="True exactly when answers is empty.")
