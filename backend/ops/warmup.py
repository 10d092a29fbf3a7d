"""Work a server process does once before serving, so that no visitor pays for it."""

from __future__ import annotations

import logging

from django.core.cache import caches
from django.db import DatabaseError, connections
from django.template.loader import get_template
from django.urls import reverse

log = logging.getLogger(__name__)

TEMPLATES = ["knowledge/home.html", "knowledge/topic.html", "quiz/start.html", "quiz/check.html",
             "quiz/emergency.html", "quiz/who.html", "quiz/about.html", "quiz/describe.html", "quiz/confirm.html",
             "quiz/question.html", "quiz/result.html", "quiz/restart.html"]


def warm_up(logger: logging.Logger = log) -> None:
    """Compile the knowledge base, the free-text reader, the ask box's index, the quiz templates and the
    URL maps; then close the database connections, which must not be shared with forked workers.

    Without a database (it is down at start) the knowledge base is left for the first request, which
    answers 503 until the database is back, as it would have anyway.
    """
    from backend.language import answers, parser
    from backend.quiz.loader import knowledge_base

    try:
        kb = knowledge_base()
        logger.info("Knowledge base %s ready: %d topics", kb.version, len(kb.topics))
        # The free-text reader: spaCy, medspaCy and the matchers take about a second to build.
        parser.reader()
        # The ask box's BM25 index of every published page: built here once, so that forked workers share it.
        answers.index()
        answers.load_dictionaries()
    except DatabaseError as error:
        logger.warning("Knowledge base not preloaded (database unavailable: %s)", error)
    finally:
        connections.close_all()
        caches.close_all()
    for name in TEMPLATES:
        get_template(name)
    reverse("healthz")  # builds the URL resolver's reverse map
