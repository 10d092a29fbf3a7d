"""Per-client rate limits counted in Django's cache, and a cap on the size of a form's body.

The client address comes from the connection unless settings.TRUSTED_PROXY_HEADER names a header
that trusted proxies fill in (a load balancer's X-Forwarded-For). Addresses are never stored
anywhere else: the cache keys expire with their window.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

TOO_MANY = "You have sent this too many times from your connection. Please try again later"


def client_address(request: HttpRequest) -> str:
    """The client's IP address, taken from the trusted proxy header only when one is configured;
    "" when there is none (as for a request made inside the process), which an IP field stores as null."""
    address = request.META.get("REMOTE_ADDR", "")
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        forwarded = [part.strip() for part in request.META.get(_meta_key(header), "").split(",") if part.strip()]
        # Each trusted proxy appends the address it saw; anything further left was sent by the client.
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            address = forwarded[-settings.TRUSTED_PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def client_bucket(address: str) -> str:
    """IPv6 users usually hold a whole /64, so they are counted by network, not by single address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class RateLimit:
    """At most N uses per period per client (settings: `setting` = (N, seconds)), in fixed windows.

    A form and the API share the counter of their scope, so a client can't double its allowance.
    """

    scope: str
    setting: str

    @property
    def count(self) -> int:
        return getattr(settings, self.setting)[0]

    @property
    def seconds(self) -> int:
        return getattr(settings, self.setting)[1]

    def hit(self, request: HttpRequest) -> int:
        """Count one use; returns the seconds to wait if this use is over the limit, else 0."""
        now = time.time()
        window = int(now // self.seconds)
        key = self._key(request, window)
        cache.add(key, 0, timeout=self.seconds + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=self.seconds + 1)
            used = 1
        return max(1, math.ceil((window + 1) * self.seconds - now)) if used > self.count else 0

    def used_up(self, request: HttpRequest) -> bool:
        """Whether the client has already had its whole allowance in this window (counts nothing)."""
        return cache.get(self._key(request, int(time.time() // self.seconds)), 0) >= self.count

    def _key(self, request: HttpRequest, window: int) -> str:
        return f"ratelimit:{self.scope}:{client_bucket(client_address(request))}:{window}"


STORIES = RateLimit("stories", "RATE_LIMIT_STORIES")
FEEDBACK = RateLimit("feedback", "RATE_LIMIT_FEEDBACK")
ANSWERS = RateLimit("answers", "RATE_LIMIT_ANSWERS")


def wait_in_words(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    if minutes >= 90:
        return f"about {round(minutes / 60)} hours"
    return "about a minute" if minutes <= 1 else f"about {minutes} minutes"


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """HTTP 429 with a page that says what happened and when to try again."""
    response = render(request, "abuse/429.html", {"wait": wait_in_words(retry_after), "message": TOO_MANY},
                      status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(limit: RateLimit):
    """Refuse a POST with 429 once the client has used up its limit; every POST counts, valid or not."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                if retry_after := limit.hit(request):
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def body_limited(view):
    """Refuse a form body larger than settings.FORM_MAX_BODY_BYTES with 413, before reading it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if request.method == "POST" and (not declared.isdigit() or int(declared) > settings.FORM_MAX_BODY_BYTES):
            return render(request, "abuse/413.html", {"limit": settings.FORM_MAX_BODY_BYTES}, status=413)
        return view(request, *args, **kwargs)

    return wrapper
