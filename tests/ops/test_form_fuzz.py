"""Schema-aware fuzzing of the HTML forms and the admin, as tests/api/test_schema_fuzz.py does for the API.

Each form's own fields are the schema: Hypothesis infers values from a field's type, choices and validators
(`from_field`), mixed with hostile ones (NUL and other control characters, very long text, ids that aren't
numbers, deep nesting, odd Unicode, several values for one field). They are sent to the real pages; the
admin's are found from each registered ModelAdmin (its list filters, drill-down and actions), signed in as
a superuser. No answer may be a server error. Few examples, derandomized: the same few seconds every run.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest
from django import forms
from django.contrib import admin
from django.core.cache import cache
from django.db.models import Model
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_field

from backend.feedback.forms import FeedbackForm, Page
from backend.knowledge.forms import SearchForm
from backend.knowledge.models import Topic
from backend.ops.admin import LoginForm
from backend.quiz import engine
from backend.quiz.forms import AboutForm, DescribeForm, QuestionForm, RedFlagForm, WhoForm
from backend.quiz.loader import knowledge_base
from backend.quiz.progress import SESSION_KEY, Progress
from backend.stories.forms import StoryForm

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(max_examples=8, derandomize=True, database=None, deadline=None,
                           suppress_health_check=list(HealthCheck))

HOSTILE_TEXT = st.one_of(
    st.sampled_from([
        "\0", "fe\0ver", "\x01\x07\x1b[31m\x7f\x9f", "abc", "-1", "0", "1.5", "1e9", "99999999999999999999",
        "9" * 400, "x" * 6000, "[" * 3000 + "]" * 3000, '{"a": ' * 1000, "\u202eevil\u200b\ufeff", "e\u0301" * 60,
        "𝕳𝖊𝖑𝖑𝖔 🧑🏽‍⚕️", "\U0010ffff", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", " ", "",
    ]),
    # Any character that can be sent, control characters included; short, and longer than most columns.
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=256, max_size=300),
)
HOSTILE = st.one_of(HOSTILE_TEXT, st.lists(HOSTILE_TEXT, min_size=2, max_size=3))
# What a session's JSON can hold where the quiz expects its own values.
JUNK = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner, max_size=3),
                    max_leaves=6)


def posted(value):
    """A value as a browser sends it: a model choice by its id."""
    if isinstance(value, Model):
        return value.pk
    return [posted(item) for item in value] if isinstance(value, list) else value


def fuzzed(form: forms.Form, **fixed: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Form data: each field's own values (Hypothesis infers them from the field), or hostile ones."""
    return st.fixed_dictionaries({
        name: fixed.get(name, st.one_of(from_field(field).map(posted), HOSTILE))
        for name, field in form.fields.items()
    })


def no_server_error(response) -> None:
    assert response.status_code < 500, response.content[:300]


# The quiz: the progress in the session is fuzzed too, and each step's form posted to its page.

def valid_progress(topic: str) -> Progress:
    kb = knowledge_base()
    screen = engine.next_question(kb, engine.Case(topic=topic, age=None, sex=None, evidence=())).question
    return Progress(topic=topic, who="me", age=34, sex="female", about_done=True, described=True,
                    answers=[{item.id: "absent" for item in screen.items}])


def step_forms(progress: Progress) -> dict[str, forms.Form]:
    kb = knowledge_base()
    screen = engine.next_question(kb, progress.case(upto=0)).question
    first = engine.next_question(kb, progress.case(upto=1)).question
    return {"check/": RedFlagForm(screen), "who/": WhoForm(), "about/": AboutForm(), "describe/": DescribeForm(),
            "q/1/": QuestionForm(first, {"items": ""})}


@pytest.mark.parametrize("topic", ["back-lump", "back-burning"])
@pytest.mark.parametrize("step", ["check/", "who/", "about/", "describe/", "q/1/"])
@given(data=st.data())
@FUZZ
def test_it_never_fails_on_a_quiz_step(client, send_session, topic, step, data):
    progress = valid_progress(topic)
    form = step_forms(progress)[step]
    items = ",".join(form.item_ids) if step == "q/1/" else ""
    saved = asdict(progress)
    saved = data.draw(st.just(saved) | st.tuples(st.sampled_from(sorted(saved)), JUNK).map(
        lambda change: {**saved, change[0]: change[1]}), label="progress")
    send_session(**{SESSION_KEY: saved})
    no_server_error(client.post(f"/quiz/{topic}/{step}", data.draw(fuzzed(form, items=st.just(items) | HOSTILE))))
    send_session(**{SESSION_KEY: saved})
    no_server_error(client.get(f"/quiz/{topic}/{data.draw(st.sampled_from(['', 'emergency/', 'result/']))}"))


