"""Builders of tracing test data: seizure items, seizures, stand-in matches."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from salw.tracing.services import seizure_record

STAND_IN_THRESHOLD = 0.8


@dataclass(frozen=True)
class StandInMatch:
    weapon_id: uuid.UUID
    source: str
    record_id: str
    score: float
    explanation: list[str] = field(default_factory=list)


def weapon_item(serial: str, **fields) -> dict:
    item = {"serial_number": serial, "manufacturer": "Izhmash", "model": "AKM", "calibre": "7.62x39mm",
            "weapon_type": "sa_assault_rifle", "country_of_manufacture": "RUS", "year_of_manufacture": 1975}
    item.update(fields)
    return item


def record_seizure(actor, jurisdiction, occurred_on: date, items: list[dict], kind: str = "seized",
                   case_reference: str = ""):
    return seizure_record(actor=actor, jurisdiction=jurisdiction, kind=kind, occurred_on=occurred_on,
                          legal_justification="illicit_possession", items=items, country="SLE",
                          admin1=jurisdiction.name, place="checkpoint", agency="Sierra Leone Police",
                          case_reference=case_reference)
