"""POST /api/v1/parse/: a person's own words to the topic's findings (DESIGN.md, "Free text").

The text is read and dropped: never stored, logged or cached, and not echoed beyond the matched words.
"""

from dataclasses import asdict

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.knowledge.models import Kind, Level
from backend.language import parser
from backend.quiz.loader import knowledge_base

from .serializers import AgeSexSerializer, ErrorsSerializer

TEXT_MAX = parser.MAX_TEXT


class ParseInputSerializer(AgeSexSerializer):
    topic = serializers.CharField(max_length=60, help_text="A topic slug from GET /api/v1/topics/.")
    # Not trimmed: the mentions' offsets point into the text exactly as it was sent.
    text = serializers.CharField(trim_whitespace=False, max_length=TEXT_MAX, error_messages={
        "blank": "Write a few words about the symptoms.",
        "max_length": f"The text can be at most {TEXT_MAX:,} characters.",
    }, help_text=f"What the person says, 1 to {TEXT_MAX:,} characters.")

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Write a few words about the symptoms.")
        return value

    def validate_topic(self, value: str) -> str:
        if not knowledge_base().has_topic(value):
            raise serializers.ValidationError(f"Unknown topic '{value}'.")
        return value


class MentionSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    choice = serializers.ChoiceField(choices=("present", "absent"))
    orth = serializers.CharField(help_text="The words matched, exactly text[start:end].")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    min_level = serializers.ChoiceField(choices=Level.choices, allow_null=True)


class ParseOutputSerializer(serializers.Serializer):
    mentions = MentionSerializer(many=True)
    emergency = serializers.BooleanField(help_text="A present mention carries an emergency level.")


class ParseApi(APIView):
    """The findings a person mentions in their own words: present, absent, in text order."""

    @extend_schema(request=ParseInputSerializer, operation_id="parse", responses={
        200: ParseOutputSerializer,
        400: OpenApiResponse(ErrorsSerializer, description="Bad input: one entry per problem."),
    })
    def post(self, request: Request) -> Response:
        serializer = ParseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parsed = parser.parse(data["topic"], data["text"], age=data.get("age"), sex=data.get("sex"))
        return Response(ParseOutputSerializer({
            "mentions": [asdict(mention) for mention in parsed.mentions], "emergency": parsed.emergency,
        }).data)
