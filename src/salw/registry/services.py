"""Every write to the registry. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.audit import audit_record
from salw.core.errors import ValidationFailed
from salw.core.hashing import canonical_json, canonical_value
from salw.core.translation import translated
from salw.registry import domain, policies
from salw.registry.events import EventWriter
from salw.registry.models import STATUS_LABELS, Actor, AmmunitionLot, Event, Marking, Weapon
from salw.registry.selectors import weapon_with_serial
from salw.vocabularies.domain import name_key
from salw.vocabularies.selectors import vocabulary_resolver

IDENTIFICATION_FIELDS = (
    "serial_number", "marking_status", "manufacturer_text", "model", "calibre_text", "weapon_type_id",
    "country_of_manufacture", "year_of_manufacture", "import_country", "import_year", "other_marks",
    "marking_location", "antique",
)


def weapon_register(*, actor, jurisdiction, record_id: str, source: str = "local",
                    serial_number: str = "", marking_status: str = "legible",
                    manufacturer: str = "", model: str = "", calibre: str = "",
                    weapon_type: str | None = None, country_of_manufacture: str = "",
                    year_of_manufacture: int | None = None, import_country: str = "",
                    import_year: int | None = None, other_marks: str = "", marking_location: str = "",
                    status: str | None = None, status_date: date | None = None,
                    holder: Actor | None = None, location_country: str = "", location_admin1: str = "",
                    latitude: float | None = None, longitude: float | None = None,
                    note: str = "") -> Weapon:
    """Add one weapon to the registry with its first lifecycle event."""
    policies.weapon_register(actor, jurisdiction=jurisdiction)
    if status and status not in domain.STATUSES:
        raise ValidationFailed.about("status", _("unknown status %(status)r") % {"status": status})
    return _weapon_create(
        actor=actor, jurisdiction=jurisdiction, record_id=record_id, source=source, serial_number=serial_number,
        marking_status=marking_status, manufacturer=manufacturer, model=model, calibre=calibre,
        weapon_type=weapon_type, country_of_manufacture=country_of_manufacture,
        year_of_manufacture=year_of_manufacture, import_country=import_country, import_year=import_year,
        other_marks=other_marks, marking_location=marking_location,
        first_event=domain.STATUS_EVENT[status] if status else "registered", occurred_on=status_date,
        holder=holder, location_country=location_country, location_admin1=location_admin1, latitude=latitude,
        longitude=longitude, note=note, audit_action="weapon_register", audit_status=status)


def weapon_import_record(*, actor, jurisdiction, serial_number: str, imported_on: date, document_ref: str,
                         model: str = "", calibre: str = "", weapon_type: str | None = None,
                         import_country: str = "", holder: Actor | None = None,
                         counterparty: Actor | None = None, location_country: str = "", note: str = "") -> Weapon:
    """A weapon that entered the country under an import licence: an ``imported`` event on the
    registry's record of that serial when there is exactly one, else a new record that starts with it."""
    policies.weapon_import_record(actor, jurisdiction=jurisdiction)
    weapon = weapon_with_serial(serial_number, jurisdiction.path)
    if weapon is not None and not domain.transition_problem(weapon.status or None, "imported"):
        with transaction.atomic():
            writer = EventWriter(actor=actor)
            writer.append(weapon_id=weapon.id, event_type="imported", occurred_on=imported_on,
                          holder_id=holder.id if holder else None, holder_type=holder.holder_type if holder else "",
                          counterparty_id=counterparty.id if counterparty else None,
                          location_country=location_country, document_ref=document_ref, note=note)
            writer.close()
            weapon_reproject(weapon)
            audit_record(actor=actor, action="weapon_import_record", object_type="weapon", object_id=weapon.id,
                         changes={"document_ref": document_ref, "new_record": False})
        return weapon
    return _weapon_create(
        actor=actor, jurisdiction=jurisdiction, record_id=f"{document_ref}/{serial_number.strip()}",
        source="import", serial_number=serial_number, model=model, calibre=calibre, weapon_type=weapon_type,
        import_country=import_country, import_year=imported_on.year, first_event="imported",
        occurred_on=imported_on, holder=holder, counterparty=counterparty, location_country=location_country,
        document_ref=document_ref, note=note, audit_action="weapon_import_record", audit_status=None)


