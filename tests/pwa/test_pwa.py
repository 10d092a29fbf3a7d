"""The installable app: manifest, service worker from the root, and an offline page that still helps."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_describes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/") and manifest["short_name"] and manifest["name"]
    assert manifest["theme_color"].startswith("#")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_it_links_the_manifest_from_every_page(client):
    assert 'rel="manifest" href="/manifest.webmanifest"' in client.get("/").text


def test_it_serves_the_service_worker_from_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_it_precaches_files_that_exist(client):
    script = client.get("/sw.js").text
    urls = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", script).group(1))
    assert "/offline/" in urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_it_never_caches_quiz_or_api_pages(client):
    script = client.get("/sw.js").text
    readable = re.search(r"const READABLE = \[(.*?)\];", script).group(1)
    for private in ("quiz", "api", "admin", "result"):
        assert private not in readable


def test_it_gets_a_new_cache_name_when_a_deploy_changes_the_static_files(client, monkeypatch):
    from backend.pwa import views

    before = re.search(r'const VERSION = "(\w+)"', client.get("/sw.js").text).group(1)
    views._precache_urls.cache_clear()
    monkeypatch.setattr(views, "PRECACHE_STATIC", [*views.PRECACHE_STATIC, "icons/icon-512.png"])
    after = re.search(r'const VERSION = "(\w+)"', client.get("/sw.js").text).group(1)
    views._precache_urls.cache_clear()
    assert before != after


def test_it_shows_the_emergency_signs_on_the_offline_page(client):
    page = client.get("/offline/")
    assert page.status_code == 200
    assert "You're offline" in page.text.replace("&#x27;", "'")
    assert 'href="tel:911"' in page.text
    assert "Chest pain" in page.text and "bladder" in page.text


def test_it_tells_crawlers_to_keep_out_of_the_admin_and_the_api(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Disallow: /admin/" in robots.text and "Disallow: /api/" in robots.text
    assert "Disallow: /topics/" not in robots.text
