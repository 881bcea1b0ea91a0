"""Hand-counted records for each report. The expected figures are written out in the tests.

Every fixture returns a dict of the records it made, by a short name, so that tests can compare
drill-down ids with the records they expect to be counted.
"""

from __future__ import annotations

from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest

from salw.registry.models import Weapon
from salw.registry.services import (
    actor_create,
    event_record,
    event_void,
    marking_add,
    weapon_register,
)
from salw.reporting.domain import record_id
from salw.tracing.models import TraceRequest
from salw.tracing.services import (
    seizure_record,
    trace_outcome_record,
    trace_request_create,
    trace_request_send,
    trace_response_record,
)

YEAR = 2023


def ids(kind: str, *records) -> list[str]:
    return sorted(record_id(kind, getattr(record, "seq", None) or record.id) for record in records)


@pytest.fixture
def reporting_officer(make_user, national):
    return make_user("reporting-officer", ("reporting_officer", national, "capture"))


@pytest.fixture
def east_reporting_officer(make_user, eastern):
    return make_user("east-reporting-officer", ("reporting_officer", eastern, "capture"))


@pytest.fixture
def national_registrar(make_user, national):
    return make_user("national-registrar", ("registrar", national, "capture"))


class Registry:
    """Short-hand for registering test weapons and their events."""

    def __init__(self, actor, prefix: str = "T"):
        self.actor = actor
        self.prefix = prefix
        self.count = 0

    def weapon(self, jurisdiction, weapon_type=None, *, manufacturer="Izhmash", model="AKM", made_in="RUS",
               status=None, holder=None, registered_on: date | None = None, serial=None):
        self.count += 1
        weapon = weapon_register(actor=self.actor, jurisdiction=jurisdiction, record_id=f"{self.prefix}-{self.count}",
                                 serial_number=serial if serial is not None else f"SN{self.count:04d}",
                                 manufacturer=manufacturer, model=model, weapon_type=weapon_type,
                                 country_of_manufacture=made_in, status=status, holder=holder,
                                 status_date=date(2020, 1, 1) if status else None)
        if registered_on:
            Weapon.objects.filter(id=weapon.id).update(
                created_at=datetime(registered_on.year, registered_on.month, registered_on.day, 9,
                                    tzinfo=dt_timezone.utc))
            weapon.refresh_from_db()
        return weapon

    def event(self, weapon, event_type, on: date, counterparty=None, **extra):
        return event_record(actor=self.actor, weapon=weapon, event_type=event_type, occurred_on=on,
                            counterparty=counterparty, **extra)


@pytest.fixture
def transfer_records(system_actor, eastern, northern):
    """Exports and imports recorded as registry events.

    2023 exports: W5, W6 assault rifles (made RUS) to Ghana; W7 rifle (made FRA) to France
    (Northern). Left out: W8 (event voided), W9 (no weapon type), W10 (no partner), W11 (MANPADS,
    outside the UNROCA SALW rows). 2023 imports from Belgium: W1 pistol made BEL, W2 pistol made
    AUT, W3 assault rifle (Northern). W4 was imported in 2022.
    """
    registry = Registry(system_actor)
    fn = actor_create(actor=system_actor, holder_type="manufacturer", name="FN Herstal", country="BEL")
    ghana = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police",
                         country="GHA")
    france = actor_create(actor=system_actor, holder_type="dealer", name="Armes de France", country="FRA")
    r = {}
    r["W1"] = registry.weapon(eastern, "sa_revolver_pistol.pistol", manufacturer="FN", model="Five-seven",
                              made_in="BEL")
    r["W2"] = registry.weapon(eastern, "sa_revolver_pistol.pistol", manufacturer="Glock", model="17", made_in="AUT")
    r["W3"] = registry.weapon(northern, "sa_assault_rifle", manufacturer="FN", model="FNC", made_in="BEL")
    r["W4"] = registry.weapon(eastern, "sa_revolver_pistol", manufacturer="FN", model="HP", made_in="BEL")
    r["W1-import"] = registry.event(r["W1"], "imported", date(2023, 3, 1), fn)
    r["W2-import"] = registry.event(r["W2"], "imported", date(2023, 3, 1), fn)
    r["W3-import"] = registry.event(r["W3"], "imported", date(2023, 5, 20), fn)
    r["W4-import"] = registry.event(r["W4"], "imported", date(2022, 12, 31), fn)
    for name in ("W5", "W6", "W8"):
        r[name] = registry.weapon(eastern, "sa_assault_rifle", status="in_storage")
    r["W7"] = registry.weapon(northern, "sa_rifle_carbine", manufacturer="MAS", model="36", made_in="FRA",
                              status="in_storage")
    r["W9"] = registry.weapon(eastern, None, status="in_storage")
    r["W10"] = registry.weapon(eastern, "sa_lmg", manufacturer="Degtyaryov", model="RPD", status="in_storage")
    r["W11"] = registry.weapon(eastern, "x_manpads", manufacturer="KBM", model="Igla", status="in_storage")
    r["W5-export"] = registry.event(r["W5"], "exported", date(2023, 6, 15), ghana)
    r["W6-export"] = registry.event(r["W6"], "exported", date(2023, 6, 15), ghana)
    r["W7-export"] = registry.event(r["W7"], "exported", date(2023, 7, 1), france)
    r["W8-export"] = registry.event(r["W8"], "exported", date(2023, 8, 1), ghana)
    event_void(actor=system_actor, event=r["W8-export"], reason="recorded on the wrong weapon")
    r["W9-export"] = registry.event(r["W9"], "exported", date(2023, 9, 1), france)
    r["W10-export"] = registry.event(r["W10"], "exported", date(2023, 10, 1))
    r["W11-export"] = registry.event(r["W11"], "exported", date(2023, 11, 1), ghana)
    return r