def _weapon_create(*, actor, jurisdiction, record_id: str, source: str, serial_number: str,
                   first_event: str, occurred_on: date | None, audit_action: str, audit_status: str | None,
                   marking_status: str = "legible", manufacturer: str = "", model: str = "", calibre: str = "",
                   weapon_type: str | None = None, country_of_manufacture: str = "",
                   year_of_manufacture: int | None = None, import_country: str = "",
                   import_year: int | None = None, other_marks: str = "", marking_location: str = "",
                   holder: Actor | None = None, counterparty: Actor | None = None, location_country: str = "",
                   location_admin1: str = "", latitude: float | None = None, longitude: float | None = None,
                   document_ref: str = "", note: str = "") -> Weapon:
    if not record_id.strip():
        raise ValidationFailed.about("record_id", _("a record id is required"))
    if not serial_number.strip() and marking_status != "obliterated":
        raise ValidationFailed.about("serial_number", _("a serial number is required unless the marking is obliterated"))
    resolver = vocabulary_resolver()
    with transaction.atomic():
        if Weapon.objects.filter(source=source, record_id=record_id).exists():
            raise ValidationFailed.about("record_id", _("record %(record)r already exists in source %(source)r") % {
                "record": record_id, "source": source})
        weapon = Weapon.objects.create(
            source=source, record_id=record_id.strip(), serial_number=serial_number.strip(),
            serial_key=domain.serial_key(serial_number), marking_status=marking_status,
            manufacturer_text=manufacturer, manufacturer_id=resolver.manufacturer(manufacturer),
            model=model, calibre_text=calibre, calibre_id=resolver.calibre(calibre),
            weapon_type_id=weapon_type or None, country_of_manufacture=country_of_manufacture,
            year_of_manufacture=year_of_manufacture, import_country=import_country,
            import_year=import_year, other_marks=other_marks, marking_location=marking_location,
            jurisdiction=jurisdiction,
        )
        writer = EventWriter(actor=actor)
        writer.append(
            weapon_id=weapon.id, event_type=first_event, occurred_on=occurred_on,
            holder_id=holder.id if holder else None, holder_type=holder.holder_type if holder else "",
            counterparty_id=counterparty.id if counterparty else None, location_country=location_country,
            location_admin1=location_admin1, latitude=latitude, longitude=longitude, document_ref=document_ref,
            note=note,
        )
        writer.close()
        weapon_reproject(weapon)
        audit_record(actor=actor, action=audit_action, object_type="weapon", object_id=weapon.id,
                     changes={"record_id": record_id, "serial_number": serial_number, "status": audit_status,
                              **({"document_ref": document_ref, "new_record": True} if document_ref else {})})
    return weapon


def event_record(*, actor, weapon: Weapon, event_type: str, occurred_on: date | None = None,
                 holder: Actor | None = None, counterparty: Actor | None = None,
                 location_country: str = "", location_admin1: str = "",
                 latitude: float | None = None, longitude: float | None = None,
                 document_ref: str = "", note: str = "") -> Event:
    """Record something that happened to a weapon (issue, loss, theft, seizure, destruction...)."""
    policies.event_record(actor, weapon=weapon)
    problem = domain.transition_problem(weapon.status or None, event_type)
    if problem:
        raise ValidationFailed.about("event_type", translated(problem, {"status": STATUS_LABELS}))
    if event_type in ("voided", "record_corrected", "registered"):
        raise ValidationFailed.about("event_type", _("%(event_type)r events are written by their own services") % {"event_type": event_type})
    with transaction.atomic():
        writer = EventWriter(actor=actor)
        seq = writer.append(
            weapon_id=weapon.id, event_type=event_type, occurred_on=occurred_on,
            holder_id=holder.id if holder else None, holder_type=holder.holder_type if holder else "",
            counterparty_id=counterparty.id if counterparty else None,
            location_country=location_country, location_admin1=location_admin1,
            latitude=latitude, longitude=longitude, document_ref=document_ref, note=note,
        )
        writer.close()
        weapon_reproject(weapon)
        audit_record(actor=actor, action="event_record", object_type="weapon", object_id=weapon.id,
                     changes={"event": seq, "event_type": event_type, "occurred_on": occurred_on})
    return Event.objects.get(seq=seq)


