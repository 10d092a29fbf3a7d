"""The step-by-step quiz: one screen per step, each at its own URL.

Every step is a plain page with a real form (POST, then redirect); with htmx only the quiz card is
swapped and the address bar follows. The answers live in the signed session only.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url
from modern_csrf.decorators import csrf_protect as fetch_metadata_protect

from backend.htmx import HtmxHttpRequest
from backend.language import parser

from . import engine
from .flow import Flow, step_url
from .forms import AboutForm, ConfirmForm, DescribeForm, QuestionForm, RedFlagForm, WhoForm
from .loader import knowledge_base
from .progress import Progress, StaleProgress, UnreadableProgress
from .results import build_result
from .wording import worded


def posted(request: HtmxHttpRequest):
    """The posted form data, or None (for a GET, without building an empty QueryDict to find out)."""
    return (request.POST or None) if request.method == "POST" else None


def card(request: HtmxHttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """The whole page, or with htmx just its quiz card (the partial named after #step-card)."""
    # Where the card's forms post, unless the view says: this page's own address.
    context.setdefault("form_action", request.path)
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, f"{template}#step-card", context, status=status)
        # The card carries its own title (htmx takes it out before swapping) so the tab and history entries stay right.
        response.content = format_html("<title>{} · Backcheck</title>", context["title"]).encode() + response.content
        if request.method == "GET":
            push_url(response, request.get_full_path())
        return response
    return render(request, template, context, status=status)


def restart(request: HtmxHttpRequest, topic: str, reason: str, status: int = 200) -> HttpResponse:
    """A friendly page for progress that can't be used any more; the quiz starts again."""
    Progress.forget(request)
    context = {"title": "Let's start again", "topic": topic, "reason": reason, "topic_title": topic_title(topic)}
    return card(request, "quiz/restart.html", context, status=status)


def topic_title(topic: str) -> str:
    return knowledge_base().topic(topic).title


def load(request: HtmxHttpRequest, topic: str) -> tuple[engine.KnowledgeBase, Progress | None]:
    kb = knowledge_base()
    if not kb.has_topic(topic):
        raise Http404("No such quiz.")
    return kb, Progress.load(request, topic, kb)


def base_context(flow: Flow, title: str, percent: int, back: str | None) -> dict:
    progress = flow.progress
    return {
        "title": title, "topic": progress.topic, "topic_title": flow.kb.topic(progress.topic).title,
        # As text: a number in a template goes through localisation, which costs more than the engine step.
        "progress": progress, "percent": str(percent), "back": back, "who": progress.who,
    }


