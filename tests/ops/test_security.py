"""Security headers on the main pages, a clean deployment check, and admin brute-force lockout."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/topics/back-lump/", "/conditions/shingles/", "/quiz/back-lump/", "/search/?q=fever",
         "/api/v1/topics/", "/offline/"]
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "vK3q9-Zx7mLw2RtYb8NcE5hJ_aP0sD4fG6jH1kL3zX5cV7bN9mQ2wE4rT6yU8iO",
              "ALLOWED_HOSTS": "backcheck.example.org", "CACHE_URL": "db"}


@pytest.mark.parametrize("path", PAGES)
def test_it_sends_the_security_headers_on_every_main_page(client, path):
    response = client.get(path)
    headers = response.headers
    assert response.status_code == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy


def test_it_sends_hsts_and_secure_cookies_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get("/quiz/back-lump/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    client.post("/quiz/back-lump/", {"action": "restart", "csrfmiddlewaretoken": csrf.value}, secure=True)
    session = client.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


def test_it_passes_the_deployment_check_with_production_settings():
    env = {**os.environ, **PRODUCTION}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in a deployment
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_serves_the_admin_at_a_configurable_address():
    env = {**os.environ, "ADMIN_URL": "staff-desk/"}
    code = ("import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE":
                            "backend.config.settings"}, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "/staff-desk/", result.stderr


def test_it_locks_an_admin_account_out_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "the-right-password-123")
    for _ in range(5):
        response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    # Even the right password is refused while the lockout lasts.
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "the-right-password-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_out_after_a_few_mistakes(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "the-right-password-123")
    for _ in range(3):
        client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "the-right-password-123"})
    assert response.status_code == 302
