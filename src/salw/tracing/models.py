"""Tracing tables: seizures and their items, registry matches, alerts, trace requests, outcomes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.core.ids import uuid7
from salw.core.models import BaseModel, Jurisdiction
from salw.registry.models import Actor, Weapon
from salw.tracing import codes, outcomes, seizure_copies, workflow


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value.replace("_", " ")) for value in values]


class Seizure(BaseModel):
    """One occasion on which arms were seized, found or surrendered."""

    kind = models.CharField(max_length=16, choices=_choices(codes.SEIZURE_KINDS))
    occurred_on = models.DateField()
    country = models.CharField(max_length=3, blank=True)
    admin1 = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    agency = models.CharField(max_length=300, blank=True)
    # UNODC keeps the legal ground (known at once) apart from the crime context (learnt later).
    legal_justification = models.CharField(max_length=40, choices=_choices(codes.LEGAL_JUSTIFICATIONS))
    legal_justification_text = models.TextField(blank=True)
    criminal_context = models.CharField(max_length=40, blank=True, choices=_choices(codes.CRIMINAL_CONTEXTS))
    criminal_context_text = models.TextField(blank=True)
    case_reference = models.CharField(max_length=200, blank=True, db_index=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    recorded_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-occurred_on", "id"]
        indexes = [models.Index(fields=["occurred_on"], name="seizure_date_idx"),
                   # The few voided seizures, which counts of their items leave out.
                   models.Index(fields=["id"], name="voided_seizure_idx", condition=Q(voided_at__isnull=False))]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on} {self.case_reference}".strip()


class DescribedWeapon(models.Model):
    """codes.WEAPON_FIELDS of a weapon as an officer read them (marking_status: per model)."""

    serial_number = models.CharField(max_length=300, blank=True)
    manufacturer = models.CharField(max_length=300, blank=True)
    model = models.CharField(max_length=200, blank=True)
    calibre = models.CharField(max_length=200, blank=True)
    weapon_type = models.CharField(max_length=64, blank=True)
    country_of_manufacture = models.CharField(max_length=3, blank=True)
    year_of_manufacture = models.IntegerField(null=True, blank=True)
    other_marks = models.TextField(blank=True)

    class Meta:
        abstract = True


class SeizedItem(DescribedWeapon, BaseModel):
    """One weapon (or one line of parts or ammunition) of a seizure, as the officer describes it."""

    seizure = models.ForeignKey(Seizure, on_delete=models.PROTECT, related_name="items")
    item_kind = models.CharField(max_length=16, choices=_choices(codes.ITEM_KINDS), default=codes.WEAPON)
    quantity = models.PositiveIntegerField(default=1)
    serial_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    marking_status = models.CharField(max_length=24, choices=_choices(codes.MARKING_STATUSES),
                                      default="legible")
    antique = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    # Copied from the seizure when the item is recorded (see salw.tracing.seizure_copies).
    seizure_occurred_on = models.DateField(null=True, editable=False)
    seizure_year = models.PositiveSmallIntegerField(null=True, editable=False)
    seizure_country = models.CharField(max_length=3, blank=True, editable=False)
    seizure_admin1 = models.CharField(max_length=200, blank=True, editable=False)
    seizure_jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", null=True,
                                             editable=False, db_index=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Seized weapons counted by place, year and origin straight from this index, in its order;
            # every filter of such a count is read from it too. Not a partial index: with the item kind
            # a bound parameter, SQLite would still read each row to check it.
            models.Index(fields=["seizure_country", "seizure_admin1", "seizure_year", "country_of_manufacture",
                                 "seizure_jurisdiction", "seizure_occurred_on", "seizure", "item_kind", "voided_at"],
                         name="seized_weapon_counts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.serial_number or '(no serial)'} {self.manufacturer} {self.model}".strip()

    def save(self, *args, **kwargs):
        if self._state.adding and self.seizure_occurred_on is None:
            seizure_copies.copy_onto(self, self.seizure)
        super().save(*args, **kwargs)


class MarkingPhoto(BaseModel):
    """A photograph of an item's markings, stored under the data directory by its SHA-256."""

    item = models.ForeignKey(SeizedItem, on_delete=models.PROTECT, related_name="photos")
    original_name = models.CharField(max_length=300)
    stored_path = models.CharField(max_length=300)  # relative to MEDIA_ROOT
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()


class ItemMatch(BaseModel):
    """A registry record that probably is the seized item, with the reasons the engine gave."""

    item = models.ForeignKey(SeizedItem, on_delete=models.PROTECT, related_name="matches")
    weapon = models.ForeignKey(Weapon, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=100)
    record_id = models.CharField(max_length=200)
    score = models.FloatField()
    explanation = models.JSONField(default=list)
    weapon_status = models.CharField(max_length=16, blank=True)  # as recorded when matched

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "weapon"], name="one_match_per_item_and_weapon")]


