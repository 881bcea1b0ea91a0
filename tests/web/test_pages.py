"""The first web pages: registry counts, serial search and a weapon's timeline, within one's jurisdiction."""

from __future__ import annotations

from datetime import date

import pytest

from salw.registry.services import event_record, weapon_register

PASSWORD = "correct-horse-battery"


@pytest.fixture
def east_rifle(system_actor, eastern):
    weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-77", serial_number="KT 4411",
                             manufacturer="Izhmash", model="AKM", status="in_service", status_date=date(2012, 5, 1))
    event_record(actor=system_actor, weapon=weapon, event_type="stolen", occurred_on=date(2019, 3, 4),
                 note="armoury break-in")
    return weapon


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_counts_search_and_timeline(client, make_user, eastern, east_rifle):
    _login(client, make_user("east", ("registrar", eastern, "capture")))
    home = client.get("/", {"serial": "kt-4411"})
    html = home.content.decode()
    assert home.status_code == 200 and "1 weapon found" in html and "KT 4411" in html
    detail = client.get(f"/weapons/{east_rifle.id}/").content.decode()
    assert "armoury break-in" in detail and "stolen" in detail and "2019-03-04" in detail


def test_other_jurisdiction_sees_nothing(client, make_user, northern, east_rifle):
    _login(client, make_user("north", ("analyst", northern, "view")))
    assert "0 weapons found" in client.get("/", {"serial": "KT4411"}).content.decode()
    assert client.get(f"/weapons/{east_rifle.id}/").status_code == 404


def test_security_headers(client, make_user, eastern):
    _login(client, make_user("east", ("registrar", eastern, "capture")))
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