def event_void(*, actor, event: Event, reason: str) -> Event:
    """Correct a mistake: a new event voids the old one, with who, when and why."""
    policies.event_void(actor, event=event)
    if not reason.strip():
        raise ValidationFailed(_("say why the event is voided"))
    if event.event_type == "voided":
        raise ValidationFailed(_("a voiding cannot itself be voided; record the event again instead"))
    with transaction.atomic():
        if Event.objects.filter(voids=event).exists():
            raise ValidationFailed(_("this event is already voided"))
        writer = EventWriter(actor=actor)
        seq = writer.append(weapon_id=event.weapon_id, ammunition_lot_id=event.ammunition_lot_id,
                            event_type="voided", voids_id=event.seq, reason=reason.strip())
        writer.close()
        if event.weapon_id:
            weapon_reproject(event.weapon)
        audit_record(actor=actor, action="event_void", object_type="event", object_id=event.seq,
                     changes={"voided_by": seq, "reason": reason})
    return Event.objects.get(seq=seq)


def weapon_correct(*, actor, weapon: Weapon, changes: dict[str, Any], reason: str) -> Weapon:
    """Change identification fields; the old and new values go into a record_corrected event."""
    policies.weapon_correct(actor, weapon=weapon)
    unknown = set(changes) - set(IDENTIFICATION_FIELDS)
    if unknown:
        raise ValidationFailed(_("these fields cannot be corrected here: %(fields)s") % {
            "fields": ", ".join(sorted(unknown))})
    if not reason.strip():
        raise ValidationFailed(_("say why the record is corrected"))
    diff = {field: [getattr(weapon, field), value] for field, value in changes.items()
            if getattr(weapon, field) != value}
    if not diff:
        return weapon
    resolver = vocabulary_resolver()
    with transaction.atomic():
        for field, (_old, value) in diff.items():
            setattr(weapon, field, value)
        weapon.serial_key = domain.serial_key(weapon.serial_number)
        weapon.manufacturer_id = resolver.manufacturer(weapon.manufacturer_text)
        weapon.calibre_id = resolver.calibre(weapon.calibre_text)
        weapon.save()
        writer = EventWriter(actor=actor)
        writer.append(weapon_id=weapon.id, event_type="record_corrected", reason=reason.strip(),
                      details=canonical_json({k: [canonical_value(v) for v in pair] for k, pair in diff.items()}))
        writer.close()
        audit_record(actor=actor, action="weapon_correct", object_type="weapon", object_id=weapon.id,
                     changes={"fields": sorted(diff), "reason": reason})
    return weapon


def marking_add(*, actor, weapon: Weapon, occasion: str, text: str, component: str = "",
                legibility: str = "legible", script: str = "", authority: str = "",
                marked_on: date | None = None, recovered_positions: str = "") -> Marking:
    policies.marking_add(actor, weapon=weapon)
    if occasion not in Marking.Occasion.values:
        raise ValidationFailed(_("unknown marking occasion %(occasion)r") % {"occasion": occasion})
    with transaction.atomic():
        marking = Marking.objects.create(
            weapon=weapon, occasion=occasion, text=text, normalised=domain.serial_key(text),
            component=component, legibility=legibility, script=script, authority=authority,
            marked_on=marked_on, recovered_positions=recovered_positions,
        )
        audit_record(actor=actor, action="marking_add", object_type="weapon", object_id=weapon.id,
                     changes={"marking": marking.id, "occasion": occasion, "text": text})
    return marking


