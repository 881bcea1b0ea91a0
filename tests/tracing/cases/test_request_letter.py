"""The printable trace request letter and its page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salw.core.errors import PermissionRefused
from salw.core.languages import offered_language as letter_language
from salw.tracing.letters import trace_request_letter
from salw.tracing.services import trace_request_create, trace_request_send
from tests.tracing.cases.builders import record_seizure, weapon_item

pytestmark = pytest.mark.usefixtures("fake_matching")
PASSWORD = "correct-horse-battery"


@pytest.fixture
def request_to_guinea(people, eastern):
    item = record_seizure(people.east_officer, eastern, date(2023, 12, 20), [weapon_item(
        "KT 4411", other_marks="import mark SL 2003")]).items.get()
    request = trace_request_create(
        actor=people.east_officer, item=item, recipient_country="GIN", recipient_agency="Point focal national",
        legal_basis="Firearms and Ammunition Control Act 2012, s. 40",
        illicit_basis="held without licence at a checkpoint", intended_use="criminal proceedings",
        confidentiality="Restricted", reference="SLE-TR-2024-7", language="fr")
    return trace_request_send(actor=people.east_officer, request=request, sent_on=date(2024, 1, 2))


def test_letter_holds_every_identifying_field_legal_basis_due_date_and_reference(people, request_to_guinea):
    html = trace_request_letter(people.east_analyst, request=request_to_guinea)
    for expected in ("SLE-TR-2024-7", "KT 4411", "Izhmash", "AKM", "7.62x39mm", "Fusils d’assaut", "Russie (RUS)",
                     "1975", "import mark SL 2003", "Firearms and Ammunition Control Act 2012, s. 40",
                     "held without licence at a checkpoint", "criminal proceedings", "2024-02-01",
                     "2024-01-02", "Point focal national", "Guinée (GIN)", "Restricted"):
        assert expected in html, expected
    assert "1 février 2024" in html and "2 janvier 2024" in html  # dates as a French reader writes them


def test_letter_is_styled_by_a_stylesheet_the_content_security_policy_allows(people, request_to_guinea):
    from django.contrib.staticfiles import finders

    html = trace_request_letter(people.east_analyst, request=request_to_guinea)
    assert "<style" not in html and 'href="/static/tracing/letter.css"' in html
    stylesheet = Path(finders.find("tracing/letter.css")).read_text(encoding="utf-8")
    assert "@media print" in stylesheet and "@page" in stylesheet


def test_letter_in_arabic_uses_the_translations(people, request_to_guinea):
    request_to_guinea.language = "ar"
    html = trace_request_letter(people.east_officer, request=request_to_guinea)
    assert "طلب تعقب" in html and "البنادق الهجومية" in html and "غينيا (GIN)" in html
    assert "Weapon to be traced" not in html


def test_letter_language_falls_back_to_english():
    assert letter_language("fr") == "fr"
    assert letter_language("pt-BR") == "pt"
    assert letter_language("sw") == "en"
    assert letter_language("") == "en"


def test_letter_is_marked_with_its_language_and_direction(people, request_to_guinea):
    assert '<html lang="fr" dir="ltr">' in trace_request_letter(people.east_officer, request=request_to_guinea)
    request_to_guinea.language = "ar"
    assert '<html lang="ar" dir="rtl">' in trace_request_letter(people.east_officer, request=request_to_guinea)


def test_letter_only_for_those_who_may_see_the_request(people, request_to_guinea):
    with pytest.raises(PermissionRefused):
        trace_request_letter(people.north_officer, request=request_to_guinea)


def test_letter_page(client, people, request_to_guinea):
    url = f"/tracing/requests/{request_to_guinea.id}/letter/"
    assert client.get(url).status_code == 302  # log in first
    assert client.login(username="east-analyst", password=PASSWORD)
    page = client.get(url)
    assert page.status_code == 200 and "SLE-TR-2024-7" in page.content.decode()
    client.logout()
    assert client.login(username="north-officer", password=PASSWORD)
    assert client.get(url).status_code == 404
