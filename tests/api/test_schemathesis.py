"""Property-based requests against the live OpenAPI document: no server error, every answer as documented.

Schemathesis reads /api/v1/openapi.json from the application itself (through WSGI) and sends
each operation generated requests, valid and invalid, as a national administrator whose token
holds every scope. A weapon in each of two regions gives the lists something to return.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from salw.web.wsgi import application

# Few examples per operation, always the same ones: a regression test, not a fuzzing campaign.
EXAMPLES_PER_OPERATION = 12

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def connection_kept_open_between_requests():
    # Django closes the connection around each request; inside a test that would end the test's own
    # transaction, so (as Django's test client does) leave it open while the test runs.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def admin_headers(national_admin, token_for, east_rifle, north_pistol):
    return {"Authorization": f"Bearer {token_for(national_admin)}"}


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_documented(case, admin_headers):
    case.call_and_validate(headers=admin_headers,
                           checks=[not_a_server_error, response_schema_conformance, status_code_conformance])
