"""Registry tables. Events are append-only (database triggers); weapons hold the projection."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.core.ids import uuid7
from salw.core.models import BaseModel, Jurisdiction
from salw.registry import domain
from salw.vocabularies.models import Calibre, Manufacturer, WeaponType

# Labels live here, not in domain.py, because the domain knows nothing of translation.
HOLDER_TYPE_LABELS = {
    "state_armed_forces": _("state armed forces"),
    "state_law_enforcement": _("state law enforcement"),
    "state_other": _("other state agency"),
    "licensed_civilian": _("licensed civilian"),
    "dealer": _("dealer"),
    "manufacturer": _("manufacturer"),
    "broker": _("broker"),
    "non_state_armed_group": _("non-state armed group"),
    "criminal_group": _("criminal group"),
    "unknown": _("unknown"),
}
STATUS_LABELS = {
    domain.IN_SERVICE: _("in service"),
    domain.IN_STORAGE: _("in storage"),
    domain.LOST: _("lost"),
    domain.STOLEN: _("stolen"),
    domain.SEIZED: _("seized"),
    domain.SURRENDERED: _("surrendered"),
    domain.FOUND: _("found"),
    domain.DESTROYED: _("destroyed"),
    domain.EXPORTED: _("exported"),
    domain.DEACTIVATED: _("deactivated"),
}
MARKING_STATUS_LABELS = {
    "legible": _("legible"),
    "partly_obliterated": _("partly obliterated"),
    "obliterated": _("obliterated"),
}
EVENT_TYPE_LABELS = {
    "registered": _("registered"),
    "manufactured": _("manufactured"),
    "marked": _("marked"),
    "imported": _("imported"),
    "issued": _("issued"),
    "transferred": _("transferred"),
    "stored": _("stored"),
    "relocated": _("relocated"),
    "inventoried": _("inventoried"),
    "lost": _("lost"),
    "stolen": _("stolen"),
    "found": _("found"),
    "seized": _("seized"),
    "surrendered": _("surrendered"),
    "traced": _("traced"),
    "deactivated": _("deactivated"),
    "destroyed": _("destroyed"),
    "exported": _("exported"),
    "record_corrected": _("record corrected"),
    "voided": _("voided"),
}
HOLDER_TYPE_CHOICES = [(code, HOLDER_TYPE_LABELS[code]) for code in domain.HOLDER_TYPES]
STATUS_CHOICES = [(code, STATUS_LABELS[code]) for code in domain.STATUSES]
MARKING_STATUS_CHOICES = [(code, MARKING_STATUS_LABELS[code]) for code in domain.MARKING_STATUSES]
EVENT_TYPE_CHOICES = [(code, EVENT_TYPE_LABELS[code]) for code in domain.EVENT_TYPES]
CONFIDENCE_CHOICES = [(grade, grade) for grade in "ABCDEF"]


class Actor(BaseModel):
    """Anyone who holds, moves or receives weapons: state units, civilians, dealers, armed groups."""

    holder_type = models.CharField(max_length=32, choices=HOLDER_TYPE_CHOICES)
    name = models.CharField(max_length=300)
    name_key = models.CharField(max_length=300, editable=False)
    country = models.CharField(max_length=3, blank=True)
    jurisdiction = models.ForeignKey(Jurisdiction, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_index=False)  # see actor_jurisdiction_idx
    identifiers = models.TextField(blank=True, help_text=_("Licence numbers, UCDP ids, registration numbers"))
    # For armed and criminal groups: where the attribution comes from and how reliable it is.
    source = models.TextField(blank=True)
    confidence = models.CharField(max_length=1, blank=True, choices=CONFIDENCE_CHOICES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["holder_type", "name_key"], name="one_actor_per_name")]
        indexes = [models.Index(fields=["jurisdiction"], name="actor_jurisdiction_idx",
                                condition=Q(jurisdiction__isnull=False))]

    def __str__(self) -> str:
        return self.name


class Location(BaseModel):
    """A named site (armoury, police station, border post)."""

    name = models.CharField(max_length=300)
    country = models.CharField(max_length=3, blank=True)
    admin1 = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    jurisdiction = models.ForeignKey(Jurisdiction, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One applied import of one file."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    source = models.CharField(max_length=100)
    file_name = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    actor_name = models.CharField(max_length=200)
    rows = models.IntegerField(default=0)
    created = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)


class Weapon(BaseModel):
    """A weapon as identified by its marks, with its current state projected from its events."""

    source = models.CharField(max_length=100, default="local")
    record_id = models.CharField(max_length=200)
    serial_number = models.CharField(max_length=300, blank=True)
    serial_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    marking_status = models.CharField(max_length=24, choices=MARKING_STATUS_CHOICES, default="legible")
    manufacturer_text = models.CharField(max_length=300, blank=True)
    # Foreign keys without their own index where no page looks weapons up by them: every
    # index costs time on each of the millions of rows an import writes.
    manufacturer = models.ForeignKey(Manufacturer, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_index=False)
    model = models.CharField(max_length=200, blank=True)
    calibre_text = models.CharField(max_length=200, blank=True)
    calibre = models.ForeignKey(Calibre, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", db_index=False)
    weapon_type = models.ForeignKey(WeaponType, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", db_index=False)
    country_of_manufacture = models.CharField(max_length=3, blank=True)
    year_of_manufacture = models.IntegerField(null=True, blank=True)
    import_country = models.CharField(max_length=3, blank=True)
    import_year = models.IntegerField(null=True, blank=True)
    other_marks = models.TextField(blank=True)
    marking_location = models.CharField(max_length=200, blank=True)
    antique = models.BooleanField(default=False)
    # Projection of the events (see domain.project); rewritten by services, never by hand.
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, blank=True,
                              db_index=False)  # see weapon_status_idx
    status_date = models.DateField(null=True, blank=True)
    holder_type = models.CharField(max_length=32, choices=HOLDER_TYPE_CHOICES, blank=True)
    holder = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    location_country = models.CharField(max_length=3, blank=True)
    location_admin1 = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+",
                                     db_index=False)  # see weapon_jurisdiction_idx
    updated_at = models.DateTimeField(auto_now=True)
    # Fingerprint of the last imported row: re-importing an unchanged row writes nothing.
    row_hash = models.CharField(max_length=32, blank=True, editable=False)
    last_import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "record_id"], name="one_weapon_per_source_record")]
        indexes = [
            models.Index(fields=["jurisdiction", "id"], name="weapon_jurisdiction_idx"),
            # Lists filtered by status come newest first: the index serves both at once.
            models.Index(fields=["status", "id"], name="weapon_status_idx"),
            # The marking search index catches up with changes in this order.
            models.Index(fields=["updated_at"], name="weapon_updated_idx"),
            # Holdings per place (maps, dashboards) are counted from this index alone, in group order,
            # without reading the table: seconds become a fraction of one at a million weapons.
            models.Index(fields=["location_country", "location_admin1", "status", "jurisdiction", "voided_at", "id"],
                         name="weapon_place_holding_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.serial_number or '(no serial)'} {self.manufacturer_text} {self.model}".strip()


class Marking(BaseModel):
    """One mark on one component, kept verbatim (ITI §8, ISACS 05.30)."""

    class Occasion(models.TextChoices):
        MANUFACTURE = "manufacture", _("Manufacture")
        IMPORT = "import", _("Import")
        STATE = "state", _("State stocks")
        CONFISCATION = "confiscation", _("Confiscation")
        DEACTIVATION = "deactivation", _("Deactivation")
        OTHER = "other", _("Other")

    weapon = models.ForeignKey(Weapon, on_delete=models.PROTECT, related_name="markings")
    occasion = models.CharField(max_length=16, choices=Occasion.choices)
    text = models.CharField(max_length=500)
    normalised = models.CharField(max_length=500, blank=True, editable=False)
    script = models.CharField(max_length=32, blank=True)
    component = models.CharField(max_length=64, blank=True)
    legibility = models.CharField(max_length=24, choices=MARKING_STATUS_CHOICES, default="legible")
    recovered_positions = models.CharField(max_length=200, blank=True)
    authority = models.CharField(max_length=200, blank=True)
    marked_on = models.DateField(null=True, blank=True)


class AmmunitionLot(BaseModel):
    """A lot of ammunition, identified by its lot number and headstamp."""

    lot_number = models.CharField(max_length=200)
    headstamp = models.CharField(max_length=200, blank=True)
    manufacturer_text = models.CharField(max_length=300, blank=True)
    manufacturer = models.ForeignKey(Manufacturer, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    calibre_text = models.CharField(max_length=200, blank=True)
    calibre = models.ForeignKey(Calibre, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    country_of_manufacture = models.CharField(max_length=3, blank=True)
    year_of_manufacture = models.IntegerField(null=True, blank=True)
    quantity = models.IntegerField(default=0)
    holder = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")


class Event(models.Model):
    """One thing that happened to a weapon or lot. Append-only and hash-chained."""

    # The position in the hash chain is the identity: an integer key costs SQLite no extra index,
    # which matters when an import writes millions of events.
    seq = models.BigIntegerField(primary_key=True)
    weapon = models.ForeignKey(Weapon, null=True, blank=True, on_delete=models.PROTECT, related_name="events",
                               db_index=False)  # see event_weapon_idx
    ammunition_lot = models.ForeignKey(AmmunitionLot, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="events", db_index=False)  # see event_lot_idx
    event_type = models.CharField(max_length=24, choices=EVENT_TYPE_CHOICES)
    occurred_on = models.DateField(null=True, blank=True)
    holder_type = models.CharField(max_length=32, blank=True)
    holder = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    counterparty = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     db_index=False)
    location_country = models.CharField(max_length=3, blank=True)
    location_admin1 = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    site = models.ForeignKey(Location, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             db_index=False)
    quantity = models.IntegerField(null=True, blank=True)
    document_ref = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    # Canonical JSON of anything else (changed fields of a correction, import row number...).
    details = models.TextField(blank=True)
    voids = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="voided_by",
                              db_index=False)  # see event_voids_idx
    reason = models.TextField(blank=True)
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_index=False)
    recorded_by_id = models.CharField(max_length=64, blank=True)
    recorded_by_name = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    HASHED_FIELDS = (
        "seq", "weapon_id", "ammunition_lot_id", "event_type", "occurred_on", "holder_type",
        "holder_id", "counterparty_id", "location_country", "location_admin1", "latitude", "longitude",
        "site_id", "quantity", "document_ref", "note", "details", "voids_id", "reason", "import_batch_id",
        "recorded_by_id", "recorded_by_name", "recorded_at",
    )

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["weapon", "seq"], name="event_weapon_idx"),
            models.Index(fields=["event_type", "occurred_on"], name="event_type_date_idx"),
            # Partial: almost every event has neither, so these cost nothing on the common insert.
            models.Index(fields=["ammunition_lot"], name="event_lot_idx", condition=Q(ammunition_lot__isnull=False)),
            models.Index(fields=["voids"], name="event_voids_idx", condition=Q(voids__isnull=False)),
        ]

    @property
    def location_tuple(self) -> tuple | None:
        if not (self.location_country or self.location_admin1 or self.latitude is not None):
            return None
        return (self.location_country, self.location_admin1, self.latitude, self.longitude)
