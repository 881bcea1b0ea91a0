"""Every error has the same envelope: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from salw.accounts.domain import REGISTRY_READ
from tests.api.conftest import PASSWORD


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    return body["error"]


def test_401_without_credentials():
    error = _error(Client().get("/api/v1/weapons"), 401, "not_authenticated")
    assert "Bearer" in error["message"]


def test_401_for_a_malformed_authorization_header():
    _error(Client().get("/api/v1/me", headers={"Authorization": "Bearer"}), 401, "not_authenticated")


def test_404_for_a_weapon_that_does_not_exist(caller, east_registrar):
    _error(caller(east_registrar).get(f"/weapons/{uuid.uuid4()}"), 404, "not_found")


def test_404_for_an_unknown_path(caller, east_registrar):
    _error(caller(east_registrar).get("/no-such-thing"), 404, "not_found")
    _error(Client().get("/api/v1/weapons/not-a-uuid/timeline/extra"), 404, "not_found")


def test_405_for_a_method_the_path_does_not_take(caller, east_registrar):
    api = caller(east_registrar)
    response = api.client.delete("/api/v1/weapons", headers=api.headers)
    error = _error(response, 405, "method_not_allowed")
    assert "DELETE" in error["message"] and set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_the_api_root_points_to_its_documentation(db):
    assert Client().get("/api/v1/").json() == {"docs": "/api/v1/docs", "openapi": "/api/v1/openapi.json"}


def test_422_when_the_request_breaks_the_schema(caller, east_registrar):
    error = _error(caller(east_registrar).get("/weapons", {"limit": 9999}), 422, "invalid_request")
    assert error["details"][0]["location"] == "query.limit"
    error = _error(caller(east_registrar).get("/weapons/not-a-uuid"), 422, "invalid_request")
    assert error["details"][0]["location"] == "path.weapon_id"


def test_422_names_every_missing_field(caller, east_registrar):
    error = _error(caller(east_registrar).post("/weapons", {}), 422, "invalid_request")
    assert {detail["location"] for detail in error["details"]} == {"body.jurisdiction",
                                                                   "body.record_id"}


def test_422_when_a_service_refuses_the_input(caller, east_registrar, east_rifle):
    error = _error(caller(east_registrar).post("/weapons", {"jurisdiction": "SL-E", "record_id": "E-1",
                                                            "serial_number": "X"}),
                   422, "validation_failed")
    assert "already exists" in error["message"] and "already exists" in error["details"][0]["message"]


def test_422_for_an_unknown_code(caller, east_registrar):
    error = _error(caller(east_registrar).post("/weapons", {"jurisdiction": "NOWHERE", "record_id": "A"}),
                   422, "validation_failed")
    assert error["details"] == [{"location": "jurisdiction", "message": "unknown jurisdiction code",
                                 "value": "NOWHERE"}]


def test_400_for_a_body_that_is_not_json(caller, east_registrar):
    api = caller(east_registrar)
    response = api.client.post("/api/v1/weapons", "{not json", content_type="application/json",
                               headers=api.headers)
    _error(response, 400, "bad_request")


def test_400_for_a_cursor_the_api_did_not_hand_out(caller, east_registrar):
    for cursor in ("garbage", "eyJhZnRlciI6ICJub3QtYS11dWlkIn0"):
        _error(caller(east_registrar).get("/weapons", {"cursor": cursor}), 400, "invalid_cursor")


def test_403_when_a_policy_refuses(caller, east_registrar):
    error = _error(caller(east_registrar).post("/weapons", {"jurisdiction": "SL-N", "record_id": "N-9",
                                                            "serial_number": "Z1"}),
                   403, "permission_denied")
    assert "Northern" in error["message"]


def test_409_when_the_database_refuses_a_concurrent_duplicate(caller, east_registrar, monkeypatch):
    from django.db import IntegrityError

    from salw.registry import services

    def collide(**kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(services, "weapon_register", collide)
    _error(caller(east_registrar).post("/weapons", {"jurisdiction": "SL-E", "record_id": "E-9",
                                                    "serial_number": "Z"}), 409, "conflict")


def test_500_hides_the_failure_behind_the_envelope(caller, east_registrar, monkeypatch):
    def broken(actor):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("salw.api.stats.installation_counts", broken)
    error = _error(caller(east_registrar, [REGISTRY_READ]).get("/stats"), 500, "server_error")
    assert "fire" not in error["message"]


@pytest.fixture
def browser(east_registrar):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=east_registrar.username, password=PASSWORD)
    return client


def test_a_browser_session_reads_without_a_token(browser):
    assert browser.get("/api/v1/me").json()["authenticated_by"] == "session"


def test_a_browser_write_needs_the_csrf_token(browser):
    body = {"jurisdiction": "SL-E", "record_id": "S-1", "serial_number": "S1"}
    refused = browser.post("/api/v1/weapons", body, content_type="application/json")
    assert "CSRF" in _error(refused, 403, "permission_denied")["message"]
    browser.get("/api/v1/docs")  # sets the csrftoken cookie, as the docs page does for "Try it out"
    token = browser.cookies["csrftoken"].value
    accepted = browser.post("/api/v1/weapons", body, content_type="application/json",
                            headers={"X-CSRFToken": token})
    assert accepted.status_code == 201, accepted.content


def test_a_token_needs_no_csrf_token(caller, east_registrar):
    api = caller(east_registrar)
    api.client = Client(enforce_csrf_checks=True)
    response = api.post("/weapons", {"jurisdiction": "SL-E", "record_id": "T-1", "serial_number": "T1"})
    assert response.status_code == 201, response.content
