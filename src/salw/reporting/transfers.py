"""Transfer facts: the one interface the ATT and UNROCA reports read exports and imports through.

Two sources, both *actual* transfers (ATT Art 13(3) allows actual or authorised):

- the registry's lifecycle events: an ``exported`` or ``imported`` event of a weapon, dated in
  the period, not voided, with the partner State taken from the event's counterparty (for
  exports, from the event's location when no counterparty is recorded); one weapon each, with
  no value;
- licensed deliveries: each line of an export or import delivery shipped in the period, with
  its quantity and value, the partner State being the end user's (or importer's) State for an
  export and the exporter's State for an import.

A delivery's serial numbers found in the registry get ``exported`` events carrying the
delivery's reference as their document reference; ``registry_event_transfers`` leaves out every
event whose document reference is a delivery's, so those weapons are counted once, by the
delivery. To add a source, add one function returning ``TransferFact`` rows and list it in
``TRANSFER_SOURCES``. The report definitions do not change: they only see ``TransferFact``.
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
    from salw.licensing.selectors import delivery_references
    from salw.registry.models import Event

    events = (Event.objects
              .filter(event_type__in=tuple(DIRECTION_BY_EVENT), occurred_on__gte=query.period.start,
                      occurred_on__lte=query.period.end, weapon__isnull=False,
                      weapon__voided_at__isnull=True,
                      weapon__jurisdiction__path__startswith=query.jurisdiction_path,
                      voided_by__isnull=True)
              .exclude(document_ref__in=delivery_references())
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


def licensed_delivery_transfers(query: TransferQuery) -> list[TransferFact]:
    from salw.licensing.selectors import delivered_transfers

    return [TransferFact(
        record_id=record_id("delivery_line", row.line_id), source="licensed_delivery", direction=row.direction,
        occurred_on=row.shipped_on, weapon_type=row.weapon_type, unroca=row.unroca,
        partner_country=row.partner_country, origin_country="", quantity=row.quantity, value=row.value,
        currency=row.currency, description=row.description, jurisdiction_code=row.jurisdiction_code,
    ) for row in delivered_transfers(query.period.start, query.period.end, query.jurisdiction_path)]


TRANSFER_SOURCES: tuple[TransferSource, ...] = (registry_event_transfers, licensed_delivery_transfers)


def transfer_facts(query: TransferQuery) -> list[TransferFact]:
    """Every export and import of the period, from every source, oldest first."""
    facts = [fact for source in TRANSFER_SOURCES for fact in source(query)]
    return sorted(facts, key=lambda fact: (fact.occurred_on, fact.record_id))
