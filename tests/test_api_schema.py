"""The API against its own OpenAPI document, with requests generated from it (schemathesis):
no server error, and every answer's status, content type and body as the document says."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_between_requests():
    """As Django's test client does: the app must not close the test's database connection
    (and its transaction) when a request starts or finishes."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def staff_token(django_user_model):
    admin = django_user_model.objects.create_superuser("api-admin", "a@example.org", "pw")
    return Token.objects.create(user=admin).key


# The document the app serves at /api/openapi.json, made the same way; requests go to the app
# in this process, so they see the test's database.
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(SchemaGenerator().get_schema(public=True), cls=DjangoJSONEncoder))
)
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    # The same generated requests at every run, so the suite passes or fails the same way.
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_openapi_document(
    case, seeded, staff_token, connection_kept_between_requests
):
    # As staff, so writes are tried for real (and rolled back with the test's transaction).
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)
