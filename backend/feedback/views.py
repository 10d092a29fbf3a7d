"""Record a "Was this helpful?" answer: one per session per page (answering again changes it)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backend.abuse.limits import FEEDBACK, TOO_MANY, body_limited, too_many_requests, wait_in_words

from .forms import FeedbackForm, Page
from .models import Feedback

SESSION_KEY = "feedback"
# The session is a signed cookie shared with the quiz: remember only the most recent pages.
REMEMBERED_PAGES = 20


def session_votes(request: HttpRequest) -> dict[str, int]:
    votes = request.session.get(SESSION_KEY)
    return votes if isinstance(votes, dict) else {}


def session_vote(request: HttpRequest, page: Page) -> Feedback | None:
    pk = session_votes(request).get(page.key)
    # A session signed with our key may still hold another shape (an older format): what isn't an id is no vote.
    return Feedback.objects.filter(pk=pk, page=page.key).first() if type(pk) is int else None


def remember_vote(request: HttpRequest, feedback: Feedback) -> None:
    votes = {key: pk for key, pk in session_votes(request).items() if key != feedback.page}
    votes[feedback.page] = feedback.pk
    request.session[SESSION_KEY] = dict(list(votes.items())[-REMEMBERED_PAGES:])


def widget_context(request: HttpRequest, page: Page, errors=None) -> dict:
    """Everything the widget shows; used by its template tag and by the view that answers htmx."""
    return {
        "page": page, "vote": session_vote(request, page), "errors": errors,
        "helpful_count": Feedback.objects.helpful_count(page.key), "form": FeedbackForm(),
    }


@require_POST
@body_limited
def vote(request: HttpRequest) -> HttpResponse:
    """Record or change this session's answer for a page, then show the page (or, with htmx, the widget)."""
    # Every POST counts, valid or not. Over the limit, with htmx the widget itself says how long to wait
    # (the site's htmx config swaps 4xx answers, so a whole error page would land inside the widget).
    retry_after = FEEDBACK.hit(request)
    form = FeedbackForm(request.POST)
    if not form.is_valid() and "page" in form.errors:
        if retry_after:
            return too_many_requests(request, retry_after)
        return HttpResponseBadRequest("This form is out of date: please reload the page.")
    page: Page = form.cleaned_data["page"]
    if retry_after:
        if not request.htmx:
            return too_many_requests(request, retry_after)
        errors = [f"{TOO_MANY}, in {wait_in_words(retry_after)}. Your answer was not saved."]
        response = render(request, "feedback/_widget.html#widget", {"fb": widget_context(request, page, errors)},
                          status=429)
        response["Retry-After"] = str(retry_after)
        return response
    errors = None
    if form.is_valid() and not form.caught_a_bot:
        existing = session_vote(request, page)
        if existing is None and form.cleaned_data["helpful"] is None:
            errors = ["Please choose Yes or No."]
        else:
            feedback = Feedback.objects.record(page=page.key, advice=page.advice, existing=existing,
                                               **{name: form.cleaned_data[name] for name in
                                                  ("helpful", "comment", "plan_before", "plan_after")})
            remember_vote(request, feedback)
    elif not form.is_valid():
        errors = [error for messages in form.errors.values() for error in messages]
    status = 400 if errors else 200
    if request.htmx:
        return render(request, "feedback/_widget.html#widget", {"fb": widget_context(request, page, errors)},
                      status=status)
    if errors:
        return render(request, "feedback/invalid.html", {"errors": errors, "back": page.safe_url(request)},
                      status=status)
    return redirect(f"{page.safe_url(request)}#{page.anchor}")
