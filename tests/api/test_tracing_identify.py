"""POST /tracing/identify: the marking search through the API, within the caller's jurisdiction."""

from __future__ import annotations

import pytest

from salw.accounts.domain import REGISTRY_READ

pytestmark = pytest.mark.django_db


def test_a_misread_serial_finds_the_stolen_rifle_with_reasons(caller, east_registrar, east_rifle):
    response = caller(east_registrar).post("/tracing/identify", {"serial_number": "КТ 44I1", "manufacturer": "Izhevsk"})
    assert response.status_code == 200
    body = response.json()
    best = body["candidates"][0]
    assert best["record_id"] == "E-1" and best["status"] == "stolen"
    assert best["probable"] is True and best["score"] >= body["operating_threshold"]
    assert any("manufacturer matches via alias" in line for line in best["explanation"])


def test_candidates_never_come_from_another_region(caller, east_registrar, national_admin, east_rifle,
                                                  north_pistol):
    east = caller(east_registrar).post("/tracing/identify", {"serial_number": "KT4412", "top": 5}).json()
    assert "N-1" not in [candidate["record_id"] for candidate in east["candidates"]]
    national = caller(national_admin).post("/tracing/identify", {"serial_number": "KT4412", "top": 5}).json()
    assert national["candidates"][0]["record_id"] == "N-1"


def test_a_token_without_the_tracing_scope_is_refused(caller, east_registrar, east_rifle):
    response = caller(east_registrar, scopes=[REGISTRY_READ]).post("/tracing/identify", {"serial_number": "KT4411"})
    assert response.status_code == 403
    assert response.json()["error"]["code"]


def test_bad_input_gets_the_error_envelope(caller, east_registrar):
    response = caller(east_registrar).post("/tracing/identify", {"serial_number": "KT4411", "top": 0})
    assert response.status_code == 422
    assert response.json()["error"]["details"]