@pytest.fixture
def poa_records(system_actor, eastern, northern, national):
    """Register, marking, losses, destruction and tracing for the PoA/ITI report of 2023.

    Weapons entered in 2023: P2, P3, P4, P6; P1 in 2022; P5 in 2024. Marked in 2023: P2, P4.
    Destroyed: P3, P4. Lost: P2 (P6's loss was voided). Stolen: P1, from the army's stocks.
    Seizures of 2023: S1 (seized, 2 weapons), S2 (surrendered, 1 weapon); S3 is of 2022.
    Trace requests sent in 2023: TR1 to BEL (answered after 30 days), TR2 to RUS (no reply),
    TR3 to FRA (partial reply after 10 days); TR4 is a draft. Received: TR5 (replied to).
    """
    registry = Registry(system_actor)
    army = actor_create(actor=system_actor, holder_type="state_armed_forces", name="1st Battalion")
    civilian = actor_create(actor=system_actor, holder_type="licensed_civilian", name="A. Kamara")
    r = {}
    r["P1"] = registry.weapon(eastern, "sa_assault_rifle", status="in_service", holder=army,
                              registered_on=date(2022, 11, 1))
    r["P2"] = registry.weapon(eastern, "sa_revolver_pistol", status="in_service", holder=civilian,
                              registered_on=date(2023, 2, 1))
    r["P3"] = registry.weapon(eastern, "sa_assault_rifle", status="in_storage", registered_on=date(2023, 3, 1))
    r["P4"] = registry.weapon(northern, "sa_assault_rifle", status="in_storage", registered_on=date(2023, 3, 1))
    r["P5"] = registry.weapon(eastern, "sa_assault_rifle", status="in_storage", registered_on=date(2024, 1, 10))
    r["P6"] = registry.weapon(eastern, "sa_assault_rifle", status="in_storage", registered_on=date(2023, 4, 1))
    r["P1-stolen"] = registry.event(r["P1"], "stolen", date(2023, 4, 2))
    r["P2-lost"] = registry.event(r["P2"], "lost", date(2023, 5, 5))
    r["P3-destroyed"] = registry.event(r["P3"], "destroyed", date(2023, 6, 1))
    r["P4-destroyed"] = registry.event(r["P4"], "destroyed", date(2023, 7, 1))
    r["P6-lost"] = registry.event(r["P6"], "lost", date(2023, 8, 1))
    event_void(actor=system_actor, event=r["P6-lost"], reason="found in another armoury the same day")
    marking_add(actor=system_actor, weapon=r["P2"], occasion="state", text="SL-GOV 2023",
                marked_on=date(2023, 2, 15))
    marking_add(actor=system_actor, weapon=r["P4"], occasion="state", text="SL-GOV 2023",
                marked_on=date(2023, 3, 2))
    marking_add(actor=system_actor, weapon=r["P1"], occasion="state", text="SL-GOV 2022",
                marked_on=date(2022, 11, 2))

    s1 = seizure_record(actor=system_actor, jurisdiction=eastern, kind="seized", occurred_on=date(2023, 3, 10),
                        legal_justification="illicit_possession", country="SLE", admin1="Eastern",
                        items=[{"serial_number": "ZX1", "weapon_type": "sa_assault_rifle"},
                               {"serial_number": "ZX2", "weapon_type": "sa_assault_rifle"}])
    s2 = seizure_record(actor=system_actor, jurisdiction=northern, kind="surrendered",
                        occurred_on=date(2023, 9, 1), legal_justification="voluntary_surrender",
                        items=[{"serial_number": "ZX3", "weapon_type": "sa_revolver_pistol"}])
    seizure_record(actor=system_actor, jurisdiction=eastern, kind="seized", occurred_on=date(2022, 12, 30),
                   legal_justification="illicit_possession", items=[{"serial_number": "ZX4"}])
    i1, i2 = s1.items.order_by("serial_number")
    (i3,) = s2.items.all()
    r.update(S1=s1, S2=s2, I1=i1, I2=i2, I3=i3)

    def sent(item, country, on):
        request = trace_request_create(actor=system_actor, item=item, recipient_country=country,
                                       legal_basis="ITI", illicit_basis="illicit possession")
        return trace_request_send(actor=system_actor, request=request, sent_on=on)

    r["TR1"] = sent(i1, "BEL", date(2023, 3, 20))
    trace_response_record(actor=system_actor, request=r["TR1"], result="answered", received_on=date(2023, 4, 19))
    r["TR2"] = sent(i2, "RUS", date(2023, 4, 1))
    r["TR3"] = sent(i3, "FRA", date(2023, 9, 10))
    trace_response_record(actor=system_actor, request=r["TR3"], result="partial", received_on=date(2023, 9, 20))
    r["TR4"] = trace_request_create(actor=system_actor, item=i1, recipient_country="GHA", legal_basis="ITI",
                                    illicit_basis="illicit possession")
    # A request received from another State, as the message import would store it.
    r["TR5"] = TraceRequest.objects.create(
        direction="incoming", reference="GH-2023-7", jurisdiction=national, status="sent",
        recipient_country="SLE", requesting_country="GHA", illicit_basis="found at a crime scene",
        legal_basis="ITI", sent_on=date(2023, 5, 5), serial_number="GH777")
    trace_response_record(actor=system_actor, request=r["TR5"], result="answered", received_on=date(2023, 5, 25))
    return r


