"""Whatever arrives in a query string or path, the API answers in its contract, never with a 500:
a NUL byte, which PostgreSQL refuses to compare, included."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/api/v1/conditions/?topic=back%00lump", "/api/v1/conditions/?topic=%F2%A5%B7%92%18O%00",
])
def test_it_lists_nothing_for_a_topic_that_cannot_exist(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize("path", ["/api/v1/conditions/lip%00oma/", "/api/v1/topics/back%00lump/symptoms/"])
def test_it_answers_404_in_the_error_shape_for_a_slug_that_cannot_exist(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] is None


def test_it_refuses_a_story_topic_that_cannot_exist(client):
    response = client.get("/api/v1/stories/?topic=back%00lump")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "topic"
