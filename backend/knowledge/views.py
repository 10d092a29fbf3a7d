"""Public pages: home, topic articles, condition cards, search, the ask box's answers, and the friendly 400 and 404."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget
from django_htmx.middleware import HtmxDetails

from backend.abuse.limits import ANSWERS, body_limited, wait_in_words
from backend.language.answers import CONDITION_SECTIONS, TOPIC_SECTIONS, Answer, answer

from .forms import AskForm, SearchForm
from .models import Condition, Kind, Likelihood, PageKind, Symptom, Topic, UnansweredCount


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass
class AskBox:
    """The "Ask a question about this page" box: which page it is on, the form and, once asked, the answer."""

    kind: str
    slug: str
    form: AskForm | None = None
    result: Answer | None = None
    wait: str = ""  # over the rate limit: how long until it answers again, in words


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The topics as large cards, with the emergency signs up front."""
    topics = Topic.objects.published()
    red_flags = Symptom.objects.published_red_flags()
    return render(request, "knowledge/home.html", {"topics": topics, "red_flags": red_flags})


@require_GET
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """A symptom article laid out like the seed articles."""
    return render(request, "knowledge/topic.html", topic_context(slug))


def topic_context(slug: str, ask: AskBox | None = None) -> dict:
    topic = get_object_or_404(
        Topic.objects.published().select_related("reviewed_by").prefetch_related("faqs", "sources"), slug=slug
    )
    opening, rest = topic.overview_parts()
    return {
        "topic": topic, "opening": opening, "overview_rest": rest,
        "conditions": topic.conditions.published().order_by("name"),
        "red_flags": topic.symptoms.red_flags(),
        "related_conditions": topic.related_conditions(),
        "other_topics": Topic.objects.published().exclude(pk=topic.pk),
        "ask": ask or AskBox(PageKind.TOPIC, topic.slug),
        "quiz_topics": [topic],
        "section": TOPIC_SECTIONS,
    }


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
    return render(request, "knowledge/condition.html", condition_context(slug))


def condition_context(slug: str, ask: AskBox | None = None) -> dict:
    condition = get_object_or_404(
        Condition.objects.published().select_related("reviewed_by").prefetch_related("sources"), slug=slug
    )
    links = list(condition.likelihoods.select_related("symptom").exclude(symptom__kind=Kind.RED_FLAG))
    topics = list(condition.topics.published())
    return {
        "condition": condition,
        "topics": topics,
        "top_symptoms": [link for link in links if link.is_top] or links[:5],
        "always": [link.symptom for link in links if link.constraint == Likelihood.Constraint.ALWAYS],
        "never": [link.symptom for link in links if link.constraint == Likelihood.Constraint.NEVER],
        "other_symptoms": [link for link in links if not link.is_top and link.probability >= 0.2],
        "siblings": condition.siblings(),
        "ask": ask or AskBox(PageKind.CONDITION, condition.slug),
        "quiz_topics": topics,
        "section": CONDITION_SECTIONS,
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Find conditions and symptoms by name; symptoms lead to the conditions they point to."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "knowledge/search.html", search_context(form=form), status=400)
    return render(request, "knowledge/search.html", search_context(form.cleaned_data["q"]))


def search_context(query: str = "", ask: AskBox | None = None, form: SearchForm | None = None) -> dict:
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
    return {"form": form, "query": query, "conditions": conditions, "symptoms": symptoms,
            "ask": ask or AskBox(PageKind.SEARCH, ""), "quiz_topics": Topic.objects.published()}


# What each page kind renders, for the ask view to show the page again with its answer (without JavaScript).
PAGES: dict[str, tuple[str, Callable[[str, AskBox], dict]]] = {
    PageKind.TOPIC: ("knowledge/topic.html", topic_context),
    PageKind.CONDITION: ("knowledge/condition.html", condition_context),
    PageKind.SEARCH: ("knowledge/search.html", lambda slug, ask: search_context(ask=ask)),
}


@require_POST
@body_limited
@vary_on_headers("HX-Request")
def ask(request: HtmxHttpRequest) -> HttpResponse:
    """Answer a question about a page with passages quoted from the site's pages, or say plainly that the
    site has no answer. The question is never stored, logged, cached or kept in the session: it comes in
    a POST body and goes out only in this response, which nobody may cache. So there is no redirect after
    the POST either, as there is nowhere to keep the question for a GET to show."""
    # Every POST counts, valid or not, and the allowance is shared with POST /api/v1/answers/, so neither
    # doubles the other's. Over it, the box itself says how long to wait (a whole error page would be
    # swapped into the answer region by htmx), and keeps the question to ask again.
    retry_after = ANSWERS.hit(request)
    form = AskForm(request.POST)
    if not form.page_is_valid():
        return bad_request(request)
    kind = form.cleaned_data["kind"]
    slug = "" if kind == PageKind.SEARCH else form.cleaned_data["slug"]
    template, page_context = PAGES[kind]
    box = AskBox(kind, slug, form)
    context = page_context(slug, box)  # a 404 for a page that isn't published
    if retry_after:
        status = 429
        box.form = AskForm(initial={"question": form.data.get("question", "")})  # the question, not its errors
        box.wait = wait_in_words(retry_after)
    elif form.is_valid():
        status = 200
        box.result = answer(form.cleaned_data["question"], (kind, slug) if kind != PageKind.SEARCH else None)
        if box.result.no_answer:
            UnansweredCount.objects.record(kind, slug)
    else:
        status = 400
    if request.htmx:
        # Only the answer region swaps (the site's htmx config swaps 4xx answers too); a question to fix
        # swaps the whole box, to show the message in the form.
        partial = "ask" if status == 400 else "ask-answer"
        response = render(request, f"knowledge/_ask.html#{partial}", context, status=status)
        if status == 400:
            retarget(response, "#ask")
            reswap(response, "outerHTML")
    else:
        response = render(request, template, context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A friendly 404 that still points to help."""
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A friendly 400 for a request no page can use (a forged form, a character that isn't text)."""
    return render(request, "400.html", status=400)
