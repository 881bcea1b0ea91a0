"""Transfer-control tables: an application with its parties, items and end-user documents, the
ATT assessment, the decision, the licence and its deliveries.

Nothing is deleted: a party or document entered in error is voided (BaseModel), and the
application's status history is kept in ``ApplicationStatusChange``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.core.ids import uuid7
from salw.core.models import BaseModel, Jurisdiction
from salw.licensing import domain, embargoes
from salw.registry.models import Actor, Weapon
from salw.vocabularies.models import WeaponType

# Labels live here, not in domain.py, because the domain knows nothing of translation.
DIRECTION_LABELS = {domain.EXPORT: _("export"), domain.IMPORT: _("import"),
                    domain.TRANSIT: _("transit / trans-shipment"), domain.BROKERING: _("brokering")}
PARTY_ROLE_LABELS = {
    domain.EXPORTER: _("exporter"), domain.IMPORTER: _("importer"), domain.CONSIGNEE: _("consignee"),
    domain.INTERMEDIATE_CONSIGNEE: _("intermediate consignee"), domain.END_USER: _("end user"),
    domain.BROKER: _("broker"), domain.TRANSIT_STATE: _("transit State"),
}
DOCUMENT_TYPE_LABELS = {domain.END_USER_CERTIFICATE: _("end-user certificate (EUC)"),
                        domain.END_USE_UNDERTAKING: _("end-use undertaking (EUU)"),
                        domain.INTERNATIONAL_IMPORT_CERTIFICATE: _("international import certificate (IIC)")}
DOCUMENT_VERIFICATION_LABELS = {domain.VERIFICATION_PENDING: _("not yet verified"),
                                domain.VERIFIED: _("verified"), domain.VERIFICATION_FAILED: _("failed verification")}
STATUS_LABELS = {
    domain.DRAFT: _("draft"), domain.SUBMITTED: _("submitted"), domain.UNDER_ASSESSMENT: _("under assessment"),
    domain.APPROVED: _("approved"), domain.REFUSED: _("refused"), domain.LICENCE_ISSUED: _("licence issued"),
    domain.PARTIALLY_DELIVERED: _("partially delivered"), domain.SUSPENDED: _("suspended"),
    domain.DELIVERED: _("delivered"),
    domain.EXPIRED: _("expired"), domain.REVOKED: _("revoked"),
}
DECISION_LABELS = {domain.APPROVE: _("approve"), domain.APPROVE_WITH_CONDITIONS: _("approve with conditions"),
                   domain.REFUSE: _("refuse")}
RISK_LEVEL_LABELS = {domain.RISK_NONE: _("none identified"), domain.RISK_LOW: _("low"),
                     domain.RISK_SUBSTANTIAL: _("substantial")}
CHECK_STATUS_LABELS = {domain.CHECK_PENDING: _("not yet checked"), domain.CHECK_CONFIRMED: _("delivery confirmed"),
                       domain.CHECK_DISCREPANCY: _("discrepancy found")}
CHECK_METHOD_LABELS = {"delivery_verification_certificate": _("delivery verification certificate"),
                       "on_site_inspection": _("on-site inspection"), "customs_record": _("customs record"),
                       "diplomatic_confirmation": _("diplomatic confirmation"), "other": _("other")}


def _choices(labels: dict) -> list[tuple[str, str]]:
    return list(labels.items())


class Application(BaseModel):
    """A request to export, import, move in transit or broker SALW, from receipt to the last delivery."""

    reference = models.CharField(max_length=100, unique=True)
    direction = models.CharField(max_length=16, choices=_choices(DIRECTION_LABELS))
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24, choices=_choices(STATUS_LABELS), default=domain.DRAFT)
    applicant = models.CharField(max_length=300, help_text=_("Who applies: company, agency or person"))
    received_on = models.DateField()
    end_use = models.TextField(blank=True, help_text=_("The stated end use"))
    notes = models.TextField(blank=True)
    created_by_name = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [models.Index(fields=["status"], name="licensing_application_status")]

    def __str__(self) -> str:
        return self.reference


class ApplicationStatusChange(models.Model):
    """One step of an application's history; never changed afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    action = models.CharField(max_length=32)
    at = models.DateTimeField(auto_now_add=True)
    actor_name = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Party(BaseModel):
    """Someone the transfer involves, linked to a registry actor when the registry knows them."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=32, choices=_choices(PARTY_ROLE_LABELS))
    name = models.CharField(max_length=300)
    country = models.CharField(max_length=3)
    address = models.TextField(blank=True)
    registry_actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    identifiers = models.TextField(blank=True, help_text=_("Registration or licence numbers"))
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class ApplicationItem(BaseModel):
    """One line of an application: what, how many, for how much."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="items")
    line = models.PositiveSmallIntegerField()
    weapon_type = models.ForeignKey(WeaponType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unroca = models.CharField(max_length=8, blank=True, help_text=_("UNROCA SALW sub-category (SA1..LW7)"))
    description = models.CharField(max_length=500)
    calibre = models.CharField(max_length=200, blank=True)
    control_list_entry = models.CharField(max_length=100, blank=True)
    quantity = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # Set when the licence is issued: at most the quantity applied for.
    licensed_quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["line"]
        constraints = [models.UniqueConstraint(fields=["application", "line"], name="one_item_per_line")]

    def __str__(self) -> str:
        return f"{self.line}. {self.quantity} × {self.description}"


class EndUserDocument(BaseModel):
    """An end-user certificate, end-use undertaking or import certificate, with its verification."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    document_type = models.CharField(max_length=8, choices=_choices(DOCUMENT_TYPE_LABELS))
    number = models.CharField(max_length=200)
    issuing_authority = models.CharField(max_length=300)
    issuing_country = models.CharField(max_length=3)
    issued_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    verification_status = models.CharField(max_length=16, choices=_choices(DOCUMENT_VERIFICATION_LABELS),
                                           default=domain.VERIFICATION_PENDING)
    verified_on = models.DateField(null=True, blank=True)
    verification_note = models.TextField(blank=True)
    verified_by_name = models.CharField(max_length=200, blank=True)
    # The scanned document, stored once under its SHA-256 in the media directory.
    file_path = models.CharField(max_length=300, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_name = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["issued_on", "created_at"]


class Assessment(BaseModel):
    """The ATT assessment of one application: Articles 6, 7 and 11, with the risk seen at the time."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="assessment")
    # {"6.1": {"answer": "yes"|"no", "note": "..."}, ...}: each prohibition answered on its own.
    article_6 = models.JSONField(default=dict)
    # {"7.1a": {"risk": "none"|"low"|"substantial", "evidence": "..."}, ...}
    article_7 = models.JSONField(default=dict)
    mitigation_measures = models.TextField(blank=True)
    overriding_risk = models.BooleanField(null=True, blank=True)
    overriding_risk_rationale = models.TextField(blank=True)
    diversion_risk = models.CharField(max_length=16, blank=True, choices=_choices(RISK_LEVEL_LABELS))
    diversion_measures = models.TextField(blank=True, help_text=_("Article 11 measures: documents, assurances, "
                                                                  "post-shipment checks"))
    diversion_notes = models.TextField(blank=True)
    # The explained country risk and this State's diversion evidence as the assessor saw them.
    risk_snapshot = models.JSONField(null=True, blank=True)
    risk_snapshot_at = models.DateTimeField(null=True, blank=True)
    assessed_by_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def answers(self, article: str) -> dict[str, str]:
        key = "answer" if article == "6" else "risk"
        entries = self.article_6 if article == "6" else self.article_7
        return {code: entry.get(key, "") for code, entry in (entries or {}).items()}

    def facts(self) -> domain.AssessmentFacts:
        return domain.AssessmentFacts(article_6=self.answers("6"), article_7=self.answers("7"),
                                      overriding_risk=self.overriding_risk,
                                      overriding_risk_rationale=self.overriding_risk_rationale,
                                      diversion_risk=self.diversion_risk)


class Decision(BaseModel):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=32, choices=_choices(DECISION_LABELS))
    reasons = models.TextField()
    conditions = models.TextField(blank=True)
    decided_by_id = models.CharField(max_length=64, blank=True)
    decided_by_name = models.CharField(max_length=200)
    decided_at = models.DateTimeField()


