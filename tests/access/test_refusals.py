"""Lists are refused to roles that may not read them, as their pages are, instead of coming back empty."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiCaller


@pytest.fixture
def registrar_api(world, db):
    from django.test import Client

    return ApiCaller(Client(), world.tokens["registrar"])


def test_a_registrar_is_refused_the_licence_applications(registrar_api):
    response = registrar_api.get("/licensing/applications")
    assert response.status_code == 403
    assert "licence applications" in response.json()["error"]["message"]


def test_a_registrar_is_refused_the_report_snapshots(registrar_api):
    response = registrar_api.get("/reports/poa/snapshots")
    assert response.status_code == 403
    assert "reports" in response.json()["error"]["message"]


def test_a_licensing_officer_still_lists_the_applications_of_their_region(world, db):
    from django.test import Client

    items = ApiCaller(Client(), world.tokens["licensing_officer"]).get("/licensing/applications").json()["items"]
    assert {item["jurisdiction"] for item in items} == {"SL-E"}
