"""The web app manifest, the service worker and the offline page, served from the site root."""

import hashlib
import json
from functools import cache

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from backend.knowledge.models import Symptom

# Files every visit needs; the worker caches them when it installs, so the offline page has its styles.
PRECACHE_STATIC = ["css/site.css", "js/site.js", "django_htmx/htmx-2.min.js", "icons/icon.svg",
                   "icons/icon-192.png"]


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: name, start URL, standalone display, theme colour and icons."""
    icons = [
        {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for size in (192, 512)
    ] + [
        {"src": static(f"icons/maskable-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
         "purpose": "maskable"}
        for size in (192, 512)
    ]
    data = {
        "name": "Backcheck: back symptom checker",
        "short_name": "Backcheck",
        "description": "Safe advice on what to do about a painful back lump or a burning feeling in the back.",
        "id": "/",
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d6b",
        "lang": "en",
        "icons": icons,
    }
    response = JsonResponse(data)
    response["Content-Type"] = "application/manifest+json"
    return response


@cache
def _precache_urls() -> tuple[str, ...]:
    return (reverse("pwa:offline"), *(static(path) for path in PRECACHE_STATIC))


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so that it controls every page.

    Its cache name is a hash of what it precaches: the static URLs carry content hashes, so a deploy
    that changes any of them gives a new worker whose activation deletes the old caches.
    """
    urls = _precache_urls()
    version = hashlib.sha256(json.dumps(urls).encode()).hexdigest()[:12]
    script = render_to_string("pwa/sw.js", {"version": version, "precache": json.dumps(urls),
                                            "offline_url": reverse("pwa:offline")})
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the articles and condition pages; the admin and the raw API are not for them."""
    return HttpResponse("User-agent: *\nDisallow: /admin/\nDisallow: /api/\n", content_type="text/plain")


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker when there is no network: the emergency signs and what to do."""
    red_flags = Symptom.objects.published_red_flags()
    return render(request, "pwa/offline.html", {"red_flags": red_flags})
