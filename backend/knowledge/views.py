"""Public pages: home, topic articles, condition cards, search, and the friendly 400 and 404."""

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .models import Condition, Kind, Likelihood, Symptom, Topic


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The topics as large cards, with the emergency signs up front."""
    topics = Topic.objects.published()
    red_flags = Symptom.objects.published_red_flags()
    return render(request, "knowledge/home.html", {"topics": topics, "red_flags": red_flags})


@require_GET
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """A symptom article laid out like the seed articles."""
    topic = get_object_or_404(
        Topic.objects.published().select_related("reviewed_by").prefetch_related("faqs", "sources"), slug=slug
    )
    conditions = topic.conditions.published().order_by("name")
    red_flags = topic.symptoms.red_flags()
    return render(request, "knowledge/topic.html", {"topic": topic, "conditions": conditions, "red_flags": red_flags})


@require_GET
def condition_list(request: HttpRequest) -> HttpResponse:
    """Every published condition, grouped by topic."""
    topics = Topic.objects.published().prefetch_related(
        Prefetch("conditions", queryset=Condition.objects.published().order_by("name"))
    )
    return render(request, "knowledge/condition_list.html", {"topics": topics})


@require_GET
def condition(request: HttpRequest, slug: str) -> HttpResponse:
    """A condition card: what it is, rarity, top symptoms, always / never, urgency, what to do."""
    condition = get_object_or_404(
        Condition.objects.published().select_related("reviewed_by").prefetch_related("sources"), slug=slug
    )
    links = list(condition.likelihoods.select_related("symptom").exclude(symptom__kind=Kind.RED_FLAG))
    return render(request, "knowledge/condition.html", {
        "condition": condition,
        "topics": condition.topics.published(),
        "top_symptoms": [link for link in links if link.is_top] or links[:5],
        "always": [link.symptom for link in links if link.constraint == Likelihood.Constraint.ALWAYS],
        "never": [link.symptom for link in links if link.constraint == Likelihood.Constraint.NEVER],
        "other_symptoms": [link for link in links if not link.is_top and link.probability >= 0.2],
    })


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Find conditions and symptoms by name; symptoms lead to the conditions they point to."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "knowledge/search.html", {"form": form, "query": ""}, status=400)
    query = form.cleaned_data["q"]
    conditions, symptoms = [], []
    if len(query) >= 2:
        conditions = Condition.objects.published().filter(
            Q(name__icontains=query) | Q(summary__icontains=query) | Q(icd10__iexact=query)
        )[:20]
        symptoms = (
            Symptom.objects.filter(Q(name__icontains=query) | Q(question__icontains=query))
            .prefetch_related(Prefetch(
                "likelihoods",
                queryset=Likelihood.objects.filter(condition__status="published", probability__gte=0.3)
                .select_related("condition").order_by("-probability"),
            ))[:20]
        )
    return render(request, "knowledge/search.html", {"query": query, "conditions": conditions, "symptoms": symptoms})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A friendly 404 that still points to help."""
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A friendly 400 for a request no page can use (a forged form, a character that isn't text)."""
    return render(request, "400.html", status=400)
