"""Transfer facts: the one interface the ATT and UNROCA reports read exports and imports through.

Today the only source is the registry's lifecycle events: an ``exported`` or ``imported`` event
of a weapon, dated in the period, not voided, with the partner State taken from the event's
counterparty (for exports, from the event's location when no counterparty is recorded). Those
are *actual* transfers (ATT Art 13(3) allows actual or authorised), one weapon each, with no
value.

When licensing records deliveries, add one function here that reads them (through a licensing
selector) and returns ``TransferFact`` rows, and list it in ``TRANSFER_SOURCES``. A delivery
carries quantity and value; registry events already covered by a delivery (same document
reference) must then be left out by ``registry_event_transfers`` so nothing is counted twice.
The report definitions do not change: they only see ``TransferFact``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from salw.reporting.domain import Period, record_id

EXPORT = "export"
IMPORT = "import"
DIRECTION_BY_EVENT = {"exported": EXPORT, "imported": IMPORT}


@dataclass(frozen=True)
class TransferQuery:
    period: Period
    jurisdiction_path: str
    home_country: str  # ISO3 of the reporting State


@dataclass(frozen=True)
class TransferFact:
    """One export or import of SALW, from whichever record says it happened."""

    record_id: str
    source: str
    direction: str  # EXPORT or IMPORT
    occurred_on: date
    weapon_type: str  # vocabulary code; "" when the record has none
    unroca: str  # UNROCA SALW row (SA1..LW7); "" when outside the SALW rows or unknown
    partner_country: str  # final importing State (exports) or exporting State (imports), ISO3
    origin_country: str  # State of origin when it is not the exporter, else ""
    quantity: int
    value: Decimal | None
    currency: str
    description: str
    jurisdiction_code: str


TransferSource = Callable[[TransferQuery], Iterable[TransferFact]]


def registry_event_transfers(query: TransferQuery) -> list[TransferFact]:
    from salw.registry.models import Event

    events = (Event.objects
              .filter(event_type__in=tuple(DIRECTION_BY_EVENT), occurred_on__gte=query.period.start,
                      occurred_on__lte=query.period.end, weapon__isnull=False,
                      weapon__voided_at__isnull=True,
                      weapon__jurisdiction__path__startswith=query.jurisdiction_path,
                      voided_by__isnull=True)
              .values_list("seq", "event_type", "occurred_on", "quantity", "counterparty__country",
                           "location_country", "weapon__weapon_type_id", "weapon__weapon_type__unroca",
                           "weapon__manufacturer_text", "weapon__model", "weapon__country_of_manufacture",
                           "weapon__jurisdiction__code")
              .order_by("seq"))
    facts = []
    for (seq, event_type, occurred_on, quantity, counterparty_country, location_country, weapon_type,
         unroca, manufacturer, model, made_in, jurisdiction_code) in events:
        direction = DIRECTION_BY_EVENT[event_type]
        partner = (counterparty_country or "").upper()
        if not partner and direction == EXPORT and location_country and location_country != query.home_country:
            partner = location_country.upper()
        exporter = query.home_country if direction == EXPORT else partner
        origin = made_in if made_in and made_in != exporter else ""
        facts.append(TransferFact(
            record_id=record_id("event", seq), source="registry_event", direction=direction,
            occurred_on=occurred_on, weapon_type=weapon_type or "", unroca=unroca or "",
            partner_country=partner, origin_country=origin, quantity=quantity or 1, value=None,
            currency="", description=" ".join(part for part in (manufacturer, model) if part),
            jurisdiction_code=jurisdiction_code,
        ))
    return facts


TRANSFER_SOURCES: tuple[TransferSource, ...] = (registry_event_transfers,)


def transfer_facts(query: TransferQuery) -> list[TransferFact]:
    """Every export and import of the period, from every source, oldest first."""
    facts = [fact for source in TRANSFER_SOURCES for fact in source(query)]
    return sorted(facts, key=lambda fact: (fact.occurred_on, fact.record_id))
