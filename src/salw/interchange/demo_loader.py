"""Load the synthetic Sierra Leone demo registry through the same writer as file imports.

Every demo weapon carries the source name ``synthetic-demo`` and the web pages say so:
nobody should mistake it for real holdings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from salw.core.audit import audit_record
from salw.core.errors import ValidationFailed
from salw.core.models import Jurisdiction
from salw.core.selectors import national_jurisdiction
from salw.core.services import jurisdiction_create
from salw.demo import sierra_leone
from salw.demo.registry_rows import generate_weapon_histories
from salw.interchange.registry_format import COLUMNS, RecordValidator, holder_key
from salw.interchange.registry_writer import RegistryWriter
from salw.registry.domain import EVENT_STATUS
from salw.registry.services import actor_create
from salw.vocabularies.selectors import vocabulary_resolver

DEMO_SOURCE = "synthetic-demo"
BATCH = 2000


def demo_jurisdictions(actor, root: Jurisdiction) -> int:
    """The real province/district tree of Sierra Leone under the national jurisdiction."""
    created = 0
    existing = set(Jurisdiction.objects.values_list("code", flat=True))
    for province in sierra_leone.PROVINCES:
        if province["code"] not in existing:
            jurisdiction_create(actor=actor, code=province["code"], name=province["name"], kind="region",
                                parent=root, country="SLE")
            created += 1
        parent = Jurisdiction.objects.get(code=province["code"])
        for district in province["districts"]:
            if district["code"] not in existing:
                jurisdiction_create(actor=actor, code=district["code"], name=district["name"], kind="district",
                                    parent=parent, country="SLE")
                created += 1
    return created


def demo_actors(actor) -> None:
    districts = {d["code"]: d for p in sierra_leone.PROVINCES for d in p["districts"]}
    jurisdictions = {j.code: j for j in Jurisdiction.objects.filter(code__in=list(districts))}
    for unit in sierra_leone.STATE_UNITS:
        actor_create(actor=actor, holder_type=unit["holder_type"], name=unit["name"], country="SLE",
                     jurisdiction=jurisdictions.get(unit.get("district_code", "")))
    for group in sierra_leone.NON_STATE_GROUPS:
        actor_create(actor=actor, holder_type=group["holder_type"], name=group["name"], country="SLE",
                     source=group.get("source", "synthetic"), confidence=group.get("confidence", ""))


def demo_load(*, actor, weapons: int = 20_000, seed: int = 2026,
              on_progress: Callable[[int], None] | None = None) -> dict:
    if demo_present():
        raise ValidationFailed(_("the demo data is already loaded; nothing was changed"))
    root = national_jurisdiction()
    with transaction.atomic():
        jurisdictions = demo_jurisdictions(actor, root)
        demo_actors(actor)
        validator = RecordValidator(file_name="demo", header=list(COLUMNS), resolver=vocabulary_resolver(),
                                    default_source=DEMO_SOURCE, today=date.today())
        writer = RegistryWriter(actor=actor, root=root)
        pending = []
        count = events = 0
        for row_number, (row, history) in enumerate(
                generate_weapon_histories(weapons, seed=seed, country="SLE"), start=2):
            record, problems = validator.validate(row_number, [row[name] for name in COLUMNS])
            if problems:
                raise ValueError("demo generator produced an invalid row: " + problems[0].describe())
            pending.append((record, history))
            if len(pending) >= BATCH:
                events += _write(writer, pending)
                count += len(pending)
                pending = []
                if on_progress:
                    on_progress(count)
        events += _write(writer, pending)
        count += len(pending)
        writer.close()
        audit_record(actor=actor, action="demo_load", object_type="registry",
                     changes={"weapons": count, "events": events, "seed": seed, "source": DEMO_SOURCE})
    if on_progress:
        on_progress(count)
    return {"weapons": count, "events": events, "jurisdictions": jurisdictions}


def _write(writer: RegistryWriter, pending) -> int:
    writer.prepare_holders(_holder_stubs(pending))
    events = 0
    for record, history in pending:
        chain = [_event_fields(writer, record, event) for event in history]
        district = next((e.get("district") for e in reversed(history) if e.get("district")), "")
        writer.create(record, history=chain,
                      jurisdiction_id=writer.jurisdiction_for(district, record.location_admin1))
        events += len(chain)
    writer.flush()
    return events


class _HolderStub:
    """Just enough of a record for the holder cache."""

    __slots__ = ("holder_type", "holder_name", "holder_key")

    def __init__(self, holder_type: str, holder_name: str):
        self.holder_type, self.holder_name = holder_type, holder_name
        self.holder_key = holder_key(holder_type, holder_name)


def _holder_stubs(pending):
    for record, history in pending:
        yield record
        for event in history:
            if event.get("holder_name"):
                yield _HolderStub(event.get("holder_type") or "unknown", event["holder_name"])


def _event_fields(writer: RegistryWriter, record, event: dict) -> dict:
    holder = _HolderStub(event.get("holder_type") or "", event.get("holder_name") or "")
    event_type = event["event_type"]
    if event_type not in EVENT_STATUS:
        raise ValueError(f"demo generator produced unknown event type {event_type!r}")
    return {
        "event_type": event_type,
        "occurred_on": date.fromisoformat(event["date"]) if event.get("date") else None,
        "holder_id": writer.holders.holder_id(holder),
        "holder_type": holder.holder_type,
        "location_country": "SLE" if event.get("location_admin1") else "",
        "location_admin1": event.get("location_admin1", ""),
        "note": event.get("note", ""),
    }


def demo_present() -> bool:
    from salw.registry.models import Weapon

    return Weapon.objects.filter(source=DEMO_SOURCE).exists()