# The public forms

@given(data=st.data())
@FUZZ
def test_it_never_fails_on_the_story_form(client, data):
    topic = Topic.objects.get(slug=data.draw(st.sampled_from(["back-lump", "back-burning"])))
    cache.clear()  # the rate limit would soon answer every post with a 429
    form_data = data.draw(fuzzed(StoryForm(topic=topic), homepage=st.just("") | HOSTILE_TEXT))
    no_server_error(client.post(f"/topics/{topic.slug}/stories/share/", form_data))
    name = data.draw(st.sampled_from(["display_name", "text", "consent"]))
    no_server_error(client.post(f"/topics/{topic.slug}/stories/share/check/", form_data,
                                headers={"HX-Request": "true", "HX-Trigger-Name": name}))


@given(data=st.data())
@FUZZ
def test_it_never_fails_on_the_feedback_form(client, send_session, data):
    page = Page("topic:back-lump", advice="", ask_plan=True, url="/topics/back-lump/")
    cache.clear()
    # The votes the session remembers, as the widget on every article reads them.
    send_session(feedback=data.draw(st.dictionaries(st.just(page.key) | HOSTILE_TEXT, JUNK, max_size=2) | JUNK))
    no_server_error(client.get(page.url))
    form_data = data.draw(fuzzed(FeedbackForm(), page=st.just(page.sign()) | HOSTILE, homepage=st.just("") | HOSTILE))
    no_server_error(client.post("/feedback/", form_data, headers={"HX-Request": "true"} if data.draw(st.booleans())
                                else {}))


@given(data=st.data())
@FUZZ
def test_it_never_fails_on_a_search(client, data):
    no_server_error(client.get("/search/", data.draw(fuzzed(SearchForm()))))


@given(data=st.data())
@FUZZ
def test_it_never_fails_on_the_admin_sign_in(client, data):
    no_server_error(client.post("/admin/login/?next=/admin/", data.draw(fuzzed(LoginForm()))))


# The admin, signed in as a superuser: each registered model's list filters, drill-down, search and actions.

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def as_superuser(admin_client, path: str = "/"):
    request = RequestFactory().get(path)
    request.user = admin_client.user
    return request


def filter_schema(model_admin: admin.ModelAdmin, request) -> dict[str, list[str]]:
    """Each query parameter the changelist reads, with the values its own links use."""
    changelist = model_admin.get_changelist_instance(request)
    schema: dict[str, set[str]] = {"q": {"back", "lump"}, "o": {"1", "-2"}, "p": {"1", "2"}}
    for spec in changelist.filter_specs:
        for name in spec.expected_parameters():
            schema.setdefault(name, set())
        for choice in spec.choices(changelist):
            for name, values in QueryDict(choice["query_string"].lstrip("?")).lists():
                schema.setdefault(name, set()).update(values)
    if model_admin.date_hierarchy:
        for part, values in [("year", {"2025", "2026"}), ("month", {"1", "12"}), ("day", {"1", "31"})]:
            schema[f"{model_admin.date_hierarchy}__{part}"] = values
    return {name: sorted(values) for name, values in schema.items()}


def test_it_never_fails_on_an_admin_list_or_bulk_action(admin_client):
    for model in MODELS:
        fuzz_model_admin(admin_client, model)


def fuzz_model_admin(admin_client, model) -> None:
    model_admin = admin.site._registry[model]
    request = as_superuser(admin_client)
    schema = filter_schema(model_admin, request)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    own = admin_client.user.pk if model is type(admin_client.user) else None
    ids = [str(pk) for pk in model.objects.exclude(pk=own)
           .values_list("pk", flat=True)[:3]]
    actions = sorted(model_admin.get_actions(request)) or ["delete_selected"]

    @given(data=st.data())
    @hypothesis_settings(FUZZ, max_examples=3)
    def fuzz(data):
        names = data.draw(st.lists(st.sampled_from(sorted(schema)), min_size=1, max_size=3, unique=True),
                          label="filters")
        query = {name: data.draw(st.sampled_from(schema[name]) | HOSTILE if schema[name] else HOSTILE, label=name)
                 for name in names}
        no_server_error(admin_client.get(url, query))
        no_server_error(admin_client.post(url, {
            "action": data.draw(st.sampled_from(actions) | HOSTILE_TEXT, label="action"),
            "_selected_action": data.draw(st.lists(st.sampled_from(ids) | HOSTILE_TEXT if ids else HOSTILE_TEXT,
                                                   min_size=1, max_size=3), label="selected"),
            "index": "0", "post": data.draw(st.sampled_from(["", "yes"])),
        }))

    fuzz()
