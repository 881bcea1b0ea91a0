"""/weapons and /events: the registry, read and written through the registry's own services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from salw.accounts.domain import REGISTRY_READ, REGISTRY_WRITE
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import error_responses
from salw.api.lookups import jurisdiction_by_code, require_weapon_type
from salw.api.pagination import PageQuery, keyset_page
from salw.core.errors import NotFound
from salw.registry import domain, selectors, services
from salw.registry.models import Event

router = Router(tags=["registry"])

# A serial search is a look-up, not a listing: beyond this many matches, narrow the serial.
SERIAL_MATCH_LIMIT = 1000

WeaponStatus = Literal[domain.STATUSES]  # type: ignore[valid-type]
HolderType = Literal[domain.HOLDER_TYPES]  # type: ignore[valid-type]
MarkingStatus = Literal[domain.MARKING_STATUSES]  # type: ignore[valid-type]


class WeaponSummary(Schema):
    id: UUID
    source: str
    record_id: str
    serial_number: str
    marking_status: str
    manufacturer: str
    model: str
    calibre: str
    weapon_type: str | None
    status: str
    status_date: date | None
    holder_type: str
    jurisdiction: str


class MarkingOut(Schema):
    id: UUID
    occasion: str
    text: str
    component: str
    legibility: str
    script: str
    authority: str
    marked_on: date | None
    recovered_positions: str


class WeaponDetail(WeaponSummary):
    manufacturer_code: str | None
    calibre_code: str | None
    country_of_manufacture: str
    year_of_manufacture: int | None
    import_country: str
    import_year: int | None
    other_marks: str
    marking_location: str
    antique: bool
    holder: str | None
    location_country: str
    location_admin1: str
    latitude: float | None
    longitude: float | None
    created_at: datetime
    updated_at: datetime
    markings: list[MarkingOut]


class WeaponPage(Schema):
    items: list[WeaponSummary]
    next_cursor: str | None


class EventOut(Schema):
    seq: int = Field(description="the event's identity (its place in the hash chain)")
    weapon_id: UUID | None
    event_type: str
    occurred_on: date | None
    recorded_at: datetime
    recorded_by: str
    holder_type: str
    holder: str | None
    counterparty: str | None
    location_country: str
    location_admin1: str
    latitude: float | None
    longitude: float | None
    document_ref: str
    note: str
    reason: str
    details: str
    voids: int | None = Field(description="seq of the event this one voids")
    voided_by: int | None = Field(description="seq of the event that voids this one")


class Timeline(Schema):
    weapon_id: UUID
    events: list[EventOut]


class WeaponFilters(Schema):
    status: WeaponStatus | None = None
    weapon_type: str | None = None
    holder_type: HolderType | None = None
    jurisdiction: str | None = Field(None, description="jurisdiction code; includes everything below it")
    serial: str | None = Field(None, description="serial number or its beginning, in any script or spacing")
    q: str | None = Field(None, description="text in the record id, serial, manufacturer or model")


class WeaponIn(Schema):
    jurisdiction: str = Field(description="code of the jurisdiction the weapon belongs to")
    record_id: str
    source: str = "local"
    serial_number: str = ""
    marking_status: MarkingStatus = "legible"
    manufacturer: str = ""
    model: str = ""
    calibre: str = ""
    weapon_type: str | None = None
    country_of_manufacture: str = ""
    year_of_manufacture: int | None = None
    import_country: str = ""
    import_year: int | None = None
    other_marks: str = ""
    marking_location: str = ""
    status: WeaponStatus | None = None
    status_date: date | None = None
    holder_type: HolderType | None = None
    holder_name: str = ""
    location_country: str = ""
    location_admin1: str = ""
    latitude: float | None = None
    longitude: float | None = None
    note: str = ""


class EventIn(Schema):
    event_type: str
    occurred_on: date | None = None
    holder_type: HolderType | None = None
    holder_name: str = ""
    location_country: str = ""
    location_admin1: str = ""
    latitude: float | None = None
    longitude: float | None = None
    document_ref: str = ""
    note: str = ""


class VoidIn(Schema):
    reason: str


def weapon_summary(weapon) -> dict:
    return {
        "id": weapon.id, "source": weapon.source, "record_id": weapon.record_id,
        "serial_number": weapon.serial_number, "marking_status": weapon.marking_status,
        "manufacturer": weapon.manufacturer_text, "model": weapon.model, "calibre": weapon.calibre_text,
        "weapon_type": weapon.weapon_type_id, "status": weapon.status, "status_date": weapon.status_date,
        "holder_type": weapon.holder_type, "jurisdiction": weapon.jurisdiction.code,
    }


def weapon_detail(weapon) -> dict:
    markings = weapon.markings.filter(voided_at__isnull=True).order_by("id")
    return {
        **weapon_summary(weapon),
        "manufacturer_code": weapon.manufacturer_id, "calibre_code": weapon.calibre_id,
        "country_of_manufacture": weapon.country_of_manufacture,
        "year_of_manufacture": weapon.year_of_manufacture, "import_country": weapon.import_country,
        "import_year": weapon.import_year, "other_marks": weapon.other_marks,
        "marking_location": weapon.marking_location, "antique": weapon.antique,
        "holder": weapon.holder.name if weapon.holder_id else None,
        "location_country": weapon.location_country, "location_admin1": weapon.location_admin1,
        "latitude": weapon.latitude, "longitude": weapon.longitude,
        "created_at": weapon.created_at, "updated_at": weapon.updated_at,
        "markings": list(markings),
    }


def event_out(event) -> dict:
    voided_by = getattr(event, "voided_by_event", None)
    return {
        "seq": event.seq, "weapon_id": event.weapon_id, "event_type": event.event_type,
        "occurred_on": event.occurred_on, "recorded_at": event.recorded_at,
        "recorded_by": event.recorded_by_name, "holder_type": event.holder_type,
        "holder": event.holder.name if event.holder_id else None,
        "counterparty": event.counterparty.name if event.counterparty_id else None,
        "location_country": event.location_country, "location_admin1": event.location_admin1,
        "latitude": event.latitude, "longitude": event.longitude, "document_ref": event.document_ref,
        "note": event.note, "reason": event.reason, "details": event.details, "voids": event.voids_id,
        "voided_by": voided_by.seq if voided_by else None,
    }


def _holder(actor, holder_type: str | None, holder_name: str, jurisdiction):
    if not holder_type:
        return None
    return services.actor_create(actor=actor, holder_type=holder_type, name=holder_name,
                                 jurisdiction=jurisdiction)


@router.get("/weapons", **requires_scope(REGISTRY_READ),
            response={200: WeaponPage, **error_responses(400)},
            summary="Weapons you may see, newest last")
def weapon_list(request: HttpRequest, filters: Query[WeaponFilters], page: Query[PageQuery]):
    actor = acting_user(request)
    weapons = selectors.weapons_visible_to(actor).select_related("jurisdiction")
    if filters.serial:
        matches = selectors.weapons_by_serial(actor, filters.serial, limit=SERIAL_MATCH_LIMIT)
        weapons = weapons.filter(id__in=list(matches.values_list("id", flat=True)))
    if filters.status:
        weapons = weapons.filter(status=filters.status)
    if filters.weapon_type:
        weapons = weapons.filter(weapon_type_id=filters.weapon_type)
    if filters.holder_type:
        weapons = weapons.filter(holder_type=filters.holder_type)
    if filters.jurisdiction:
        place = jurisdiction_by_code(filters.jurisdiction)
        weapons = weapons.filter(jurisdiction__path__startswith=place.path)
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        weapons = weapons.filter(Q(record_id__icontains=text) | Q(serial_number__icontains=text)
                                 | Q(manufacturer_text__icontains=text) | Q(model__icontains=text))
    rows, next_cursor = keyset_page(weapons, page, parse=UUID)
    return {"items": [weapon_summary(weapon) for weapon in rows], "next_cursor": next_cursor}


@router.get("/weapons/{weapon_id}", **requires_scope(REGISTRY_READ),
            response={200: WeaponDetail, **error_responses(404)},
            summary="One weapon with its markings")
def weapon_get(request: HttpRequest, weapon_id: UUID):
    actor = acting_user(request)
    return weapon_detail(selectors.weapon_for(actor, weapon_id))


@router.get("/weapons/{weapon_id}/timeline", **requires_scope(REGISTRY_READ),
            response={200: Timeline, **error_responses(404)},
            summary="The weapon's events in the order they happened; voided ones are marked, not hidden")
def weapon_timeline(request: HttpRequest, weapon_id: UUID):
    actor = acting_user(request)
    weapon = selectors.weapon_for(actor, weapon_id)
    return {"weapon_id": weapon.id, "events": [event_out(event) for event in selectors.weapon_timeline(weapon)]}


@router.post("/weapons", **requires_scope(REGISTRY_WRITE),
             response={201: WeaponDetail, **error_responses(409)},
             summary="Register a weapon with its first event")
def weapon_register(request: HttpRequest, body: WeaponIn):
    actor = acting_user(request)
    jurisdiction = jurisdiction_by_code(body.jurisdiction)
    require_weapon_type(body.weapon_type)
    fields = body.dict(exclude={"jurisdiction", "holder_type", "holder_name"})
    with transaction.atomic():
        holder = _holder(actor, body.holder_type, body.holder_name, jurisdiction)
        weapon = services.weapon_register(actor=actor, jurisdiction=jurisdiction, holder=holder, **fields)
    return Status(201, weapon_detail(selectors.weapon_for(actor, weapon.id)))


@router.post("/weapons/{weapon_id}/events", **requires_scope(REGISTRY_WRITE),
             response={201: EventOut, **error_responses(404)},
             summary="Record something that happened to a weapon")
def event_record(request: HttpRequest, weapon_id: UUID, body: EventIn):
    actor = acting_user(request)
    weapon = selectors.weapon_for(actor, weapon_id)
    fields = body.dict(exclude={"holder_type", "holder_name"})
    with transaction.atomic():
        holder = _holder(actor, body.holder_type, body.holder_name, weapon.jurisdiction)
        event = services.event_record(actor=actor, weapon=weapon, holder=holder, **fields)
    return Status(201, event_out(event))


@router.post("/events/{seq}/void", **requires_scope(REGISTRY_WRITE),
             response={201: EventOut, **error_responses(404)},
             summary="Void a mistaken event; the voiding is itself a new event")
def event_void(request: HttpRequest, seq: int, body: VoidIn):
    actor = acting_user(request)
    event = (Event.objects.select_related("weapon__jurisdiction")
             .filter(seq=seq, weapon__in=selectors.weapons_visible_to(actor)).first())
    if event is None:
        raise NotFound(_("no such event, or not in your jurisdiction"))
    return Status(201, event_out(services.event_void(actor=actor, event=event, reason=body.reason)))
