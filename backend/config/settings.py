"""Backcheck settings: one file, driven by environment variables (see .env.example).

Values are parsed strictly: a malformed value stops the server with a clear message instead of
falling back to a default nobody chose.
"""

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate such as "5/hour" as (requests, seconds)."""
    raw = os.environ.get(name) or default
    periods = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
    count, _, period = raw.strip().lower().partition("/")
    if not count.isdigit() or int(count) < 1 or period.rstrip("s") not in periods:
        raise ImproperlyConfigured(f"{name} must look like 5/hour (per second, minute, hour or day), not {raw!r}.")
    return int(count), periods[period.rstrip("s")]


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def cache_settings(url: str) -> dict:
    """Django's cache settings for a CACHE_URL: locmem, db (a table in the database) or redis://host:port/n."""
    if url == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url == "db":
        # Django culls a third of the entries once there are MAX_ENTRIES (default 300), live rate-limit
        # counters included, which would let those clients start over: keep room for many thousands.
        return {"BACKEND": "backend.abuse.cache.DatabaseCache", "LOCATION": "backcheck_cache",
                "OPTIONS": {"MAX_ENTRIES": 20_000}}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be empty, db, locmem or a redis:// address, not {url!r}.")


def local_secret_key() -> str:
    """A development key made once and kept in an ignored file, so sessions survive restarts."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("With DEBUG off, SECRET_KEY must be set in the environment (32 characters or more).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("With DEBUG off, ALLOWED_HOSTS must list the site's host names.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "backend.ops.apps.AdminConfig",  # django.contrib.admin with the site in backend/ops/admin.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "backend.knowledge",
    "backend.quiz",
    "backend.language",
    "backend.api",
    "backend.pwa",
    "backend.stories",
    "backend.feedback",
    "backend.staff",
    "backend.ops",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "backend.ops.middleware.DatabaseUnavailableMiddleware",
    "backend.ops.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed admin logins and locks an account + address out after too many, and an address after
    # many more across all usernames (backend/abuse/logins.py).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "backend.abuse.logins.AdminLoginHandler"
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ADMIN_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failed sign-ins per address (IPv6: per /64) across all usernames, per lockout period: higher than the
# per-account limit, so that a few people behind one office address who mistype don't lock each other out.
RATE_LIMIT_ADMIN_LOGINS = (env_int("ADMIN_LOGIN_ADDRESS_LIMIT", 30), int(AXES_COOLOFF_TIME.total_seconds()))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME < timedelta(minutes=1):
    raise ImproperlyConfigured("ADMIN_LOGIN_FAILURE_LIMIT and ADMIN_LOGIN_LOCKOUT_MINUTES must be 1 or more.")
if RATE_LIMIT_ADMIN_LOGINS[0] < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(f"ADMIN_LOGIN_ADDRESS_LIMIT must be at least ADMIN_LOGIN_FAILURE_LIMIT "
                               f"({AXES_FAILURE_LIMIT}), not {RATE_LIMIT_ADMIN_LOGINS[0]}.")
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "backend.abuse.limits.client_address"
AXES_LOCKOUT_TEMPLATE = "ops/locked_out.html"
AXES_VERBOSE = False

# The admin's address; a less guessable one keeps some of the noise away (set it per deployment).
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
if not re.fullmatch(r"[A-Za-z0-9_\-/]+/", ADMIN_URL):
    raise ImproperlyConfigured(f"ADMIN_URL must be a path such as staff-desk/, not {ADMIN_URL!r}.")

ROOT_URLCONF = "backend.config.urls"
WSGI_APPLICATION = "backend.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "backend.knowledge.context_processors.site",
            ],
        },
    },
]

# SQLite by default; DATABASE_URL (postgres://user:pass@host:port/name) switches to PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Persistent connections, checked before reuse, so a restarted database is picked up by itself.
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60),
                                                      conn_health_checks=True)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH") or BASE_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20,
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
            # Tests use a file, not memory, so the live server's threads each get their own connection
            # (one shared in-memory connection breaks when a page makes requests in parallel).
            "TEST": {"NAME": str(BASE_DIR / ".test-db.sqlite3")},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Fixtures (the medical content) load with each related row looked up once per file, not once per reference.
SERIALIZATION_MODULES = {"json": "backend.knowledge.fixture_format"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Quiz answers live in the signed session cookie only: nothing about a person taking the quiz is stored
# server-side. Signed-in staff sessions live in the database, so logging out ends them (backend.staff).
SESSION_ENGINE = "backend.staff.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24)
# Cookies go over HTTPS only in production; SECURE_COOKIES=false allows a production-like run on plain
# http://127.0.0.1 (benchmarks, load tests).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)

# Strict Content-Security-Policy from day one: no inline script or style without the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS everywhere in production: browsers remember it for a year (HSTS).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The site needs none of these browser features; no embedded content may ask for them either.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer", "microphone",
    "midi", "payment", "usb", "browsing-topics",
)}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["backend.api.parsers.LimitedJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "backend.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Backcheck API",
    "DESCRIPTION": "The Backcheck symptom-checker engine: a stateless assessment interview and the content catalogue.",
    "VERSION": "1.0.0",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"SexEnum": ["female", "male"], "StorySexEnum": "backend.stories.models.StorySex",
                            "AgeRangeEnum": "backend.stories.models.AgeRange",
                            "AnswerEnum": "backend.api.serializers.CHOICES",
                            "ReasonAnswerEnum": ["present", "absent"],
                            "LevelEnum": "backend.api.serializers.LEVELS",
                            "PageKindEnum": "backend.api.serializers.PAGE_KINDS",
                            "KindEnum": "backend.api.serializers.KINDS",
                            "EmergencyLevelEnum": "backend.api.serializers.EMERGENCY_LEVELS"},
    "SERVE_INCLUDE_SCHEMA": False,
}
# The largest assessment body accepted (300 evidence items fit in well under this).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 64 * 1024)
# How often (seconds) each server process checks whether the medical content changed.
ENGINE_VERSION_CHECK_SECONDS = env_int("ENGINE_VERSION_CHECK_SECONDS", 5)

# The number the emergency call button dials.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "911")

# Abuse protection for the public forms (stories, feedback) and the story API.
# The client address is the connection's own, unless the site sits behind proxies (a load balancer)
# that put it in a header: then name the header and how many proxies append to it, so that a client
# cannot choose its own address by sending the header itself.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
if TRUSTED_PROXY_HEADER and not TRUSTED_PROXY_HEADER.replace("-", "").isalnum():
    raise ImproperlyConfigured(f"TRUSTED_PROXY_HEADER must be a header name such as X-Forwarded-For, "
                               f"not {TRUSTED_PROXY_HEADER!r}.")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more.")
# Per client address; counted in Django's cache, so several server processes need a shared cache.
RATE_LIMIT_STORIES = env_rate("RATE_LIMIT_STORIES", "10/hour")
RATE_LIMIT_FEEDBACK = env_rate("RATE_LIMIT_FEEDBACK", "60/hour")
# The ask box and /api/v1/answers/ (each question is read by the free-text parser and ranked).
RATE_LIMIT_ANSWERS = env_rate("RATE_LIMIT_ANSWERS", "120/hour")
# The largest body a public form may post (a 5,000-character story in any script fits).
FORM_MAX_BODY_BYTES = env_int("FORM_MAX_BODY_BYTES", 100_000)
# Words and phrases that flag a story for a moderator's closer look (spam, dangerous advice).
STORY_FLAG_WORDS = env_list("STORY_FLAG_WORDS") or [
    "cure", "miracle", "guaranteed", "detox", "stop taking", "no need for a doctor", "don't see a doctor",
    "buy", "discount", "promo code", "casino", "crypto", "bitcoin", "whatsapp", "telegram", "contact me",
    "call me", "dm me",
]

# The cache holds the rate-limit counters (stories, feedback, admin sign-ins per address) and the content
# version. Every worker and node must share it, or each process counts on its own and the limits multiply
# (two workers let 20 stories an hour through instead of 10). So production (DEBUG off) uses the database
# cache, a table in the site's database (`make serve` runs createcachetable), unless CACHE_URL names
# Redis; local memory is for development and the tests only.
CACHE_URL = os.environ.get("CACHE_URL", "").strip() or ("locmem" if DEBUG else "db")
if CACHE_URL == "locmem" and not DEBUG:
    raise ImproperlyConfigured("With DEBUG off, CACHE_URL must be db or a redis:// address: a cache in local memory "
                               "would count rate limits separately in every worker.")
CACHES = {"default": cache_settings(CACHE_URL)}

# The benchmark's floor: a fixed 100-byte page through the whole middleware stack (make bench only).
BENCHMARK_ENDPOINTS = env_bool("BENCHMARK_ENDPOINTS", False)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