class Licence(BaseModel):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="licence")
    number = models.CharField(max_length=100, unique=True)
    valid_from = models.DateField()
    valid_until = models.DateField()
    conditions = models.TextField(blank=True)
    issued_by_name = models.CharField(max_length=200)
    issued_at = models.DateTimeField()
    ended_on = models.DateField(null=True, blank=True, help_text=_("Revoked or expired on"))
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class Delivery(BaseModel):
    """One shipment made under a licence, and the check that it arrived where it should."""

    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="deliveries")
    # The shipment's document reference; registry events carrying it are this delivery's weapons.
    reference = models.CharField(max_length=200, unique=True)
    shipped_on = models.DateField()
    delivered_on = models.DateField(null=True, blank=True)
    transit_countries = models.CharField(max_length=200, blank=True, help_text=_("ISO3 codes, separated by spaces"))
    notes = models.TextField(blank=True)
    recorded_by_name = models.CharField(max_length=200)
    check_status = models.CharField(max_length=16, choices=_choices(CHECK_STATUS_LABELS),
                                    default=domain.CHECK_PENDING)
    check_method = models.CharField(max_length=40, blank=True, choices=_choices(CHECK_METHOD_LABELS))
    checked_on = models.DateField(null=True, blank=True)
    check_note = models.TextField(blank=True)
    checked_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["shipped_on", "created_at"]

    @property
    def transit_country_list(self) -> list[str]:
        return self.transit_countries.split()

    def __str__(self) -> str:
        return self.reference