def actor_create(*, actor, holder_type: str, name: str, country: str = "", jurisdiction=None,
                 identifiers: str = "", source: str = "", confidence: str = "") -> Actor:
    policies.actor_create(actor, jurisdiction=jurisdiction)
    if holder_type not in domain.HOLDER_TYPES:
        raise ValidationFailed(_("unknown holder type %(holder_type)r") % {"holder_type": holder_type})
    if not name.strip():
        raise ValidationFailed.about("holder", _("a holder needs a name"))
    with transaction.atomic():
        holder, created = Actor.objects.get_or_create(
            holder_type=holder_type, name_key=name_key(name),
            defaults={"name": name.strip(), "country": country, "jurisdiction": jurisdiction,
                      "identifiers": identifiers, "source": source, "confidence": confidence},
        )
        if created:
            audit_record(actor=actor, action="actor_create", object_type="actor", object_id=holder.id,
                         changes={"holder_type": holder_type, "name": name})
    return holder


def ammunition_lot_register(*, actor, jurisdiction, lot_number: str, quantity: int,
                            manufacturer: str = "", calibre: str = "", headstamp: str = "",
                            country_of_manufacture: str = "", year_of_manufacture: int | None = None,
                            holder: Actor | None = None) -> AmmunitionLot:
    policies.ammunition_lot_register(actor, jurisdiction=jurisdiction)
    if quantity < 0:
        raise ValidationFailed(_("quantity cannot be negative"))
    resolver = vocabulary_resolver()
    with transaction.atomic():
        lot = AmmunitionLot.objects.create(
            lot_number=lot_number, headstamp=headstamp, manufacturer_text=manufacturer,
            manufacturer_id=resolver.manufacturer(manufacturer), calibre_text=calibre,
            calibre_id=resolver.calibre(calibre), country_of_manufacture=country_of_manufacture,
            year_of_manufacture=year_of_manufacture, quantity=quantity, holder=holder,
            jurisdiction=jurisdiction,
        )
        writer = EventWriter(actor=actor)
        writer.append(ammunition_lot_id=lot.id, event_type="registered", quantity=quantity,
                      holder_id=holder.id if holder else None)
        writer.close()
        audit_record(actor=actor, action="ammunition_lot_register", object_type="ammunition_lot",
                     object_id=lot.id, changes={"lot_number": lot_number, "quantity": quantity})
    return lot


def weapon_reproject(weapon: Weapon) -> Weapon:
    """Rewrite the weapon's current-state columns from its events."""
    voided = set(Event.objects.filter(weapon=weapon, voids__isnull=False).values_list("voids_id", flat=True))
    facts = [
        domain.EventFacts(seq=e.seq, event_type=e.event_type, occurred_on=e.occurred_on,
                          holder_id=e.holder_id, holder_type=e.holder_type, location=e.location_tuple,
                          voided=e.seq in voided)
        for e in Event.objects.filter(weapon=weapon).order_by("seq")
    ]
    state = domain.project(facts)
    weapon.status = state.status or ""
    weapon.status_date = state.status_date
    weapon.holder_id = state.holder_id
    weapon.holder_type = state.holder_type
    country, admin1, latitude, longitude = state.location or ("", "", None, None)
    weapon.location_country, weapon.location_admin1 = country, admin1
    weapon.latitude, weapon.longitude = latitude, longitude
    Weapon.objects.filter(pk=weapon.pk).update(
        status=weapon.status, status_date=weapon.status_date, holder_id=weapon.holder_id,
        holder_type=weapon.holder_type, location_country=country, location_admin1=admin1,
        latitude=latitude, longitude=longitude, updated_at=timezone.now(),
    )
    return weapon

