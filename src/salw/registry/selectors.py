"""Reads of the registry, already limited to what the actor may see."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from salw.core.access import visible_jurisdiction_paths, within_visible
from salw.core.errors import NotFound
from salw.core.roles import REGISTRY_READERS
from salw.registry.models import Event, Weapon


def weapons_visible_to(actor) -> QuerySet[Weapon]:
    return within_visible(Weapon.objects.filter(voided_at__isnull=True), actor, REGISTRY_READERS)


def weapon_for(actor, weapon_id) -> Weapon:
    weapon = (weapons_visible_to(actor)
              .select_related("jurisdiction", "holder", "weapon_type", "calibre", "manufacturer")
              .filter(id=weapon_id).first())
    if weapon is None:
        raise NotFound(_("no such weapon, or not in your jurisdiction"))
    return weapon


def weapons_by_serial(actor, text: str, limit: int = 50) -> QuerySet[Weapon]:
    from salw.registry.domain import serial_key

    key = serial_key(text)
    if not key:
        return Weapon.objects.none()
    # A range on the key uses its index on both databases (SQLite's LIKE cannot: it ignores case).
    following = key[:-1] + chr(ord(key[-1]) + 1)
    return (weapons_visible_to(actor)
            .filter(serial_key__gte=key, serial_key__lt=following, serial_key__startswith=key)
            .order_by("serial_key")[:limit])


def weapon_with_serial(serial: str, jurisdiction_path: str) -> Weapon | None:
    """The one weapon recorded under this serial within a jurisdiction; None when there is none, or
    more than one (two records with the same serial cannot be told apart by it)."""
    from salw.registry.domain import serial_key

    key = serial_key(serial)
    if not key:
        return None
    matches = list(Weapon.objects.filter(serial_key=key, voided_at__isnull=True,
                                         jurisdiction__path__startswith=jurisdiction_path)[:2])
    return matches[0] if len(matches) == 1 else None


def weapon_timeline(weapon: Weapon) -> list[Event]:
    """The weapon's events in the order they happened; voided ones are marked, not hidden."""
    events = list(Event.objects.filter(weapon=weapon).select_related("holder", "voids").order_by("seq"))
    voided = {event.voids_id: event for event in events if event.voids_id}
    for event in events:
        event.voided_by_event = voided.get(event.seq)
    events.sort(key=lambda event: (event.occurred_on is None, event.occurred_on or event.recorded_at.date(),
                                   event.seq))
    return events


def registry_counts(actor) -> dict[str, int]:
    weapons = weapons_visible_to(actor)
    everything = visible_jurisdiction_paths(actor, REGISTRY_READERS) is None
    events = Event.objects.all() if everything else Event.objects.filter(weapon__in=weapons)
    by_type = dict(events.exclude(event_type="voided").values_list("event_type").annotate(n=Count("seq")))
    return {
        "weapons": weapons.count(),
        "events": events.count(),
        "seizures": by_type.get("seized", 0),
        "lost": by_type.get("lost", 0),
        "stolen": by_type.get("stolen", 0),
    }


def event_chain_breaks():
    """Breaks in the lifecycle-event hash chain (empty list when intact)."""
    from salw.core.chain import verify_chain
    from salw.registry.events import EVENT_CHAIN

    rows = Event.objects.order_by("seq").values(*Event.HASHED_FIELDS, "prev_hash", "entry_hash")
    return list(verify_chain(EVENT_CHAIN, rows.iterator(chunk_size=5000), Event.HASHED_FIELDS))
