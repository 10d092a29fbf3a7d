"""The JSON API: the assessment interview (stateless) and the content catalogue."""

from dataclasses import asdict

from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.knowledge.models import Condition, Likelihood, Topic
from backend.language import answers
from backend.quiz import engine
from backend.quiz.loader import knowledge_base
from backend.stories.models import Story

from . import serializers as s
from .throttles import AnswerThrottle, StoryThrottle

BAD_INPUT = OpenApiResponse(s.ErrorsSerializer, description="Bad input: one entry per problem.")
NOT_FOUND = OpenApiResponse(s.ErrorsSerializer, description="No such item.")
TOO_MANY = OpenApiResponse(s.ErrorsSerializer, description="Too many requests from this client: try again after "
                                                           "the number of seconds in the Retry-After header.")
RETRY_AFTER = OpenApiParameter("Retry-After", int, OpenApiParameter.HEADER, response=[429],
                               description="Seconds until the client may try again.")
STORIES_PER_PAGE = 20


def read_case(request: Request, input_serializer) -> tuple[dict, engine.Case]:
    """Validate an assessment body against the shapes and against the topic's own findings.

    Raises ValidationError, which the API's exception handler answers as a 400 with one entry per problem."""
    serializer = input_serializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    kb = knowledge_base()
    topic = data["topic"]
    if not kb.has_topic(topic):
        raise ValidationError({"topic": f"Unknown topic '{topic}'."})
    errors: dict[int, dict[str, str]] = {}  # by the item's index: reported as "evidence[2].id"
    seen = set()
    for index, item in enumerate(data["evidence"]):
        symptom_id = item["id"]
        if symptom_id in seen:
            errors[index] = {"id": f"Symptom '{symptom_id}' is given more than once."}
        elif not kb.has_symptom(topic, symptom_id):
            message = (f"Symptom '{symptom_id}' belongs to another topic, not '{topic}'."
                       if any(kb.has_symptom(t.id, symptom_id) for t in kb.topics)
                       else f"Unknown symptom '{symptom_id}' for topic '{topic}'.")
            errors[index] = {"id": message}
        seen.add(symptom_id)
    if errors:
        raise ValidationError({"evidence": errors})
    case = engine.Case(
        topic=topic, age=data.get("age"), sex=data.get("sex"),
        evidence=tuple(engine.Evidence(id=e["id"], choice=e["choice"]) for e in data["evidence"]),
        continue_after_emergency=data.get("extras", {}).get("continue_after_emergency", False),
    )
    return data, case


def published_by_slug(queryset, slug: str):
    """The published item with this slug, or 404; a value that can't be a slug (a NUL byte, which
    PostgreSQL refuses) never reaches the database."""
    return get_object_or_404(queryset.published(), slug=slug if slug_re.match(slug) else None)


def not_found(request, *args, **kwargs) -> JsonResponse:
    """Unknown API addresses answer in the API's own error shape, not with an HTML page."""
    return JsonResponse({"errors": [{"field": None, "message": f"No API endpoint at {request.path}."}]}, status=404)


class AssessmentNextApi(APIView):
    """The next step of an interview: the next question, the ranked conditions and the triage."""

    @extend_schema(request=s.AssessmentInputSerializer,
                   responses={200: s.AssessmentOutputSerializer, 400: BAD_INPUT}, operation_id="assessment_next")
    def post(self, request: Request) -> Response:
        _, case = read_case(request, s.AssessmentInputSerializer)
        step = engine.next_step(knowledge_base(), case)
        return Response(s.AssessmentOutputSerializer(asdict(step)).data)


class AssessmentExplainApi(APIView):
    """The answers that support and argue against one condition."""

    @extend_schema(request=s.ExplainInputSerializer,
                   responses={200: s.ExplainOutputSerializer, 400: BAD_INPUT}, operation_id="assessment_explain")
    def post(self, request: Request) -> Response:
        data, case = read_case(request, s.ExplainInputSerializer)
        kb = knowledge_base()
        if not kb.has_condition(case.topic, data["target"]):
            raise ValidationError({"target": f"Unknown condition '{data['target']}' for topic '{case.topic}'."})
        return Response(s.ExplainOutputSerializer(asdict(engine.explain(kb, case, data["target"]))).data)


class TopicListApi(APIView):
    """The published topics; their slugs start an assessment."""

    @extend_schema(responses={200: s.TopicSerializer(many=True)}, operation_id="topic_list")
    def get(self, request: Request) -> Response:
        return Response(s.TopicSerializer(Topic.objects.published(), many=True).data)


class TopicSymptomsApi(APIView):
    """Every finding a topic's interview can ask about."""

    @extend_schema(responses={200: s.SymptomSerializer(many=True), 404: NOT_FOUND}, operation_id="topic_symptoms")
    def get(self, request: Request, slug: str) -> Response:
        topic = published_by_slug(Topic.objects, slug)
        symptoms = topic.symptoms.select_related("group").order_by("kind", "order", "slug")
        return Response(s.SymptomSerializer(symptoms, many=True).data)


