"""The interface in the seven languages: switching, direction, formats, translated vocabulary."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from salw.registry.models import STATUS_LABELS
from salw.web.forms import weapon_type_choices


def switch(client, language: str, next_url: str = "/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_the_switcher_is_on_every_page_with_each_language_named_in_itself(client):
    html = client.get("/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert '<label for="language-choice">' in html
    for code, name in (("en", "English"), ("fr", "Français"), ("ar", "العربية"), ("ru", "Русский"),
                       ("zh-hans", "中文"), ("es", "Español"), ("pt", "Português")):
        assert f'<option value="{code}" lang="{code}"' in html and f">{name}</option>" in html, code


def test_switching_language_changes_the_page_text_and_returns_to_the_page(login, east_registrar):
    client = login(east_registrar)
    assert "Dashboard" in client.get("/").content.decode()
    response = switch(client, "fr", "/weapons/")
    assert response.status_code == 302 and response["Location"] == "/weapons/"
    html = client.get("/weapons/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Enregistrer une arme" in html and "Register a weapon" not in html


def test_arabic_pages_run_right_to_left(login, east_registrar):
    client = login(east_registrar)
    switch(client, "ar")
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "لوحة المتابعة" in html and "Dashboard</h1>" not in html


def test_english_pages_run_left_to_right(login, east_registrar):
    assert '<html lang="en" dir="ltr">' in login(east_registrar).get("/").content.decode()


def test_the_language_option_is_the_default_for_a_browser_that_states_none(login, east_registrar):
    with override_settings(LANGUAGE_CODE="ru"):
        html = login(east_registrar).get("/").content.decode()
    assert '<html lang="ru" dir="ltr">' in html and "Панель" in html


def test_a_browser_language_is_honoured(login, east_registrar):
    html = login(east_registrar).get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in html and "Panel" in html


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "2019-03-04"), ("fr", "04/03/2019"), ("ru", "04.03.2019"), ("zh-hans", "2019年3月4日"),
])
def test_dates_on_the_weapon_page_follow_the_language(login, east_registrar, east_rifle, language, expected):
    client = login(east_registrar)
    switch(client, language)
    assert expected in client.get(f"/weapons/{east_rifle.id}/").content.decode()


def test_numbers_follow_the_language(login, east_registrar, east_rifle, monkeypatch):
    from salw.web import dashboard_queries

    real = dashboard_queries.dashboard_figures
    monkeypatch.setattr("salw.web.dashboard_queries.dashboard_figures",
                        lambda user, year: {**real(user, year), "weapons": 1234567})
    client = login(east_registrar)
    switch(client, "fr")
    html = client.get("/").content.decode()
    assert "1\u202f234\u202f567" in html or "1 234 567" in html or "1\xa0234\xa0567" in html


def test_weapon_type_and_country_names_are_translated(login, east_registrar, east_rifle):
    client = login(east_registrar)
    east_rifle.country_of_manufacture = "RUS"
    east_rifle.save(update_fields=["country_of_manufacture"])
    switch(client, "fr")
    weapon_page = client.get(f"/weapons/{east_rifle.id}/").content.decode()
    assert "Fusils d’assaut" in weapon_page and "Russie" in weapon_page
    assert "Fusils d’assaut" in client.get("/weapons/").content.decode()  # the list and its filter
    switch(client, "zh-hans")
    assert "突击步枪" in client.get("/weapons/").content.decode()
    assert "俄罗斯" in client.get(f"/weapons/{east_rifle.id}/").content.decode()


def test_statuses_and_form_choices_speak_the_language(db):
    with translation.override("es"):
        assert str(STATUS_LABELS["stolen"]) == "robada"
        choices = dict(weapon_type_choices())
        assert choices["sa_smg"] == "Subametralladoras"
    with translation.override("ar"):
        assert dict(weapon_type_choices())["sa_assault_rifle"] == "البنادق الهجومية"


def test_a_service_refusal_reaches_the_user_in_their_language(db, system_actor, eastern):
    from salw.core.errors import ValidationFailed
    from salw.registry.services import weapon_register

    with translation.override("fr"), pytest.raises(ValidationFailed) as refusal:
        weapon_register(actor=system_actor, jurisdiction=eastern, record_id="X-1", serial_number="")
    assert "un numéro de série est requis" in str(refusal.value)
