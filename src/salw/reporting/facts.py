"""The records reports count, read once per report as small facts that remember their record id.

Every loader takes the period and the jurisdiction's path; the caller has already checked that
the actor may report on that jurisdiction (policies.report_build).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salw.reporting.domain import Period, record_id


@dataclass(frozen=True)
class SeizedWeaponFact:
    record_id: str
    kind: str  # seized, found or surrendered
    occurred_on: date
    weapon_type: str
    legal_justification: str
    criminal_context: str
    country: str
    admin1: str
    outcome: str  # current trace outcome, "" when not coded
    traced: bool  # the outcome establishes the illicit origin (SDG 16.4.2 numerator)
    trace_requested: bool


@dataclass(frozen=True)
class SeizedLineFact:
    """A line of parts or ammunition: counted by quantity, never as weapons."""

    record_id: str
    item_kind: str
    seizure_kind: str
    quantity: int


@dataclass(frozen=True)
class EventFact:
    record_id: str
    event_type: str
    occurred_on: date | None
    recorded_on: date
    weapon_record: str
    holder_type: str
    weapon_type: str
    jurisdiction_code: str


@dataclass(frozen=True)
class WeaponFact:
    record_id: str
    registered_on: date
    weapon_type: str
    jurisdiction_code: str


@dataclass(frozen=True)
class TraceRequestFact:
    record_id: str
    direction: str
    status: str
    sent_on: date | None
    received_on: date | None  # the day this installation recorded a request it received
    first_reply_on: date | None
    answered: bool  # a reply gave a full answer
    recipient_country: str
    requesting_country: str

    @property
    def replied(self) -> bool:
        return self.first_reply_on is not None

    @property
    def reply_days(self) -> int | None:
        if self.first_reply_on is None or self.sent_on is None:
            return None
        return (self.first_reply_on - self.sent_on).days


def seized_weapon_facts(period: Period, path: str) -> list[SeizedWeaponFact]:
    from salw.tracing import codes, outcomes
    from salw.tracing.models import SeizedItem, TraceOutcome, TraceRequest

    items = list(SeizedItem.objects
                 .filter(voided_at__isnull=True, seizure__voided_at__isnull=True, item_kind=codes.WEAPON,
                         antique=False, seizure__occurred_on__gte=period.start,
                         seizure__occurred_on__lte=period.end, seizure__jurisdiction__path__startswith=path)
                 .values_list("id", "weapon_type", "seizure__kind", "seizure__occurred_on",
                              "seizure__legal_justification", "seizure__criminal_context",
                              "seizure__country", "seizure__admin1")
                 .order_by("seizure__occurred_on", "created_at", "id"))
    ids = [row[0] for row in items]
    coded = dict(TraceOutcome.objects.filter(voided_at__isnull=True, item_id__in=ids)
                 .values_list("item_id", "outcome"))
    requested = set(TraceRequest.objects.filter(voided_at__isnull=True, item_id__in=ids)
                    .exclude(status="draft").values_list("item_id", flat=True))
    return [
        SeizedWeaponFact(
            record_id=record_id("seized_item", item_id), kind=kind, occurred_on=occurred_on,
            weapon_type=weapon_type, legal_justification=justification, criminal_context=context,
            country=country, admin1=admin1, outcome=coded.get(item_id, ""),
            traced=outcomes.counts_towards_sdg_16_4_2(coded.get(item_id, "")),
            trace_requested=item_id in requested,
        )
        for item_id, weapon_type, kind, occurred_on, justification, context, country, admin1 in items
    ]


def seized_line_facts(period: Period, path: str) -> list[SeizedLineFact]:
    from salw.tracing import codes
    from salw.tracing.models import SeizedItem

    lines = (SeizedItem.objects
             .filter(voided_at__isnull=True, seizure__voided_at__isnull=True,
                     item_kind__in=(codes.PART, codes.AMMUNITION), seizure__occurred_on__gte=period.start,
                     seizure__occurred_on__lte=period.end, seizure__jurisdiction__path__startswith=path)
             .values_list("id", "item_kind", "seizure__kind", "quantity").order_by("created_at", "id"))
    return [SeizedLineFact(record_id("seized_item", item_id), item_kind, seizure_kind, quantity)
            for item_id, item_kind, seizure_kind, quantity in lines]


def event_facts(period: Period, path: str, event_types: tuple[str, ...]) -> list[EventFact]:
    """Weapon events of these types that happened in the period and are not voided."""
    from salw.registry.models import Event

    events = (Event.objects
              .filter(event_type__in=event_types, occurred_on__gte=period.start, occurred_on__lte=period.end,
                      weapon__isnull=False, weapon__voided_at__isnull=True,
                      weapon__jurisdiction__path__startswith=path, voided_by__isnull=True)
              .values_list("seq", "event_type", "occurred_on", "recorded_at", "weapon_id", "holder_type",
                           "weapon__holder_type", "weapon__weapon_type_id", "weapon__jurisdiction__code")
              .order_by("seq"))
    return [
        EventFact(record_id=record_id("event", seq), event_type=event_type, occurred_on=occurred_on,
                  recorded_on=recorded_at.date(), weapon_record=record_id("weapon", weapon_id),
                  # The holder at the time of a loss is often recorded on the weapon, not the event.
                  holder_type=holder_type or weapon_holder_type or "", weapon_type=weapon_type or "",
                  jurisdiction_code=jurisdiction_code)
        for (seq, event_type, occurred_on, recorded_at, weapon_id, holder_type, weapon_holder_type,
             weapon_type, jurisdiction_code) in events
    ]


def weapon_facts(path: str, *, registered_by: date) -> list[WeaponFact]:
    """Weapons on the register (not voided) recorded on or before a day."""
    from datetime import datetime, time, timedelta
    from datetime import timezone as dt_timezone

    from salw.registry.models import Weapon

    cutoff = datetime.combine(registered_by + timedelta(days=1), time.min, tzinfo=dt_timezone.utc)
    weapons = (Weapon.objects
               .filter(voided_at__isnull=True, created_at__lt=cutoff, jurisdiction__path__startswith=path)
               .values_list("id", "created_at", "weapon_type_id", "jurisdiction__code").order_by("id"))
    return [WeaponFact(record_id("weapon", weapon_id), created_at.date(), weapon_type or "", code)
            for weapon_id, created_at, weapon_type, code in weapons.iterator(chunk_size=20000)]


def marked_weapon_records(period: Period, path: str) -> list[str]:
    """Weapons marked in the period: a marking dated in it, or a "marked" event in it."""
    from salw.registry.models import Event, Marking

    marked = set(Marking.objects
                 .filter(voided_at__isnull=True, marked_on__gte=period.start, marked_on__lte=period.end,
                         weapon__voided_at__isnull=True, weapon__jurisdiction__path__startswith=path)
                 .values_list("weapon_id", flat=True))
    marked |= set(Event.objects
                  .filter(event_type="marked", occurred_on__gte=period.start, occurred_on__lte=period.end,
                          weapon__voided_at__isnull=True, weapon__jurisdiction__path__startswith=path,
                          voided_by__isnull=True)
                  .values_list("weapon_id", flat=True))
    return sorted(record_id("weapon", weapon_id) for weapon_id in marked)


def trace_request_facts(period: Period, path: str) -> list[TraceRequestFact]:
    """Requests sent in the period (outgoing) and requests received in it (incoming)."""
    from salw.tracing import codes, workflow
    from salw.tracing.models import TraceRequest, TraceResponse

    requests = list(TraceRequest.objects
                    .filter(voided_at__isnull=True, jurisdiction__path__startswith=path)
                    .exclude(status="draft")
                    .values_list("id", "direction", "status", "sent_on", "created_at", "recipient_country",
                                 "requesting_country")
                    .order_by("created_at", "id"))
    first_reply: dict = {}
    answered: set = set()
    for request_id, received_on, result in (
            TraceResponse.objects.filter(voided_at__isnull=True, request_id__in=[r[0] for r in requests])
            .values_list("request_id", "received_on", "result").order_by("received_on")):
        first_reply.setdefault(request_id, received_on)
        if result == workflow.ANSWERED:
            answered.add(request_id)
    facts = []
    for request_id, direction, status, sent_on, created_at, recipient, requesting in requests:
        received_on = (sent_on or created_at.date()) if direction == codes.INCOMING else None
        day = sent_on if direction == codes.OUTGOING else received_on
        if not period.contains(day):
            continue
        facts.append(TraceRequestFact(
            record_id=record_id("trace_request", request_id), direction=direction, status=status,
            sent_on=sent_on, received_on=received_on, first_reply_on=first_reply.get(request_id),
            answered=request_id in answered, recipient_country=recipient, requesting_country=requesting))
    return facts
