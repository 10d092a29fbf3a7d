"""Shared test set-up: static files built once, and the real content loaded once per test database."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))


def pytest_configure() -> None:
    # WhiteNoise's manifest storage needs collected files; build them once if a developer skipped it.
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--no-input", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped medical content, as `make run` serves it."""
    if FIXTURES:
        with django_db_blocker.unblock():
            call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    client.force_login(user)
    client.user = user
    return client


def database_vendor() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