class DeliveryLine(BaseModel):
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="lines")
    item = models.ForeignKey(ApplicationItem, on_delete=models.PROTECT, related_name="delivery_lines")
    quantity = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["item__line"]


class DeliveredWeapon(BaseModel):
    """A serial number shipped on a delivery line; linked to the registry's weapon when it is there."""

    line = models.ForeignKey(DeliveryLine, on_delete=models.PROTECT, related_name="weapons")
    serial_number = models.CharField(max_length=300)
    weapon = models.ForeignKey(Weapon, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registry_event_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["serial_number"]


SCOPE_LABELS = {embargoes.SCOPE_ALL: _("every supply to the country"),
                embargoes.SCOPE_NON_STATE: _("non-governmental entities and armed groups"),
                embargoes.SCOPE_LISTED: _("listed individuals and entities")}


class ArmsEmbargo(BaseModel):
    """A UN Security Council arms embargo on one country, from the resolution that imposed it to
    the one that lifted it. Kept by the administrator; ended, never deleted (a mistaken entry is
    voided with its reason)."""

    country = models.CharField(max_length=3)
    regime = models.CharField(max_length=300, help_text=_("The sanctions regime, e.g. 'South Sudan sanctions'"))
    resolution = models.CharField(max_length=200, help_text=_("The resolution that imposed it, e.g. "
                                                              "'S/RES/2428 (2018)'"))
    scope = models.CharField(max_length=16, choices=_choices(SCOPE_LABELS))
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    ended_by = models.CharField(max_length=200, blank=True, help_text=_("The resolution that lifted it"))
    covers_exports_from = models.BooleanField(default=False, help_text=_("Also bans procurement from the country"))
    source_url = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    verified_on = models.DateField(null=True, blank=True)
    verified_by_name = models.CharField(max_length=200, blank=True)
    recorded_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["country", "-starts_on"]

    def as_rule(self) -> embargoes.Embargo:
        return embargoes.Embargo(str(self.id), self.country, self.regime, self.resolution, self.scope,
                                 self.starts_on, self.ends_on, self.covers_exports_from,
                                 self.verified_on is not None)

    def __str__(self) -> str:
        return self.as_rule().describe()


REASSESSMENT_RESOLUTION_LABELS = {domain.REASSESSED_MAINTAINED: _("reassessed: the licence stands"),
                                  domain.REASSESSED_SUSPENDED: _("reassessed: the licence is suspended"),
                                  domain.REASSESSED_REVOKED: _("reassessed: the licence is revoked"),
                                  domain.REASSESSED_NOT_LINKED: _("not linked to this licence")}


class ReassessmentFlag(BaseModel):
    """ATT Article 7(7): new information (a trace ending at the licence or its end user, a new
    embargo) that calls for the application to be assessed again."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reassessment_flags")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    trace_outcome = models.ForeignKey("tracing.TraceOutcome", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    embargo = models.ForeignKey(ArmsEmbargo, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_name = models.CharField(max_length=200, blank=True)
    resolution = models.CharField(max_length=16, blank=True, choices=_choices(REASSESSMENT_RESOLUTION_LABELS))
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "trace_outcome"], condition=Q(trace_outcome__isnull=False),
                                    name="one_flag_per_application_and_trace_outcome"),
            models.UniqueConstraint(fields=["application", "embargo"], condition=Q(embargo__isnull=False),
                                    name="one_flag_per_application_and_embargo"),
        ]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