@pytest.fixture
def seizure_records(system_actor, eastern, northern):
    """Seizures for the IAFQ tables and SDG 16.4.2 of 2023.

    S1 (Eastern, seized, illicit possession, drug trafficking): a pistol (no record held), an
    assault rifle (diversion established, trace request sent to RUS), 200 rounds, an antique
    revolver (not counted). S2 (Eastern, found abandoned): a shotgun, a weapon of unknown type,
    3 parts. S3 (Northern, surrendered): an assault rifle (origin established by other means),
    an unspecified pistol or revolver. S4 is of 2024.
    """
    r = {}
    r["S1"] = seizure_record(
        actor=system_actor, jurisdiction=eastern, kind="seized", occurred_on=date(2023, 2, 1),
        legal_justification="illicit_possession", criminal_context="drug_trafficking", country="SLE",
        admin1="Eastern", items=[
            {"serial_number": "A100", "weapon_type": "sa_revolver_pistol.pistol"},
            {"serial_number": "A200", "weapon_type": "sa_assault_rifle"},
            {"item_kind": "ammunition", "quantity": 200, "calibre": "7.62x39mm"},
            {"serial_number": "A300", "weapon_type": "sa_revolver_pistol.revolver", "antique": True,
             "year_of_manufacture": 1880},
        ])
    r["S2"] = seizure_record(
        actor=system_actor, jurisdiction=eastern, kind="found", occurred_on=date(2023, 4, 15),
        legal_justification="found_abandoned", country="SLE", admin1="Eastern", items=[
            {"serial_number": "B100", "weapon_type": "sa_other.shotgun"},
            {"serial_number": "B200"},
            {"item_kind": "part", "quantity": 3},
        ])
    r["S3"] = seizure_record(
        actor=system_actor, jurisdiction=northern, kind="surrendered", occurred_on=date(2023, 6, 30),
        legal_justification="voluntary_surrender", country="SLE", admin1="Northern", items=[
            {"serial_number": "C100", "weapon_type": "sa_assault_rifle"},
            {"serial_number": "C200", "weapon_type": "sa_revolver_pistol"},
        ])
    r["S4"] = seizure_record(
        actor=system_actor, jurisdiction=eastern, kind="seized", occurred_on=date(2024, 1, 2),
        legal_justification="illicit_possession", country="SLE", admin1="Eastern",
        items=[{"serial_number": "D100", "weapon_type": "sa_revolver_pistol.pistol"}])
    for seizure in ("S1", "S2", "S3"):
        for item in r[seizure].items.all():
            r[item.serial_number or f"{seizure}-{item.item_kind}"] = item
    r["A200-request"] = trace_request_create(actor=system_actor, item=r["A200"], recipient_country="RUS",
                                             legal_basis="ITI", illicit_basis="illicit possession")
    trace_request_send(actor=system_actor, request=r["A200-request"], sent_on=date(2023, 2, 10))
    trace_outcome_record(actor=system_actor, item=r["A200"], outcome="diversion_established",
                         establishment_method="trace_response", diversion_country="SLE",
                         diversion_place="Kenema armoury", diversion_from=date(2019, 3, 1),
                         diversion_mechanism="stockpile_theft_or_loss")
    trace_outcome_record(actor=system_actor, item=r["C100"], outcome="origin_established_other",
                         establishment_method="other", established_by="National Police intelligence")
    trace_outcome_record(actor=system_actor, item=r["A100"], outcome="no_record")
    return r