def guarded(view):
    """Load the progress for a step; no progress or stale progress leads to a friendly restart."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, topic: str, *args, **kwargs) -> HttpResponse:
        try:
            kb, progress = load(request, topic)
        except UnreadableProgress:
            # Told plainly, with a fresh start offered: dropped silently at the first step, the person would
            # think the site lost their answers. A 400, as this is bad input, not progress from older content;
            # the restart forgets it, so starting again works.
            return restart(request, topic, "We couldn't read your saved answers.", status=400)
        except StaleProgress:
            return restart(request, topic, "Your answers were saved for an older version of the quiz.")
        if progress is None:
            return restart(request, topic, "Your quiz has expired or was started on another device.")
        return view(request, Flow(kb, progress), *args, **kwargs)

    return wrapper


def same_origin_posts(view):
    """The quiz's forms carry no CSRF token: the browser's fetch metadata (Sec-Fetch-Site, or Origin where
    that is missing) shows where a POST comes from, and one from another site is refused (403).

    A token would be masked afresh and its cookie set again on every step (32 urandom calls and a
    Set-Cookie: about 0.18 ms of a question card's 1.2-1.5 ms, measured through the WSGI handler); and a
    phone that lost the cookie would meet "CSRF verification failed" in the middle of the quiz. The quiz
    saves nothing but its own signed session. Every browser since 2020 sends one of these headers on a POST;
    a request with neither is not a forged page's, and is let through like any other client.
    The rest of the site (stories, feedback, ask, the admin) keeps Django's tokens.
    """
    return csrf_exempt(fetch_metadata_protect(view))


@same_origin_posts
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def start(request: HtmxHttpRequest, topic: str) -> HttpResponse:
    """The quiz's first page: what to expect, then start (or carry on where you left off)."""
    try:
        kb, progress = load(request, topic)
    except StaleProgress:
        Progress.forget(request)
        kb, progress = knowledge_base(), None
    if request.method == "POST":
        if request.POST.get("action") == "continue" and progress is not None:
            return redirect(Flow(kb, progress).current_url())
        Progress(topic=topic).save(request)
        return redirect("quiz:check", topic)
    title = f"{kb.topic(topic).title}: check your symptoms"
    return card(request, "quiz/start.html", {
        "title": title, "topic": topic, "topic_title": kb.topic(topic).title, "has_progress": progress is not None,
        "percent": 0, "back": None,
    })


@same_origin_posts
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@guarded
def check(request: HtmxHttpRequest, flow: Flow) -> HttpResponse:
    """The red-flag screen: "Check it's not an emergency", with "I have none of these"."""
    kb, progress = flow.kb, flow.progress
    question = engine.next_question(kb, progress.case(upto=0)).question
    form = RedFlagForm(question, posted(request))
    if request.method == "POST" and form.is_valid():
        progress.answer(0, form.choices())
        progress.save(request)
        return redirect(flow.current_url())
    if progress.answers and request.method == "GET":
        form.initial["flags"] = [i for i, c in progress.answers[0].items() if c == "present"]
    context = base_context(flow, "Check it's not an emergency", 5, None)
    context.update(form=form, question=question, screen_text=worded(question.text, progress.who),
                   screen_why=worded(question.explanation, progress.who))
    return card(request, "quiz/check.html", context)


@same_origin_posts
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@guarded
def emergency(request: HtmxHttpRequest, flow: Flow) -> HttpResponse:
    """An emergency red flag: call now, and why; a way to go on with the quiz anyway."""
    kb, progress = flow.kb, flow.progress
    forcing = flow.unacknowledged_emergency() if progress.screened else ()
    if not forcing:
        return redirect(flow.current_url())
    if request.method == "POST":
        progress.acknowledged = sorted({*progress.acknowledged, *forcing})
        progress.save(request)
        return redirect(flow.current_url())
    step = engine.next_step(kb, progress.case())
    context = base_context(flow, step.triage.label, 10, step_url("check", progress.topic))
    context["triage"] = step.triage
    return card(request, "quiz/emergency.html", context)


@same_origin_posts
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@guarded
def who(request: HtmxHttpRequest, flow: Flow) -> HttpResponse:
    """Who the answers are about: the questions' wording follows."""
    progress = flow.progress
    if not progress.screened or flow.unacknowledged_emergency():
        return redirect(flow.current_url())
    form = WhoForm(posted(request), initial={"who": progress.who})
    if request.method == "POST" and form.is_valid():
        progress.who = form.cleaned_data["who"]
        progress.save(request)
        return redirect("quiz:about", progress.topic)
    back = step_url("emergency" if progress.acknowledged else "check", progress.topic)
    context = base_context(flow, "Who is this for?", 10, back)
    context["form"] = form
    return card(request, "quiz/who.html", context)


@same_origin_posts
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@guarded
def about(request: HtmxHttpRequest, flow: Flow) -> HttpResponse:
    """Age and sex, with why we ask."""
    progress = flow.progress
    if progress.who is None:
        return redirect(flow.current_url())
    form = AboutForm(posted(request), initial={"age": progress.age, "sex": progress.sex or ""})
    if request.method == "POST" and form.is_valid():
        age, sex = form.cleaned_data["age"], form.cleaned_data["sex"] or None
        if (age, sex) != (progress.age, progress.sex):
            # Age and sex change which questions come next, so the later answers start afresh.
            progress.answers = progress.answers[:1]
        progress.age, progress.sex, progress.about_done = age, sex, True
        progress.save(request)
        return redirect(flow.current_url())
    title = "About them" if progress.who == "other" else "About you"
    context = base_context(flow, title, 15, step_url("who", progress.topic))
    context["form"] = form
    return card(request, "quiz/about.html", context)


# Shown as the describe box's example, in the topic's own terms.
EXAMPLES = {
    "back-lump": "a sore red lump low on my back for 3 days, no fever",
    "back-burning": "burning between my shoulder blades since yesterday, I haven't fallen",
}


@same_origin_posts
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@guarded
def describe(request: HtmxHttpRequest, flow: Flow) -> HttpResponse:
    """"Describe it in your own words (optional)", then "Here's what we understood" to confirm.

    The words are read once, in this request, and dropped: only what the person confirms is saved. So the
    confirm card is this POST's answer (not a redirect, which would need the words kept to show it).
    An emergency in the words goes straight to the emergency page, as a ticked red flag does.
    """
    progress = flow.progress
    if not progress.about_done or flow.unacknowledged_emergency():
        return redirect(flow.current_url())
    form = DescribeForm(posted(request))
    context = base_context(flow, "Describe it in your own words (optional)", 17, step_url("about", progress.topic))
    context.update(form=form, example=EXAMPLES.get(progress.topic, ""))
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if request.POST.get("skip") or not text:
            progress.described = True
            progress.save(request)
            return redirect(flow.current_url())
        parsed = parser.parse(progress.topic, text, age=progress.age, sex=progress.sex,
                              for_someone_else=progress.who == "other")
        if parsed.emergency:
            progress.state({m.id: m.choice for m in parsed.mentions if m.is_emergency})
            progress.save(request)
            return redirect(flow.current_url())
        if not parsed.mentions:
            context["nothing_found"] = True
            return card(request, "quiz/describe.html", context)
        return confirm_card(request, flow, ConfirmForm(parsed.mentions))
    return card(request, "quiz/describe.html", context)


def confirm_card(request: HtmxHttpRequest, flow: Flow, form: ConfirmForm) -> HttpResponse:
    topic = flow.progress.topic
    context = base_context(flow, "Here's what we understood", 18, step_url("describe", topic))
    context.update(form=form, items=",".join(m.id for m in form.mentions),
                   form_action=step_url("confirm", topic), describe_url=step_url("describe", topic))
    return card(request, "quiz/confirm.html", context)


@same_origin_posts
@require_http_methods(["POST"])
@vary_on_headers("HX-Request")
@guarded
def confirm(request: HtmxHttpRequest, flow: Flow) -> HttpResponse:
    """Save what the person confirmed of what we understood, then on to the questions."""
    kb, progress = flow.kb, flow.progress
    if not progress.about_done or flow.unacknowledged_emergency():
        return redirect(flow.current_url())
    ids = [i for i in request.POST.get("items", "").split(",") if i]
    if not ids or len(set(ids)) != len(ids) or not all(kb.has_symptom(progress.topic, i) for i in ids):
        return restart(request, progress.topic, "We couldn't read that answer.", status=400)
    findings = {s.id: s for s in kb.symptoms_of(progress.topic)}
    form = ConfirmForm([parser.Confirmable(i, findings[i].name) for i in ids], request.POST)
    if not form.is_valid():
        return confirm_card(request, flow, form)
    progress.state(form.confirmed())
    progress.described = True
    progress.save(request)
    return redirect(flow.current_url())


@same_origin_posts
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@guarded
def question(request: HtmxHttpRequest, flow: Flow, n: int) -> HttpResponse:
    """Question n after the red-flag screen: yes / no / don't know, pick one, or pick all that apply."""
    kb, progress = flow.kb, flow.progress
    if not progress.described or n < 1 or n > progress.questions_answered + 1 or flow.unacknowledged_emergency():
        return redirect(flow.current_url())
    step = flow.reading(upto=n).next_question()
    if step.should_stop:
        return redirect(flow.current_url())
    form = QuestionForm(step.question, posted(request))
    if request.method == "POST":
        if not form.matches_question():
            if set(form.data.get("items", "").split(",")) - {i.id for i in kb.symptoms_of(progress.topic)}:
                return restart(request, progress.topic, "We couldn't read that answer.", status=400)
            # The question changed since the page was shown (new content): ask it again.
            return redirect(step_url("question", progress.topic, n))
        if form.is_valid():
            progress.answer(n, form.choices())
            progress.save(request)
            if n == progress.questions_answered or flow.unacknowledged_emergency():
                return redirect(flow.current_url())
            return redirect(step_url("question", progress.topic, n + 1))
    else:
        form.initial_from(progress.answers[n] if n < len(progress.answers) else None)
    back = step_url("question", progress.topic, n - 1) if n > 1 else step_url("describe", progress.topic)
    percent = 15 + round(80 * step.progress)
    context = base_context(flow, worded(step.question.text, progress.who), percent, back)
    # Plain values rather than look-ups on the form and question: each dotted look-up in a template
    # first tries (and fails) a dictionary look-up, which is most of what rendering this card costs.
    context.update(form=form, posted=form.is_bound, kind=step.question.type, n=str(n),
                   items=",".join(form.item_ids), explanation=worded(step.question.explanation, progress.who))
    return card(request, "quiz/question.html", context)


@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
@guarded
def result(request: HtmxHttpRequest, flow: Flow) -> HttpResponse:
    """The care recommendation first, then the conditions that fit, what to do, and the summary."""
    kb, progress = flow.kb, flow.progress
    if (here := flow.current_url()) != step_url("result", progress.topic):
        return redirect(here)
    outcome = build_result(kb, progress)
    back = (step_url("question", progress.topic, progress.questions_answered) if progress.questions_answered
            else step_url("describe", progress.topic))
    context = base_context(flow, outcome.triage.label, 100, back)
    context.update(outcome=outcome, red_flags=[s for s in kb.symptoms_of(progress.topic) if s.kind == "red_flag"])
    return card(request, "quiz/result.html", context)
