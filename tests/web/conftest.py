"""Users with different roles and places, and a weapon in each of two regions."""

from __future__ import annotations

from datetime import date

import pytest

from salw.registry.services import event_record, weapon_register

PASSWORD = "correct-horse-battery"


@pytest.fixture
def login(client):
    def sign_in(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client
    return sign_in


@pytest.fixture
def east_registrar(make_user, eastern):
    return make_user("east-registrar", ("registrar", eastern, "capture"))


@pytest.fixture
def east_viewer(make_user, eastern):
    return make_user("east-viewer", ("analyst", eastern, "view"))


@pytest.fixture
def north_analyst(make_user, northern):
    return make_user("north-analyst", ("analyst", northern, "view"))


@pytest.fixture
def national_auditor(make_user, national):
    return make_user("auditor", ("auditor", national, "view"))


@pytest.fixture
def east_rifle(system_actor, eastern):
    weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-77", serial_number="KT 4411",
                             manufacturer="Izhmash", model="AKM", calibre="7.62x39mm",
                             weapon_type="sa_assault_rifle", status="in_service", status_date=date(2012, 5, 1))
    event_record(actor=system_actor, weapon=weapon, event_type="stolen", occurred_on=date(2019, 3, 4),
                 note="armoury break-in")
    return weapon


@pytest.fixture
def north_pistol(system_actor, northern):
    return weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-12", serial_number="NP 9031",
                           manufacturer="Glock", model="17", calibre="9x19mm", status="in_storage")