class Alert(BaseModel):
    """Tells one responsible user that a seized item matches a weapon of theirs."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="tracing_alerts")
    kind = models.CharField(max_length=24, choices=_choices(codes.ALERT_KINDS))
    match = models.ForeignKey(ItemMatch, on_delete=models.PROTECT, related_name="alerts")
    message = models.TextField()
    read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["recipient", "match"], name="one_alert_per_user_and_match")]


class TraceRequest(DescribedWeapon, BaseModel):
    """A request to trace one weapon (ISACS 05.31), sent by this installation or received by it."""

    # Shared by both installations' copies of the request, so replies find their way back.
    exchange_id = models.UUIDField(default=uuid7, editable=False)
    direction = models.CharField(max_length=16, choices=_choices(codes.DIRECTIONS), default=codes.OUTGOING)
    reference = models.CharField(max_length=200)
    item = models.ForeignKey(SeizedItem, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="trace_requests")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=_choices(workflow.STATUSES), default=workflow.DRAFT)
    # The weapon as described when the request was made (a snapshot: later edits of the item
    # must not change what was asked).
    marking_status = models.CharField(max_length=24, blank=True)
    seizure_kind = models.CharField(max_length=16, blank=True)
    seizure_date = models.DateField(null=True, blank=True)
    seizure_country = models.CharField(max_length=3, blank=True)
    seizure_place = models.CharField(max_length=300, blank=True)
    requesting_country = models.CharField(max_length=3, blank=True)
    requesting_agency = models.CharField(max_length=300, blank=True)
    recipient_country = models.CharField(max_length=3)
    recipient_agency = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=32, choices=_choices(codes.CHANNELS),
                               default="national_point_of_contact")
    priority = models.CharField(max_length=16, choices=_choices(codes.PRIORITIES), default=codes.ROUTINE)
    illicit_basis = models.TextField(help_text=_("Why the weapon is considered illicit"))
    legal_basis = models.TextField(help_text=_("Law or instrument under which the trace is requested"))
    intended_use = models.TextField(blank=True, help_text=_("What the answer will be used for"))
    confidentiality = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, default="en")
    due_on = models.DateField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["exchange_id", "direction"],
                                               name="one_trace_request_per_exchange_id")]
        indexes = [models.Index(fields=["status", "due_on"], name="trace_request_due_idx")]

    def __str__(self) -> str:
        return self.reference


class TraceStatusChange(models.Model):
    """One step of a request's status history; never changed afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    request = models.ForeignKey(TraceRequest, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    actor_name = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class DiversionFindings(models.Model):
    """Who last held the weapon legally and where, when and how it left their control."""

    last_legal_holder_name = models.CharField(max_length=300, blank=True)
    last_legal_holder_country = models.CharField(max_length=3, blank=True)
    diversion_country = models.CharField(max_length=3, blank=True)
    diversion_admin1 = models.CharField(max_length=200, blank=True)
    diversion_place = models.CharField(max_length=300, blank=True)
    diversion_from = models.DateField(null=True, blank=True)
    diversion_to = models.DateField(null=True, blank=True)
    diversion_mechanism = models.CharField(max_length=40, blank=True,
                                           choices=_choices(outcomes.DIVERSION_MECHANISMS))

    class Meta:
        abstract = True


class TraceResponse(DiversionFindings, BaseModel):
    """A reply to a trace request: who answered, when, and what they found."""

    exchange_id = models.UUIDField(default=uuid7, editable=False)
    request = models.ForeignKey(TraceRequest, on_delete=models.PROTECT, related_name="responses")
    received_on = models.DateField()
    result = models.CharField(max_length=20, choices=_choices(workflow.REPLY_RESULTS))
    responder = models.CharField(max_length=300, blank=True)
    responder_country = models.CharField(max_length=3, blank=True)
    findings = models.TextField(blank=True)

    class Meta:
        ordering = ["received_on", "created_at"]
        constraints = [models.UniqueConstraint(fields=["exchange_id", "request"],
                                               name="one_trace_response_per_exchange_id")]


class TraceOutcome(DiversionFindings, BaseModel):
    """The coded result of tracing one seized weapon. Re-coding voids the previous outcome."""

    item = models.ForeignKey(SeizedItem, on_delete=models.PROTECT, related_name="outcomes")
    trace_request = models.ForeignKey(TraceRequest, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    outcome = models.CharField(max_length=32, choices=_choices(outcomes.OUTCOMES))
    last_legal_holder = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    illicit_origin_established = models.BooleanField(default=False)
    establishment_method = models.CharField(max_length=32, blank=True,
                                            choices=_choices(outcomes.ESTABLISHMENT_METHODS))
    established_by = models.CharField(max_length=300, blank=True, help_text=_("The competent authority"))
    established_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["item"], condition=Q(voided_at__isnull=True),
                                               name="one_current_outcome_per_item")]
