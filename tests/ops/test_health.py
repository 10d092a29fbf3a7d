"""The health check, the outage page, and loading content without overwriting edits."""

import pytest
from django.core.management import call_command
from django.db import OperationalError

from backend.knowledge.models import Condition

pytestmark = pytest.mark.django_db


def test_it_reports_healthy_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_unavailable_when_the_database_does_not_answer(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused: could not connect to server")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_it_answers_503_with_the_emergency_signs_during_a_database_outage(client, monkeypatch):
    from backend.knowledge import views

    def outage(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "get_object_or_404", outage)
    response = client.get("/topics/back-lump/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "We'll be back in a moment" in response.text.replace("&#x27;", "'")
    assert 'href="tel:911"' in response.text


def test_it_answers_503_in_the_api_error_shape_during_an_outage(client, monkeypatch):
    from backend.api import views

    def outage(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views, "get_object_or_404", outage)
    response = client.get("/api/v1/conditions/shingles/")
    assert response.status_code == 503
    assert response.json()["errors"][0]["field"] is None


def test_it_seeds_content_only_into_an_empty_database(capsys):
    lipoma = Condition.objects.get(slug="lipoma")
    lipoma.summary = "Edited by a reviewer."
    lipoma.save()
    call_command("seed_content")
    assert Condition.objects.get(slug="lipoma").summary == "Edited by a reviewer."
    assert "left as it is" in capsys.readouterr().out


def test_it_serves_the_benchmark_floor_only_when_enabled(client):
    assert client.get("/bench/floor/").status_code == 404
