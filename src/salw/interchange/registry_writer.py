"""Writing validated registry records: new weapons with their events, and changes as events.

Shared by the file importer and the demo loader, so both take the same fast path and
leave the same history behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from salw.core.bulk import BulkUpdater, BulkWriter
from salw.core.errors import Problem
from salw.core.hashing import canonical_json, canonical_value
from salw.core.ids import uuid7_hex
from salw.core.models import Jurisdiction
from salw.core.translation import translated
from salw.interchange.holders import HolderCache
from salw.interchange.registry_format import RegistryRecord
from salw.registry import domain
from salw.registry.events import EventWriter
from salw.registry.models import STATUS_LABELS, Weapon

WEAPON_INSERT_FIELDS = (
    "id", "created_at", "void_reason", "source", "record_id", "serial_number", "serial_key",
    "marking_status", "manufacturer_text", "manufacturer", "model", "calibre_text", "calibre",
    "weapon_type", "country_of_manufacture", "year_of_manufacture", "import_country", "import_year",
    "other_marks", "marking_location", "antique", "status", "status_date", "holder_type", "holder",
    "location_country", "location_admin1", "latitude", "longitude", "jurisdiction", "updated_at",
    "row_hash", "last_import_batch",
)
WEAPON_UPDATE_FIELDS = (
    "serial_number", "serial_key", "marking_status", "manufacturer_text", "manufacturer", "model",
    "calibre_text", "calibre", "weapon_type", "country_of_manufacture", "year_of_manufacture",
    "import_country", "import_year", "status", "status_date", "holder_type", "holder",
    "location_country", "location_admin1", "latitude", "longitude", "jurisdiction", "updated_at",
    "row_hash", "last_import_batch",
)
# Record fields whose change corrects the identification rather than being an event in the weapon's life.
CORRECTABLE = (
    ("serial_number", "serial_number"), ("marking_status", "marking_status"),
    ("manufacturer", "manufacturer_text"), ("model", "model"), ("calibre", "calibre_text"),
    ("weapon_type", "weapon_type_id"), ("country_of_manufacture", "country_of_manufacture"),
    ("year_of_manufacture", "year_of_manufacture"), ("import_country", "import_country"),
    ("import_year", "import_year"),
)
EXISTING_FIELDS = ("id", "source", "record_id", "row_hash", "status", "status_date", "holder_id",
                   "holder_type", "location_country", "location_admin1", "latitude", "longitude",
                   *(field for _, field in CORRECTABLE))


class RegistryWriter:
    """Buffers weapon rows, holder rows and events; ``close()`` writes what is left."""

    def __init__(self, *, actor, root: Jurisdiction, import_batch_id=None):
        self.root = root
        self.now = timezone.now()
        self.batch_id = import_batch_id
        self.holders = HolderCache()
        self.events = EventWriter(actor=actor, import_batch_id=import_batch_id, chunk_size=None)
        self.inserts = BulkWriter(Weapon, WEAPON_INSERT_FIELDS, chunk_size=None)
        self.updates = BulkUpdater(Weapon, WEAPON_UPDATE_FIELDS, chunk_size=None)
        self.jurisdiction_by_name = self._jurisdictions_below(root)

    @staticmethod
    def _jurisdictions_below(root: Jurisdiction) -> dict[str, object]:
        mapping = {}
        below = Jurisdiction.objects.filter(path__startswith=root.path).order_by("path")
        for jurisdiction_id, name, code in below.values_list("id", "name", "code"):
            mapping.setdefault(name.casefold(), jurisdiction_id)
            mapping.setdefault(code.casefold(), jurisdiction_id)
        return mapping

    def jurisdiction_for(self, *names: str):
        """The most specific jurisdiction named (district before province), else the root."""
        for name in names:
            if name:
                found = self.jurisdiction_by_name.get(name.casefold())
                if found:
                    return found
        return self.root.id

    def existing(self, identities: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        found = {}
        by_source: dict[str, list[str]] = {}
        for source, record_id in identities:
            by_source.setdefault(source, []).append(record_id)
        for source, record_ids in by_source.items():
            for start in range(0, len(record_ids), 900):
                chunk = record_ids[start:start + 900]
                for row in Weapon.objects.filter(source=source, record_id__in=chunk).values(*EXISTING_FIELDS):
                    found[(row["source"], row["record_id"])] = row
        return found

    def prepare_holders(self, records: Iterable) -> None:
        self.holders.prepare(records)

    def create(self, record: RegistryRecord, history: list[dict] | None = None, jurisdiction_id=None) -> object:
        """Insert a weapon. Without ``history`` its one event states the record's status."""
        holder_id = self.holders.holder_id(record)
        weapon_id = uuid7_hex()
        location = (record.location_country, record.location_admin1, record.latitude, record.longitude)
        if history is None:
            status = record.status or None
            self.events.append(
                weapon_id=weapon_id, event_type=domain.STATUS_EVENT[status] if status else "registered",
                occurred_on=record.status_date, holder_id=holder_id, holder_type=record.holder_type,
                location_country=location[0], location_admin1=location[1], latitude=location[2],
                longitude=location[3], details=f'{{"row":{record.row}}}',
            )
        else:
            for event in history:
                self.events.append(weapon_id=weapon_id, **event)
        self.inserts.add((
            weapon_id, self.now, "", record.source, record.record_id, record.serial_number,
            record.serial_key, record.marking_status, record.manufacturer,
            record.manufacturer_id, record.model, record.calibre,
            record.calibre_id, record.weapon_type or None, record.country_of_manufacture,
            record.year_of_manufacture, record.import_country, record.import_year, "", "", False,
            record.status, record.status_date, record.holder_type, holder_id, *location,
            jurisdiction_id or self.jurisdiction_for(record.location_admin1), self.now, record.fingerprint,
            self.batch_id,
        ))
        return weapon_id

    def update(self, record: RegistryRecord, current: dict) -> Problem | None:
        """Record what changed since the last import as events, then refresh the weapon row."""
        weapon_id = current["id"]
        holder_id = self.holders.holder_id(record)
        if record.status and (record.status, record.status_date) != (current["status"], current["status_date"]):
            problem = domain.transition_problem(current["status"] or None, domain.STATUS_EVENT[record.status])
            if problem:
                return Problem(row=record.row, column="status", value=record.status,
                               message=translated(problem, {"status": STATUS_LABELS}))
            event_type = domain.STATUS_EVENT[record.status]
        elif holder_id != current["holder_id"] or record.holder_type != current["holder_type"]:
            event_type = "transferred"
        elif (record.location_country, record.location_admin1, record.latitude, record.longitude) != (
                current["location_country"], current["location_admin1"], current["latitude"], current["longitude"]):
            event_type = "relocated"
        else:
            event_type = None
        corrections = {}
        for record_field, weapon_field in CORRECTABLE:
            old, new = current[weapon_field], getattr(record, record_field)
            if (old or None) != (new or None):
                corrections[record_field] = [canonical_value(old), canonical_value(new)]
        if corrections:
            self.events.append(weapon_id=weapon_id, event_type="record_corrected",
                               reason="changed in the source system",
                               details=canonical_json({"row": record.row, "changes": corrections}))
        if event_type:
            self.events.append(
                weapon_id=weapon_id, event_type=event_type, occurred_on=record.status_date,
                holder_id=holder_id, holder_type=record.holder_type, location_country=record.location_country,
                location_admin1=record.location_admin1, latitude=record.latitude, longitude=record.longitude,
                details=canonical_json({"row": record.row}),
            )
        status = record.status or current["status"]
        status_date = record.status_date if record.status else current["status_date"]
        self.updates.add((
            record.serial_number, record.serial_key, record.marking_status,
            record.manufacturer, record.manufacturer_id, record.model, record.calibre,
            record.calibre_id, record.weapon_type or None, record.country_of_manufacture,
            record.year_of_manufacture, record.import_country, record.import_year, status, status_date,
            record.holder_type, holder_id, record.location_country, record.location_admin1, record.latitude,
            record.longitude, self.jurisdiction_for(record.location_admin1), self.now, record.fingerprint,
            self.batch_id, weapon_id,
        ))
        return None

    def flush(self) -> None:
        """Write parents before children. Deferred foreign-key checks then never wait on a
        missing parent, which would make SQLite search the child tables on every insert."""
        self.holders.flush()
        self.inserts.flush()
        self.updates.flush()
        self.events.flush()

    def close(self) -> None:
        self.flush()
        self.events.close()
