"""The access matrix: every role x every API operation and web page x a record inside and outside
the user's region.

Each role is held by one user in the Eastern region. For every operation and page it must do what
expectations.py says it may (a 2xx inside its region), be refused what it may not (403/404),
never find the Northern region's record (404), and never see any Northern record in any answer:
list, detail, search, export or count.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import get_resolver

from salw.api.application import api
from tests.access.api_operations import API_OPERATIONS, CREATE, GENERAL, RECORD
from tests.access.expectations import SESSION, may
from tests.access.leaks import leaked
from tests.access.web_pages import WEB_PAGES
from tests.access.world import ROLES

INSIDE = "inside"
OUTSIDE = "outside"
REFUSED = {403, 404}


def _openapi_operations() -> set[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {operation["operationId"] for methods in schema["paths"].values() for operation in methods.values()}


def _web_page_names() -> set[str]:
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif pattern.name and pattern.callback.__module__ != "ninja.operation":
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_api_operation_is_classified():
    assert _openapi_operations() - API_OPERATIONS.keys() == set(), "classify it in tests/access/api_operations.py"
    assert API_OPERATIONS.keys() - _openapi_operations() == set(), "no such operation any more"


def test_every_web_page_is_classified():
    assert _web_page_names() - WEB_PAGES.keys() == set(), "classify it in tests/access/web_pages.py"
    assert WEB_PAGES.keys() - _web_page_names() == set(), "no such page any more"


def _cases(table: dict) -> list:
    return [pytest.param(role, name, place, id=f"{role}-{name}-{place}")
            for role in ROLES for name, entry in sorted(table.items())
            for place in ((INSIDE,) if entry.about == GENERAL else (INSIDE, OUTSIDE))]


def _expected(role: str, entry, place: str) -> set[int] | None:
    """The statuses allowed; None when any answer but a server error will do (what matters is the leak)."""
    allowed = may(role, entry.area, entry.access)
    if entry.area == SESSION:
        return None
    if place == INSIDE:
        return set(range(200, 300)) if allowed else REFUSED
    if entry.about == RECORD:
        return {404} if allowed else REFUSED
    if entry.about == CREATE:
        return {403} if allowed else REFUSED
    return None  # a listing asked about the other region: it may answer, as long as it shows nothing of it


def _check(response, expected, markers, call, role):
    assert response.status_code < 500, response.content[:2000]
    if expected is not None:
        assert response.status_code in expected, (role, call, response.status_code, response.content[:1000])
    found = leaked(response, markers, sent=call.text())
    assert not found, f"{role} saw Northern records {sorted(found)} in {call}"


def _api_send(client: Client, token: str, call):
    headers = {"Authorization": f"Bearer {token}"}
    path = "/api/v1" + call.path
    if call.upload is not None:
        return client.post(path, call.upload, headers=headers)
    if call.method == "GET":
        return client.get(path, call.params, headers=headers)
    return client.generic(call.method, path + _query(call.params), data=_json(call.body),
                          content_type="application/json", headers=headers)


def _query(params: dict) -> str:
    return f"?{urlencode(params)}" if params else ""


def _json(body) -> str:
    return json.dumps(body or {})


@pytest.mark.parametrize(("role", "name", "place"), _cases(API_OPERATIONS))
def test_api(world, db, role, name, place):
    operation = API_OPERATIONS[name]
    region = world.east if place == INSIDE else world.north
    call = operation.call(region)
    response = _api_send(Client(), world.tokens[role], call)
    _check(response, _expected(role, operation, place), world.north.markers(), call, role)


@pytest.mark.parametrize(("role", "name", "place"), _cases(WEB_PAGES))
def test_web(world, db, role, name, place):
    page = WEB_PAGES[name]
    region = world.east if place == INSIDE else world.north
    user = world.users[role]
    call = page.call(region, world, user)
    client = Client()
    client.force_login(user)
    if call.method == "GET":
        response = client.get(call.path, call.params)
    else:
        response = client.post(call.path + _query(call.params), call.body or {})
    expected = _expected(role, page, place)
    if expected and 200 in expected:
        expected = expected | {302}  # a form or a step answers with a redirect to where it leads
        assert "/login/" not in response.get("Location", ""), "a signed-in user was sent to log in"
    _check(response, expected, world.north.markers(), call, role)


@pytest.mark.parametrize("role", ROLES)
def test_counts_cover_only_ones_own_region(world, db, role):
    from salw.registry.models import Event, Weapon
    from salw.tracing.models import Seizure

    response = _api_send(Client(), world.tokens[role], API_OPERATIONS["stats"].call(world.east))
    eastern = world.east.jurisdiction.path
    counts = response.json()
    assert counts["weapons"] == Weapon.objects.filter(jurisdiction__path__startswith=eastern).count()
    assert counts["events"] == Event.objects.filter(weapon__jurisdiction__path__startswith=eastern).count()
    assert counts["seizures"] == Seizure.objects.filter(jurisdiction__path__startswith=eastern).count()

