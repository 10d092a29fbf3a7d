"""The story endpoints over real HTTP: approved stories only, new ones pending, the error shape, 429."""

import json
import urllib.error
import urllib.request

import pytest

from backend.stories.models import Story
from tests.stories.factories import ARABIC, EMOJI, HINDI, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

STORY = "My back lump turned out to be a lipoma. It never hurt much and the doctor said to leave it alone."


def body(**overrides) -> dict:
    return {"topic": "back-lump", "display_name": "Sam", "language": "en", "text": STORY, "consent": True,
            **overrides}


def test_it_lists_only_approved_stories_newest_first(api):
    older = StoryFactory(approved=True, display_name="Older")
    newer = StoryFactory(approved=True, display_name="Newer", age_range="30-44")
    StoryFactory(display_name="Pending")
    StoryFactory(display_name="Rejected", status=Story.Status.REJECTED)
    Story.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2021))
    status, page = api.call("/api/v1/stories/?topic=back-lump")
    assert status == 200
    assert [s["display_name"] for s in page["results"]] == ["Newer", "Older"]
    assert page["count"] == 2 and page["pages"] == 1 and page["next"] is None
    first = page["results"][0]
    assert first["topic"] == "back-lump" and first["age_range"] == "30-44" and first["condition"] is None


def test_it_pages_the_list(api):
    for _ in range(21):
        StoryFactory(approved=True)
    status, page = api.call("/api/v1/stories/?topic=back-lump")
    assert len(page["results"]) == 20 and page["next"].endswith("/api/v1/stories/?topic=back-lump&page=2")
    status, last = api.call("/api/v1/stories/?topic=back-lump&page=2")
    assert len(last["results"]) == 1 and last["next"] is None
    status, beyond = api.call("/api/v1/stories/?topic=back-lump&page=9")
    assert status == 200 and beyond["results"] == []


@pytest.mark.parametrize("query, field", [("", "topic"), ("?topic=nope", "topic"), ("?topic=back-lump&page=0", "page"),
                                          ("?topic=<script>", "topic")])
def test_it_refuses_a_bad_list_query_in_the_error_shape(api, query, field):
    status, answer = api.call(f"/api/v1/stories/{query}")
    assert status == 400
    assert [e["field"] for e in answer["errors"]] == [field]


@pytest.mark.parametrize("text, language", [(STORY, "en"), (HINDI, "hi"), (ARABIC, "ar"), (EMOJI, "en")],
                         ids=["english", "hindi", "arabic", "emoji"])
def test_it_creates_a_pending_story(api, text, language):
    status, answer = api.call("/api/v1/stories/", body(text=text, language=language, condition="lipoma",
                                                       sex="female"))
    assert status == 201
    assert answer["status"] == "pending" and "once a moderator approves it" in answer["message"]
    story = Story.objects.get(pk=answer["id"])
    assert (story.status, story.via, story.text, story.condition.slug, story.sex) == (
        "pending", "api", text, "lipoma", "female")
    assert api.call("/api/v1/stories/?topic=back-lump")[1]["count"] == 0


@pytest.mark.parametrize("overrides, field", [
    ({"topic": "nope"}, "topic"),
    ({"condition": "shingles-of-the-moon"}, "condition"),
    ({"display_name": ""}, "display_name"),
    ({"display_name": "Sam 555 1234"}, "display_name"),
    ({"display_name": "x" * 31}, "display_name"),
    ({"text": "Too short."}, "text"),
    ({"text": "y" * 5001}, "text"),
    ({"language": "klingon"}, "language"),
    ({"age_range": "7"}, "age_range"),
    ({"sex": "robot"}, "sex"),
    ({"consent": False}, "consent"),
    ({"consent": "yes"}, "consent"),
])
def test_it_refuses_each_invalid_field_in_the_error_shape(api, overrides, field):
    status, answer = api.call("/api/v1/stories/", body(**overrides))
    assert status == 400
    assert [e["field"] for e in answer["errors"]] == [field]
    assert all(e["message"] for e in answer["errors"])
    assert not Story.objects.exists()


def test_it_refuses_a_story_with_missing_fields_all_at_once(api):
    status, answer = api.call("/api/v1/stories/", {})
    assert status == 400
    assert {e["field"] for e in answer["errors"]} == {"topic", "display_name", "language", "text", "consent"}


def test_it_refuses_malformed_json(api):
    status, answer = api.call("/api/v1/stories/", raw=b"{not json")
    assert status == 400 and answer["errors"][0]["field"] is None


def test_it_answers_429_with_retry_after_once_the_limit_is_used(api, live_server, settings):
    settings.RATE_LIMIT_STORIES = (2, 3600)
    assert [api.call("/api/v1/stories/", body())[0] for _ in range(2)] == [201, 201]
    request = urllib.request.Request(live_server.url + "/api/v1/stories/", data=json.dumps(body()).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 429
    assert 0 < int(error.value.headers["Retry-After"]) <= 3600
    answer = json.loads(error.value.read())
    assert answer["errors"][0]["field"] is None and "try again later" in answer["errors"][0]["message"]
    assert Story.objects.count() == 2
    assert api.call("/api/v1/stories/?topic=back-lump")[0] == 200  # reading is not limited


def test_it_shares_the_limit_with_the_web_form(api, live_server, settings):
    settings.RATE_LIMIT_STORIES = (1, 3600)
    assert api.call("/api/v1/stories/", body())[0] == 201
    from django.test import Client

    # The live server and the test client both see 127.0.0.1.
    response = Client(REMOTE_ADDR="127.0.0.1").post("/topics/back-lump/stories/share/", {
        "display_name": "Sam", "language": "en", "text": STORY, "consent": "on"})
    assert response.status_code == 429


def test_it_documents_the_story_endpoints_with_400_and_429(api):
    status, schema = api.call("/api/schema/?format=json")
    operations = schema["paths"]["/api/v1/stories/"]
    assert set(operations["post"]["responses"]) == {"201", "400", "429"}
    assert "Retry-After" in operations["post"]["responses"]["429"]["headers"]
    assert set(operations["get"]["responses"]) == {"200", "400"}
