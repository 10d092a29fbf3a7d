"""gunicorn settings for `make serve` and production: `gunicorn -c backend/config/gunicorn.py`."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# The quiz is CPU-bound Python that never waits on the database, so one process per core serves it
# best: on 2 cores, 2 workers answered 3-18 % more quiz steps per second than 3, with a lower p99
# (`make bench`), as a third process only takes turns on a core with the others.
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound; not every few seconds
# at peak (a worker's memory stays flat under load), since a fresh fork starts with cold caches.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
# Django, the compiled knowledge base and the templates are loaded once, in the master: a worker
# (a new one, or one replacing a recycled worker) is a fork that serves at full speed at once
# instead of spending a second of CPU on imports while requests wait.
preload_app = True
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Behind a load balancer that terminates TLS; only its address may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "backend.config.wsgi:application"


def when_ready(server):
    """Warm what every worker needs before the first fork; no database connection crosses a fork."""
    from backend.ops.warmup import warm_up

    warm_up(server.log)
    # What the master holds now never changes: keep it out of the collector, so forks share its pages.
    gc.freeze()
