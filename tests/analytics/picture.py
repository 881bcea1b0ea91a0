"""A small, hand-countable picture of Sierra Leone: weapons, losses, seizures and traces in two regions.

Eastern (SL-E)                                   Northern (SL-N)
  E1 in service, Eastern, issued 2015-03-01        N1 in service, Northern
  E2 in storage, Eastern                           N2 stolen 2021-08-01, Northern
  E3 issued, stolen 2021-03-04 by the group        S4 2021-05-05 Makeni: 1 weapon (+1 ammunition line),
  E4 in storage, lost 2022-01-10                      diverted in Kindia (GIN) 2020-05-01, embezzlement
  E5 stolen 2020-06-01, held by the group
  S1 2021-06-10 Koindu, Eastern: 2 weapons
     a: E3, diverted in Kenema (Eastern) 2021-03-01..04, stockpile theft
     b: diverted in Lofa (LBR) 2020, battlefield capture
  S2 2022-02-01 Kailahun, "Eastern Province": 1 weapon, diverted in Lofa from 2021-01-15,
     illicit retransfer; a trace request sent 2022-03-01 to Liberia
  S3 2022-09-01 Kenema, Eastern: E1's serial, last legal holder in Guinea (no diversion date)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salw.registry.services import actor_create, event_record, weapon_register
from salw.tracing.services import (
    seizure_record,
    trace_outcome_record,
    trace_request_create,
    trace_request_send,
)

GROUP = "West Side Boys remnant"


@dataclass
class Picture:
    seizures: dict
    items: dict
    weapons: dict


def _weapon(actor, jurisdiction, record_id, serial, weapon_type, made_in, status, admin1, status_date=None,
            holder=None):
    return weapon_register(actor=actor, jurisdiction=jurisdiction, record_id=record_id, serial_number=serial,
                           manufacturer="Izhmash", model="AKM", calibre="7.62x39mm", weapon_type=weapon_type,
                           country_of_manufacture=made_in, status=status, status_date=status_date, holder=holder,
                           location_country="SLE", location_admin1=admin1)


def _seizure(actor, jurisdiction, on, admin1, place, latitude, longitude, items, reference):
    return seizure_record(actor=actor, jurisdiction=jurisdiction, kind="seized", occurred_on=on,
                          legal_justification="illicit_possession", country="SLE", admin1=admin1, place=place,
                          latitude=latitude, longitude=longitude, case_reference=reference, items=items)


def _item(serial, weapon_type="sa_assault_rifle", made_in="CHN", manufacturer="Norinco", model="Type 56"):
    return {"serial_number": serial, "manufacturer": manufacturer, "model": model, "calibre": "7.62x39mm",
            "weapon_type": weapon_type, "country_of_manufacture": made_in}


def build_picture(actor, eastern, northern) -> Picture:
    battalion = actor_create(actor=actor, holder_type="state_armed_forces", name="4th Battalion", country="SLE")
    group = actor_create(actor=actor, holder_type="non_state_armed_group", name=GROUP, country="SLE",
                         source="UN Panel of Experts report 2021", confidence="B")
    weapons = {
        "E1": _weapon(actor, eastern, "E1", "KT4411", "sa_assault_rifle", "RUS", "in_service", "Eastern",
                      date(2015, 3, 1), battalion),
        "E2": _weapon(actor, eastern, "E2", "CH2002", "sa_assault_rifle", "CHN", "in_storage", "Eastern"),
        "E3": _weapon(actor, eastern, "E3", "RU3003", "sa_lmg", "RUS", "in_service", "Eastern",
                      date(2016, 1, 1), battalion),
        "E4": _weapon(actor, eastern, "E4", "CH4004", "sa_revolver_pistol", "CHN", "in_storage", "Eastern"),
        "E5": _weapon(actor, eastern, "E5", "CH5005", "sa_assault_rifle", "CHN", "stolen", "Eastern",
                      date(2020, 6, 1), group),
        "N1": _weapon(actor, northern, "N1", "NO1001", "sa_rifle_carbine", "BEL", "in_service", "Northern"),
        "N2": _weapon(actor, northern, "N2", "NO2002", "sa_rifle_carbine", "BEL", "in_service", "Northern"),
    }
    event_record(actor=actor, weapon=weapons["E3"], event_type="stolen", occurred_on=date(2021, 3, 4), holder=group)
    event_record(actor=actor, weapon=weapons["E4"], event_type="lost", occurred_on=date(2022, 1, 10))
    event_record(actor=actor, weapon=weapons["N2"], event_type="stolen", occurred_on=date(2021, 8, 1))

    seizures = {
        "S1": _seizure(actor, eastern, date(2021, 6, 10), "Eastern", "Koindu", 8.46, -10.34,
                       [_item("RU3003", "sa_lmg", "RUS", "Izhmash", "AKM"), _item("LB7777")], "KEN/21/001"),
        "S2": _seizure(actor, eastern, date(2022, 2, 1), "Eastern Province", "Kailahun", 8.28, -10.57,
                       [_item("LB8888")], "KEN/22/014"),
        "S3": _seizure(actor, eastern, date(2022, 9, 1), "Eastern", "Kenema", 7.88, -11.19,
                       [_item("KT4411", "sa_assault_rifle", "RUS", "Izhmash", "AKM")], "KEN/22/090"),
        "S4": _seizure(actor, northern, date(2021, 5, 5), "Northern", "Makeni", 8.88, -12.04,
                       [_item("GN9999", "sa_rifle_carbine", "BEL", "FN Herstal", "FAL"),
                        {"item_kind": "ammunition", "quantity": 200, "calibre": "7.62x51mm"}], "MAK/21/007"),
    }
    items = {
        "S1a": seizures["S1"].items.get(serial_number="RU3003"),
        "S1b": seizures["S1"].items.get(serial_number="LB7777"),
        "S2": seizures["S2"].items.get(),
        "S3": seizures["S3"].items.get(),
        "S4": seizures["S4"].items.get(item_kind="weapon"),
    }
    established = {"outcome": "diversion_established", "establishment_method": "trace_response"}
    trace_outcome_record(actor=actor, item=items["S1a"], **established, last_legal_holder=battalion,
                         last_legal_holder_country="SLE", diversion_country="SLE", diversion_admin1="Eastern",
                         diversion_place="Kenema armoury", diversion_from=date(2021, 3, 1),
                         diversion_to=date(2021, 3, 4), diversion_mechanism="stockpile_theft_or_loss")
    trace_outcome_record(actor=actor, item=items["S1b"], **established, last_legal_holder_country="LBR",
                         diversion_country="LBR", diversion_admin1="Lofa County", diversion_from=date(2020, 1, 1),
                         diversion_to=date(2020, 12, 31), diversion_mechanism="battlefield_capture")
    trace_outcome_record(actor=actor, item=items["S2"], **established, diversion_country="LBR",
                         diversion_admin1="Lofa", diversion_from=date(2021, 1, 15),
                         diversion_mechanism="illicit_transfer_or_retransfer")
    trace_outcome_record(actor=actor, item=items["S3"], outcome="last_legal_holder", last_legal_holder_country="GIN")
    trace_outcome_record(actor=actor, item=items["S4"], **established, diversion_country="GIN",
                         diversion_admin1="Kindia", diversion_from=date(2020, 5, 1),
                         diversion_mechanism="embezzlement")
    request = trace_request_create(actor=actor, item=items["S2"], recipient_country="LBR",
                                   legal_basis="ITI", illicit_basis="found with smugglers")
    trace_request_send(actor=actor, request=request, sent_on=date(2022, 3, 1))
    return Picture(seizures, items, weapons)