class ConditionListApi(APIView):
    """The published conditions, optionally of one topic."""

    @extend_schema(parameters=[OpenApiParameter("topic", str, description="Only this topic's conditions.")],
                   responses={200: s.ConditionSummarySerializer(many=True)}, operation_id="condition_list")
    def get(self, request: Request) -> Response:
        conditions = Condition.objects.published().prefetch_related("topics")
        if topic := request.query_params.get("topic"):
            conditions = conditions.filter(topics__slug=topic) if slug_re.match(topic) else conditions.none()
        return Response(s.ConditionSummarySerializer(conditions, many=True).data)


class ConditionDetailApi(APIView):
    """One condition card with its linked findings."""

    @extend_schema(responses={200: s.ConditionDetailSerializer, 404: NOT_FOUND}, operation_id="condition_detail")
    def get(self, request: Request, slug: str) -> Response:
        condition = published_by_slug(Condition.objects.prefetch_related(
            "topics", Prefetch("likelihoods", queryset=Likelihood.objects.select_related("symptom"))), slug)
        return Response(s.ConditionDetailSerializer(condition).data)


class AnswersApi(APIView):
    """Ask about this site: verbatim passages of the published pages that answer a question, or none."""

    throttle_classes = [AnswerThrottle]

    @extend_schema(request=s.AnswersInputSerializer, parameters=[RETRY_AFTER],
                   responses={200: s.AnswersOutputSerializer, 400: BAD_INPUT, 429: TOO_MANY},
                   operation_id="answers",
                   description="Answers are quotes of the site's pages with a link to their section; nothing is "
                               "generated. `no_answer` is true when the site has nothing that answers the question. "
                               "`emergency` is set when the question describes an emergency. The question is not "
                               "stored or logged.")
    def post(self, request: Request) -> Response:
        serializer = s.AnswersInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        page = (data["page"]["kind"], data["page"]["slug"]) if data.get("page") else None
        return Response(s.AnswersOutputSerializer(asdict(answers.answer(data["question"], page))).data)


class StoryListApi(APIView):
    """Patient stories: read a topic's approved ones, or share one for moderation."""

    def get_throttles(self):
        return [StoryThrottle()] if self.request.method == "POST" else []

    @extend_schema(parameters=[s.StoryListQuerySerializer],
                   responses={200: s.StoryPageSerializer, 400: BAD_INPUT}, operation_id="story_list",
                   description="A topic's approved stories, newest first, 20 to a page. The text is plain text.")
    def get(self, request: Request) -> Response:
        query = s.StoryListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        topic = Topic.objects.published().filter(slug=query.validated_data["topic"]).first()
        if topic is None:
            raise ValidationError({"topic": f"Unknown topic '{query.validated_data['topic']}'."})
        paginator = Paginator(Story.objects.public(topic).select_related("topic"), STORIES_PER_PAGE)
        number = query.validated_data["page"]
        stories = paginator.page(number).object_list if number <= paginator.num_pages else []
        next_url = None
        if number < paginator.num_pages:
            query_string = urlencode({"topic": topic.slug, "page": number + 1})
            next_url = request.build_absolute_uri(f"{request.path}?{query_string}")
        return Response(s.StoryPageSerializer({
            "count": paginator.count, "page": number, "pages": paginator.num_pages, "next": next_url,
            "results": stories,
        }).data)

    @extend_schema(request=s.StoryInputSerializer, parameters=[RETRY_AFTER],
                   responses={201: s.StoryCreatedSerializer, 400: BAD_INPUT, 429: TOO_MANY},
                   operation_id="story_create",
                   description="Share a story. It is pending until a moderator approves it; the same per-client "
                               "limit applies as on the site's form.")
    def post(self, request: Request) -> Response:
        serializer = s.StoryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        topic = Topic.objects.published().filter(slug=data["topic"]).first()
        if topic is None:
            raise ValidationError({"topic": f"Unknown topic '{data['topic']}'."})
        condition = None
        if data.get("condition"):
            condition = topic.conditions.published().filter(slug=data["condition"]).first()
            if condition is None:
                raise ValidationError(
                    {"condition": f"Unknown condition '{data['condition']}' for topic '{topic.slug}'."})
        story = Story.objects.submit(
            topic=topic, condition=condition, display_name=data["display_name"], text=data["text"],
            language=data["language"], age_range=data.get("age_range") or "", sex=data.get("sex") or "",
            via=Story.Via.API,
        )
        return Response(s.StoryCreatedSerializer({
            "id": story.pk, "status": story.status,
            "message": "Thank you: the story will appear once a moderator approves it.",
        }).data, status=status.HTTP_201_CREATED)
