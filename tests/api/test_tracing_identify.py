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


def test_the_explanation_is_given_in_the_callers_language_line_by_line(caller, east_registrar, east_rifle,
                                                                      monkeypatch):
    from salw.core.message import Message
    from salw.tracing.domain import WeaponDescription
    from salw.tracing.matching import identify

    swapped = {"serial_number": "KT4141", "manufacturer": "Izhevsk"}  # record "KT 4411": 4th and 5th swapped
    # The engine's lines are Messages: English text that keeps its template and values.
    lines = identify(WeaponDescription(**swapped), actor=east_registrar)[0].explanation
    assert all(isinstance(line, Message) for line in lines)
    swap = next(line for line in lines if line.template == "characters %(first)s and %(second)s swapped")
    assert swap == "characters 4 and 5 swapped" and swap.params == {"first": 4, "second": 5}
    alias = next(line for line in lines if line.template == "manufacturer matches via alias '%(said)s'")
    assert alias.params == {"said": "Izhevsk"}
    missing = lines[-1]
    assert missing.template == "not compared (missing): %(fields)s"
    assert missing == "not compared (missing): model, calibre, weapon type, country of manufacture, year of manufacture"

    french = caller(east_registrar).post("/tracing/identify", swapped, HTTP_ACCEPT_LANGUAGE="fr").json()
    shown = french["candidates"][0]["explanation"]
    assert "caractères 4 et 5 intervertis" in shown
    assert shown[-1] == ("non comparés (données manquantes) : modèle, calibre, type d’arme, pays de fabrication, "
                         "année de fabrication")

    # Every line, and every Message inside one, goes through gettext with its template; values stay as given.
    monkeypatch.setattr("salw.core.translation.gettext", lambda template: "«" + template + "»")
    shown = caller(east_registrar).post("/tracing/identify", swapped).json()["candidates"][0]["explanation"]
    assert len(shown) == len(lines) and all(line.startswith("«") and line.endswith("»") for line in shown)
    assert "«characters 4 and 5 swapped»" in shown and "«manufacturer matches via alias 'Izhevsk'»" in shown
    assert "«model»" in shown[-1] and "«country of manufacture»" in shown[-1]
