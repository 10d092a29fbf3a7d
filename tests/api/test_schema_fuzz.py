"""schemathesis drives every API operation in-process from the OpenAPI schema: no server errors,
and every answer matches the schema it documents (400s included)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from backend.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

# Whether a request is valid depends on the content (topic and symptom slugs in the database), which
# a static schema cannot list, so "schema-valid but refused" is expected; every other check runs.
CONTENT_DEPENDENT = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """In-process requests must not close the test's database connection, as Django's own test client ensures."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_answers_every_generated_request_as_documented(case):
    case.call_and_validate(excluded_checks=CONTENT_DEPENDENT)
