"""Input and output shapes of the JSON API (DESIGN.md, "The JSON API contract")."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.knowledge.models import Kind, Level

CHOICES = ("present", "absent", "unknown")
LEVELS = [level.value for level in Level]
MAX_EVIDENCE = 300


class EvidenceSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=80)
    choice = serializers.ChoiceField(choices=CHOICES, error_messages={
        "invalid_choice": "Choice must be one of present, absent, unknown (got {input!r}).",
    })


class ExtrasSerializer(serializers.Serializer):
    continue_after_emergency = serializers.BooleanField(required=False, default=False)


class AssessmentInputSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=60)
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120, error_messages={
        "invalid": "Age must be a whole number of years.",
        "min_value": "Age must be between 0 and 120.",
        "max_value": "Age must be between 0 and 120.",
    })
    sex = serializers.ChoiceField(required=False, allow_null=True, choices=("female", "male"), error_messages={
        "invalid_choice": "Sex must be \"female\" or \"male\" (got {input!r}).",
    })
    evidence = serializers.ListField(child=EvidenceSerializer(), max_length=MAX_EVIDENCE, error_messages={
        "max_length": f"At most {MAX_EVIDENCE} evidence items are accepted.",
        "not_a_list": "Evidence must be a list of {{\"id\", \"choice\"}} items.",
    })
    extras = ExtrasSerializer(required=False)

    def validate_age(self, value):
        # JSON true/false and 40.5 are not ages, even though Python would coerce them.
        raw = self.initial_data.get("age") if isinstance(self.initial_data, dict) else None
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise serializers.ValidationError("Age must be a whole number of years.")
        return value


class ExplainInputSerializer(AssessmentInputSerializer):
    target = serializers.CharField(max_length=80, help_text="The slug of the condition to explain.")


class QuestionItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=[k.value for k in Kind])
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
    kind = serializers.ChoiceField(choices=[k.value for k in Kind])
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
    reviewed_at = serializers.DateField(allow_null=True)
    symptoms = LinkedSymptomSerializer(source="likelihoods", many=True)
