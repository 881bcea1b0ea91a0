"""Marking search: misread serials still find the weapon, within the user's jurisdiction only."""

from __future__ import annotations


def test_a_misread_serial_finds_the_weapon(login, east_viewer, east_rifle):
    response = login(east_viewer).get("/search/", {"serial": "KT44II", "manufacturer": "Izhmash"})
    results = response.context["results"]
    assert results and results[0]["weapon"].id == east_rifle.id
    html = response.content.decode()
    assert f'href="/weapons/{east_rifle.id}/"' in html
    assert results[0]["match"].explanation and results[0]["match"].explanation[0] in html


def test_o_for_zero(login, east_registrar, system_actor, eastern):
    from salw.registry.services import weapon_register

    weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="Z-1", serial_number="A10520")
    results = login(east_registrar).get("/search/", {"serial": "A1O52O"}).context["results"]
    assert results[0]["weapon"].id == weapon.id


def test_search_keeps_to_the_jurisdiction(login, north_analyst, east_rifle):
    response = login(north_analyst).get("/search/", {"serial": "KT4411"})
    assert response.context["results"] == []
    assert "No record in your jurisdiction" in response.content.decode()


def test_htmx_search_returns_only_results(login, east_viewer, east_rifle):
    response = login(east_viewer).get("/search/", {"serial": "KT4411"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "KT 4411" in html and "<form" not in html and "<html" not in html


def test_empty_search_searches_nothing(login, east_viewer, east_rifle):
    response = login(east_viewer).get("/search/", {"serial": ""})
    assert response.context["searched"] is False and response.context["results"] == []


def test_search_form_shows_field_errors(login, east_viewer):
    response = login(east_viewer).get("/search/", {"year": "nineteen"})
    assert "year" in response.context["form"].errors and 'class="field has-error' in response.content.decode()


def test_the_reasons_are_shown_in_the_readers_language(login, east_viewer, east_rifle):
    response = login(east_viewer).get("/search/", {"serial": "KT4411"}, HTTP_ACCEPT_LANGUAGE="fr")
    result = response.context["results"][0]
    english = [str(line) for line in result["match"].explanation]
    assert english[-1] == ("not compared (missing): manufacturer, model, calibre, weapon type, "
                           "country of manufacture, year of manufacture")
    # Through gettext line by line, fields named inside a line too.
    assert result["explanation"][-1] == ("non comparés (données manquantes) : fabricant, modèle, calibre, "
                                         "type d’arme, pays de fabrication, année de fabrication")
    assert all(shown != line for shown, line in zip(result["explanation"], english, strict=True))
    assert "pays de fabrication" in response.content.decode()
