"""/licensing: applications, their ATT assessment with the explained risk, decisions, licences and
deliveries, the UN arms embargo list (Article 6(1)) and the flags calling for reassessment
(Article 7(7)), each write through the licensing services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from salw.accounts.domain import LICENSING_READ, LICENSING_WRITE
from salw.api.authentication import acting_user, requires_scope
from salw.api.context import RiskOut
from salw.api.errors import error_responses
from salw.api.lookups import jurisdiction_by_code
from salw.api.pagination import PageQuery, keyset_page
from salw.core.translation import translated
from salw.licensing import domain, embargoes, policies, selectors, services
from salw.registry.models import Actor

router = Router(tags=["licensing"])

Direction = Literal[domain.DIRECTIONS]  # type: ignore[valid-type]
PartyRole = Literal[domain.PARTY_ROLES]  # type: ignore[valid-type]
Answer = Literal[domain.ANSWERS + ("",)]  # type: ignore[valid-type]
RiskLevel = Literal[domain.RISK_LEVELS + ("",)]  # type: ignore[valid-type]
Outcome = Literal[domain.DECISION_OUTCOMES]  # type: ignore[valid-type]
CheckStatus = Literal[domain.DELIVERY_CHECK_STATUSES]  # type: ignore[valid-type]
EmbargoScope = Literal[embargoes.SCOPES]  # type: ignore[valid-type]
Resolution = Literal[domain.REASSESSMENT_RESOLUTIONS]  # type: ignore[valid-type]


# --- schemas ---------------------------------------------------------------------------------

class PartyIn(Schema):
    role: PartyRole
    name: str = Field(max_length=300)
    country: str = Field(max_length=3, description="ISO 3166-1 alpha-3")
    address: str = ""
    registry_actor_id: UUID | None = Field(None, description="the registry's holder, when it knows the party")
    identifiers: str = ""
    notes: str = ""


class ItemIn(Schema):
    description: str = Field(max_length=500)
    quantity: int = Field(ge=1)
    weapon_type: str | None = Field(None, description="weapon-type code; gives the UNROCA sub-category")
    unroca: str = Field("", max_length=8)
    calibre: str = ""
    control_list_entry: str = ""
    value: Decimal | None = None
    currency: str = Field("", max_length=3)


class ApplicationIn(Schema):
    jurisdiction: str = Field(description="code of the jurisdiction that handles the application")
    direction: Direction
    applicant: str = Field(max_length=300)
    received_on: date
    reference: str = Field("", max_length=100, description="leave empty to have one assigned")
    end_use: str = ""
    notes: str = ""
    parties: list[PartyIn] = []
    items: list[ItemIn] = []


class PartyOut(Schema):
    id: UUID
    role: str
    name: str
    country: str
    registry_actor_id: UUID | None


class ItemOut(Schema):
    line: int
    description: str
    weapon_type: str | None
    unroca: str
    calibre: str
    quantity: int
    licensed_quantity: int | None
    value: Decimal | None
    currency: str


class DocumentOut(Schema):
    id: UUID
    document_type: str
    number: str
    issuing_authority: str
    issuing_country: str
    issued_on: date
    valid_until: date | None
    verification_status: str
    file_sha256: str


class ApplicationSummary(Schema):
    id: UUID
    reference: str
    direction: str
    status: str
    applicant: str
    received_on: date
    jurisdiction: str
    licence_number: str | None


class EmbargoFindingOut(Schema):
    embargo_id: UUID
    country: str
    party_role: str
    party_name: str
    resolution: str
    scope: str
    prohibits: bool = Field(description="true when the embargo leaves refusal as the only outcome (scope 'all')")
    message: str


class ReassessmentOut(Schema):
    id: UUID
    application: str = Field(description="the application's reference")
    jurisdiction: str
    party_role: str | None = Field(description="the party the new information is about, when it is one")
    party_name: str | None
    reason: str
    trace_outcome_id: UUID | None = Field(description="the trace outcome that raised the flag")
    embargo_id: UUID | None = Field(description="the arms embargo that raised the flag")
    created_at: datetime
    open: bool
    resolved_at: datetime | None
    resolved_by: str
    resolution: str = Field(description=f"empty while open, else one of {', '.join(domain.REASSESSMENT_RESOLUTIONS)}")
    resolution_note: str


class ApplicationOut(ApplicationSummary):
    end_use: str
    parties: list[PartyOut]
    items: list[ItemOut]
    documents: list[DocumentOut]
    decision: str | None
    decision_reasons: str | None
    embargo_findings: list[EmbargoFindingOut] = Field(description="UN arms embargoes in force today that cover "
                                                                   "a party (ATT Article 6(1))")
    open_reassessments: list[ReassessmentOut] = Field(description="new information calling for the application "
                                                                  "to be assessed again (ATT Article 7(7))")


class ApplicationPage(Schema):
    items: list[ApplicationSummary]
    next_cursor: str | None


class Article6In(Schema):
    answer: Answer = ""
    note: str = ""


class Article7In(Schema):
    risk: RiskLevel = ""
    evidence: str = ""


class AssessmentIn(Schema):
    article_6: dict[str, Article6In] = Field(default_factory=dict, description=f"by code: "
                                             f"{', '.join(domain.ARTICLE_6_CODES)}; any yes means refusal")
    article_7: dict[str, Article7In] = Field(default_factory=dict, description=f"by code: "
                                             f"{', '.join(domain.ARTICLE_7_CODES)}")
    mitigation_measures: str = ""
    overriding_risk: bool | None = None
    overriding_risk_rationale: str = ""
    diversion_risk: RiskLevel = ""
    diversion_measures: str = ""
    diversion_notes: str = ""


class CountryRiskOut(Schema):
    country: str
    name: str
    roles: list[str] = Field(description="the parties' roles in this country (importer, end user, transit...)")
    risk: RiskOut | None = Field(description="the explained context risk; null when it cannot be computed")
    problem: str


class DiversionCaseOut(Schema):
    outcome_id: str
    outcome: str
    seizure_reference: str
    seizure_kind: str
    seized_on: str
    serial_number: str
    weapon_type: str
    diversion_country: str
    diversion_place: str
    diversion_from: str | None
    diversion_to: str | None
    diversion_mechanism: str
    last_legal_holder: str
    last_legal_holder_country: str
    why: str = Field(description="how the case involves this transfer")
    source: str


class RiskPanelOut(Schema):
    application: str
    countries: list[CountryRiskOut]
    diversion_evidence: list[DiversionCaseOut] = Field(description="this State's own trace outcomes involving "
                                                                   "these countries or parties")


class AssessmentOut(AssessmentIn):
    application: str
    status: str
    assessed_by: str
    required_outcome: str | None = Field(description="'refuse' when Article 6 or an overriding risk leaves no "
                                                     "choice")
    risk_panel: RiskPanelOut = Field(description="computed now from the current data")
    risk_snapshot_at: datetime | None = Field(description="when the panel kept with the assessment was taken")


class DecisionIn(Schema):
    outcome: Outcome
    reasons: str
    conditions: str = ""


class LicenceIn(Schema):
    valid_from: date
    valid_until: date
    number: str = Field("", max_length=100, description="leave empty to have one assigned")
    conditions: str = ""
    quantities: dict[int, int] = Field(default_factory=dict, description="item line -> licensed quantity, at most "
                                                                         "the quantity applied for")


class QuantityOut(Schema):
    line: int
    description: str
    applied: int
    licensed: int
    delivered: int
    remaining: int


class DeliveryLineIn(Schema):
    line: int
    quantity: int = Field(ge=0)
    value: Decimal | None = None
    currency: str = ""
    serials: list[str] = []


class DeliveryIn(Schema):
    shipped_on: date
    delivered_on: date | None = None
    reference: str = Field("", max_length=200, description="the shipment's document reference; assigned when empty")
    transit_countries: list[str] = []
    notes: str = ""
    lines: list[DeliveryLineIn]


class DeliveryOut(Schema):
    id: UUID
    reference: str
    shipped_on: date
    delivered_on: date | None
    transit_countries: list[str]
    check_status: str
    check_method: str
    checked_on: date | None
    lines: list[dict]


class LicenceOut(Schema):
    number: str
    application: str
    status: str
    valid_from: date
    valid_until: date
    conditions: str
    quantities: list[QuantityOut]
    deliveries: list[DeliveryOut]


class CheckIn(Schema):
    status: CheckStatus
    checked_on: date
    method: str = ""
    note: str = ""


class RevokeIn(Schema):
    reason: str
    on: date | None = None


class LicenceStepIn(Schema):
    reason: str


class EmbargoIn(Schema):
    country: str = Field(max_length=3, description="ISO 3166-1 alpha-3 code of the embargoed country")
    regime: str = Field(max_length=300, description="the sanctions regime, e.g. 'South Sudan sanctions'")
    resolution: str = Field(max_length=200, description="the resolution that imposed it, e.g. 'S/RES/2428 (2018)'")
    scope: EmbargoScope = Field(description="; ".join(f"{scope}: {text}" for scope, text in
                                                      embargoes.SCOPE_TEXT.items()))
    starts_on: date = Field(description="the day the resolution was adopted")
    ends_on: date | None = Field(None, description="the day it was lifted; null while in force")
    ended_by: str = Field("", max_length=200, description="the resolution that lifted it")
    covers_exports_from: bool = Field(False, description="also bans procurement from the country")
    source_url: str = Field("", max_length=200)
    notes: str = ""
    verified_on: date | None = Field(None, description="the day it was checked against the official list")


class EmbargoOut(Schema):
    id: UUID
    country: str
    regime: str
    resolution: str
    scope: str
    scope_text: str
    starts_on: date
    ends_on: date | None
    ended_by: str
    covers_exports_from: bool
    source_url: str
    notes: str
    verified: bool = Field(description="checked against the Security Council's official list")
    verified_on: date | None
    verified_by: str
    recorded_by: str
    in_force_today: bool
    withdrawn: bool = Field(description="withdrawn as an entry made in error; a withdrawn entry is no longer listed")


class EmbargoEndIn(Schema):
    ends_on: date = Field(description="the day the embargo was lifted")
    ended_by: str = Field(max_length=200, description="the resolution that lifted it")


class EmbargoVerifyIn(Schema):
    verified_on: date
    source_url: str = Field("", max_length=200, description="where it was checked; keeps the current one if empty")


class WithdrawIn(Schema):
    reason: str


class ReassessmentPage(Schema):
    items: list[ReassessmentOut]
    next_cursor: str | None


class ReassessmentResolveIn(Schema):
    resolution: Resolution = Field(description="what the reassessment concluded; a resolution that revokes or "
                                               "suspends the licence does so in the same step")
    note: str = Field(description="what the reassessment found")
    revoked_on: date | None = Field(None, description="the day the licence is revoked, when it is; today if empty")


# --- shaping ---------------------------------------------------------------------------------

def application_summary(application) -> dict:
    licence = getattr(application, "licence", None)
    return {"id": application.id, "reference": application.reference, "direction": application.direction,
            "status": application.status, "applicant": application.applicant, "received_on": application.received_on,
            "jurisdiction": application.jurisdiction.code, "licence_number": licence.number if licence else None}


def application_out(actor, application) -> dict:
    decision = getattr(application, "decision", None)
    return {
        **application_summary(application), "end_use": application.end_use,
        "parties": list(selectors.current_parties(application)),
        "items": [{"line": i.line, "description": i.description, "weapon_type": i.weapon_type_id, "unroca": i.unroca,
                   "calibre": i.calibre, "quantity": i.quantity, "licensed_quantity": i.licensed_quantity,
                   "value": i.value, "currency": i.currency} for i in selectors.current_items(application)],
        "documents": list(selectors.current_documents(application)),
        "decision": decision.outcome if decision else None,
        "decision_reasons": decision.reasons if decision else None,
        "embargo_findings": [finding_out(finding) for finding in
                             selectors.application_embargo_findings(application, timezone.localdate())],
        "open_reassessments": [reassessment_out(flag) for flag in
                               selectors.reassessment_flags_visible_to(actor).filter(application=application)],
    }


def finding_out(finding: embargoes.EmbargoFinding) -> dict:
    return {"embargo_id": finding.embargo.id, "country": finding.embargo.country, "party_role": finding.party.role,
            "party_name": finding.party.name, "resolution": finding.embargo.resolution,
            "scope": finding.embargo.scope, "prohibits": finding.prohibits, "message": translated(finding.message)}


def reassessment_out(flag) -> dict:
    return {"id": flag.id, "application": flag.application.reference,
            "jurisdiction": flag.application.jurisdiction.code,
            "party_role": flag.party.role if flag.party else None,
            "party_name": flag.party.name if flag.party else None, "reason": flag.reason,
            "trace_outcome_id": flag.trace_outcome_id, "embargo_id": flag.embargo_id, "created_at": flag.created_at,
            "open": flag.is_open, "resolved_at": flag.resolved_at, "resolved_by": flag.resolved_by_name,
            "resolution": flag.resolution, "resolution_note": flag.resolution_note}


def embargo_out(embargo) -> dict:
    rule = embargo.as_rule()
    return {
        **{name: getattr(embargo, name) for name in (
            "id", "country", "regime", "resolution", "scope", "starts_on", "ends_on", "ended_by",
            "covers_exports_from", "source_url", "notes", "verified_on")},
        "scope_text": translated(embargoes.SCOPE_TEXT.get(embargo.scope, "")), "verified": rule.verified,
        "verified_by": embargo.verified_by_name, "recorded_by": embargo.recorded_by_name,
        "in_force_today": rule.in_force_on(timezone.localdate()), "withdrawn": embargo.is_voided,
    }


def assessment_out(actor, application) -> dict:
    assessment = getattr(application, "assessment", None)
    facts = assessment.facts() if assessment else None
    return {
        "application": application.reference, "status": application.status,
        "article_6": assessment.article_6 if assessment else {}, "article_7": assessment.article_7 if assessment else {},
        **{name: getattr(assessment, name) if assessment else default for name, default in (
            ("mitigation_measures", ""), ("overriding_risk", None), ("overriding_risk_rationale", ""),
            ("diversion_risk", ""), ("diversion_measures", ""), ("diversion_notes", ""),
            ("risk_snapshot_at", None))},
        "assessed_by": assessment.assessed_by_name if assessment else "",
        "required_outcome": domain.required_outcome(facts) if facts else None,
        "risk_panel": selectors.application_risk_panel(actor, application),
    }


def licence_out(licence) -> dict:
    return {
        "number": licence.number, "application": licence.application.reference, "status": licence.application.status,
        "valid_from": licence.valid_from, "valid_until": licence.valid_until, "conditions": licence.conditions,
        "quantities": [{"line": q.line, "description": q.description, "applied": q.applied, "licensed": q.licensed,
                        "delivered": q.delivered, "remaining": q.remaining}
                       for q in selectors.licence_quantities(licence)],
        "deliveries": [delivery_out(delivery) for delivery in selectors.licence_deliveries(licence)],
    }


def delivery_out(delivery) -> dict:
    return {
        "id": delivery.id, "reference": delivery.reference, "shipped_on": delivery.shipped_on,
        "delivered_on": delivery.delivered_on, "transit_countries": delivery.transit_country_list,
        "check_status": delivery.check_status, "check_method": delivery.check_method,
        "checked_on": delivery.checked_on,
        "lines": [{"line": line.item.line, "quantity": line.quantity,
                   "value": str(line.value) if line.value is not None else None, "currency": line.currency,
                   "serials": [weapon.serial_number for weapon in line.weapons.all()]}
                  for line in delivery.lines.all()],
    }


def _party_fields(party: PartyIn) -> dict:
    fields = party.dict(exclude={"registry_actor_id"})
    fields["registry_actor"] = Actor.objects.filter(id=party.registry_actor_id).first() \
        if party.registry_actor_id else None
    return fields


# --- operations ------------------------------------------------------------------------------

@router.get("/licensing/applications", **requires_scope(LICENSING_READ),
            response={200: ApplicationPage, **error_responses(400)},
            summary="Licence applications you may see, oldest first")
def licensing_application_list(request: HttpRequest, page: Query[PageQuery],
                               status: str | None = None, direction: str | None = None):
    actor = acting_user(request)
    # Refused outright, as the page is: an empty list would tell the caller there is nothing.
    policies.applications_read(actor)
    applications = selectors.applications_visible_to(actor)
    if status:
        applications = applications.filter(status=status)
    if direction:
        applications = applications.filter(direction=direction)
    rows, next_cursor = keyset_page(applications, page, parse=UUID)
    return {"items": [application_summary(row) for row in rows], "next_cursor": next_cursor}


@router.post("/licensing/applications", **requires_scope(LICENSING_WRITE),
             response={201: ApplicationOut, **error_responses()},
             summary="Receive an application, with its parties and items")
def licensing_application_create(request: HttpRequest, body: ApplicationIn):
    actor = acting_user(request)
    application = services.application_create(
        actor=actor, jurisdiction=jurisdiction_by_code(body.jurisdiction), direction=body.direction,
        applicant=body.applicant, received_on=body.received_on, reference=body.reference, end_use=body.end_use,
        notes=body.notes, parties=[_party_fields(party) for party in body.parties],
        items=[item.dict() for item in body.items])
    return Status(201, application_out(actor, application))


@router.get("/licensing/applications/{reference}", **requires_scope(LICENSING_READ),
            response={200: ApplicationOut, **error_responses(404)}, summary="One application")
def licensing_application_get(request: HttpRequest, reference: str):
    actor = acting_user(request)
    return application_out(actor, selectors.application_by_reference(actor, reference))


@router.post("/licensing/applications/{reference}/parties", **requires_scope(LICENSING_WRITE),
             response={201: ApplicationOut, **error_responses(404)}, summary="Add a party")
def licensing_party_add(request: HttpRequest, reference: str, body: PartyIn):
    actor = acting_user(request)
    application = selectors.application_by_reference(actor, reference)
    services.party_add(actor=actor, application=application, **_party_fields(body))
    return Status(201, application_out(actor, application))


@router.post("/licensing/applications/{reference}/items", **requires_scope(LICENSING_WRITE),
             response={201: ApplicationOut, **error_responses(404)}, summary="Add an item")
def licensing_item_add(request: HttpRequest, reference: str, body: ItemIn):
    actor = acting_user(request)
    application = selectors.application_by_reference(actor, reference)
    services.application_item_add(actor=actor, application=application, **body.dict())
    return Status(201, application_out(actor, application))


@router.post("/licensing/applications/{reference}/submit", **requires_scope(LICENSING_WRITE),
             response={200: ApplicationOut, **error_responses(404)}, summary="Submit a complete application")
def licensing_application_submit(request: HttpRequest, reference: str):
    actor = acting_user(request)
    application = services.application_submit(actor=actor,
                                              application=selectors.application_by_reference(actor, reference))
    return application_out(actor, application)


@router.post("/licensing/applications/{reference}/assessment", **requires_scope(LICENSING_WRITE),
             response={201: AssessmentOut, **error_responses(404)}, summary="Start the ATT assessment")
def licensing_assessment_start(request: HttpRequest, reference: str):
    actor = acting_user(request)
    application = selectors.application_by_reference(actor, reference)
    services.assessment_start(actor=actor, application=application)
    return Status(201, assessment_out(actor, selectors.application_by_reference(actor, reference)))


@router.get("/licensing/applications/{reference}/assessment", **requires_scope(LICENSING_READ),
            response={200: AssessmentOut, **error_responses(404)},
            summary="The ATT assessment with the explained risk of the destination and transit countries "
                    "and this State's own evidence of diversion")
def licensing_assessment_get(request: HttpRequest, reference: str):
    actor = acting_user(request)
    return assessment_out(actor, selectors.application_by_reference(actor, reference))


@router.put("/licensing/applications/{reference}/assessment", **requires_scope(LICENSING_WRITE),
            response={200: AssessmentOut, **error_responses(404)},
            summary="Record the assessment; the risk panel seen now is kept with it")
def licensing_assessment_save(request: HttpRequest, reference: str, body: AssessmentIn):
    actor = acting_user(request)
    application = selectors.application_by_reference(actor, reference)
    fields = body.dict()
    panel = selectors.application_risk_panel(actor, application)
    services.assessment_save(actor=actor, application=application, risk_snapshot=panel, **fields)
    return assessment_out(actor, selectors.application_by_reference(actor, reference))


@router.post("/licensing/applications/{reference}/decision", **requires_scope(LICENSING_WRITE),
             response={201: ApplicationOut, **error_responses(404)},
             summary="Approve, approve with conditions, or refuse")
def licensing_application_decide(request: HttpRequest, reference: str, body: DecisionIn):
    actor = acting_user(request)
    application = selectors.application_by_reference(actor, reference)
    services.application_decide(actor=actor, application=application, **body.dict())
    return Status(201, application_out(actor, selectors.application_by_reference(actor, reference)))


@router.post("/licensing/applications/{reference}/licence", **requires_scope(LICENSING_WRITE),
             response={201: LicenceOut, **error_responses(404)}, summary="Issue the licence of an approved application")
def licensing_licence_issue(request: HttpRequest, reference: str, body: LicenceIn):
    actor = acting_user(request)
    licence = services.licence_issue(actor=actor, application=selectors.application_by_reference(actor, reference),
                                     **body.dict())
    return Status(201, licence_out(licence))


@router.get("/licensing/licences/{number}", **requires_scope(LICENSING_READ),
            response={200: LicenceOut, **error_responses(404)},
            summary="A licence with its quantities (licensed, delivered, remaining) and deliveries")
def licensing_licence_get(request: HttpRequest, number: str):
    return licence_out(selectors.licence_by_number(acting_user(request), number))


@router.post("/licensing/licences/{number}/deliveries", **requires_scope(LICENSING_WRITE),
             response={201: DeliveryOut, **error_responses(404)},
             summary="Record a shipment; quantities may not exceed what remains on the licence")
def licensing_delivery_record(request: HttpRequest, number: str, body: DeliveryIn):
    actor = acting_user(request)
    fields = body.dict()
    delivery = services.delivery_record(actor=actor, licence=selectors.licence_by_number(actor, number), **fields)
    return Status(201, delivery_out(delivery))


@router.post("/licensing/licences/{number}/revoke", **requires_scope(LICENSING_WRITE),
             response={200: LicenceOut, **error_responses(404)}, summary="Revoke a licence in force")
def licensing_licence_revoke(request: HttpRequest, number: str, body: RevokeIn):
    actor = acting_user(request)
    licence = services.licence_revoke(actor=actor, licence=selectors.licence_by_number(actor, number), **body.dict())
    return licence_out(licence)


@router.post("/licensing/licences/{number}/suspend", **requires_scope(LICENSING_WRITE),
             response={200: LicenceOut, **error_responses(404)},
             summary="Suspend a licence in force: no delivery is recorded under it until it is reinstated")
def licensing_licence_suspend(request: HttpRequest, number: str, body: LicenceStepIn):
    return _licence_step(request, number, services.licence_suspend, body.reason)


@router.post("/licensing/licences/{number}/reinstate", **requires_scope(LICENSING_WRITE),
             response={200: LicenceOut, **error_responses(404)},
             summary="Reinstate a suspended licence (back to issued, or partly delivered)")
def licensing_licence_reinstate(request: HttpRequest, number: str, body: LicenceStepIn):
    return _licence_step(request, number, services.licence_reinstate, body.reason)


def _licence_step(request: HttpRequest, number: str, service, reason: str):
    actor = acting_user(request)
    return licence_out(service(actor=actor, licence=selectors.licence_by_number(actor, number), reason=reason))


@router.post("/licensing/deliveries/{delivery_id}/check", **requires_scope(LICENSING_WRITE),
             response={200: DeliveryOut, **error_responses(404)},
             summary="Record the post-shipment check of a delivery")
def licensing_delivery_check(request: HttpRequest, delivery_id: UUID, body: CheckIn):
    actor = acting_user(request)
    delivery = services.delivery_check(actor=actor, delivery=selectors.delivery_for(actor, delivery_id),
                                       **body.dict())
    return delivery_out(delivery)


# --- Article 6(1): the UN arms embargo list ---------------------------------------------------

@router.get("/licensing/embargoes", **requires_scope(LICENSING_READ),
            response={200: list[EmbargoOut], **error_responses()},
            summary="The UN arms embargo list: every entry (in force or ended), or those in force on a day")
def licensing_embargo_list(request: HttpRequest, in_force_on: date | None = None, country: str = ""):
    return [embargo_out(embargo) for embargo in
            selectors.embargo_list(acting_user(request), in_force_on=in_force_on, country=country)]


@router.post("/licensing/embargoes", **requires_scope(LICENSING_WRITE),
             response={201: EmbargoOut, **error_responses()},
             summary="Add an arms embargo (administrators); applications it covers today are flagged for "
                     "reassessment")
def licensing_embargo_create(request: HttpRequest, body: EmbargoIn):
    embargo = services.embargo_record(actor=acting_user(request), **body.dict())
    return Status(201, embargo_out(embargo))


@router.get("/licensing/embargoes/{embargo_id}", **requires_scope(LICENSING_READ),
            response={200: EmbargoOut, **error_responses(404)}, summary="One arms embargo entry")
def licensing_embargo_get(request: HttpRequest, embargo_id: UUID):
    return embargo_out(selectors.embargo_for(acting_user(request), embargo_id))


@router.post("/licensing/embargoes/{embargo_id}/end", **requires_scope(LICENSING_WRITE),
             response={200: EmbargoOut, **error_responses(404)},
             summary="Record the day an embargo was lifted and the resolution that lifted it (administrators)")
def licensing_embargo_end(request: HttpRequest, embargo_id: UUID, body: EmbargoEndIn):
    return _embargo_step(request, embargo_id, services.embargo_end, **body.dict())


@router.post("/licensing/embargoes/{embargo_id}/verify", **requires_scope(LICENSING_WRITE),
             response={200: EmbargoOut, **error_responses(404)},
             summary="Record that the entry was checked against the official list (administrators)")
def licensing_embargo_verify(request: HttpRequest, embargo_id: UUID, body: EmbargoVerifyIn):
    return _embargo_step(request, embargo_id, services.embargo_verify, **body.dict())


@router.post("/licensing/embargoes/{embargo_id}/withdraw", **requires_scope(LICENSING_WRITE),
             response={200: EmbargoOut, **error_responses(404)},
             summary="Withdraw an entry made in error, saying why (administrators); an embargo that was "
                     "lifted is ended, not withdrawn")
def licensing_embargo_withdraw(request: HttpRequest, embargo_id: UUID, body: WithdrawIn):
    return _embargo_step(request, embargo_id, services.embargo_void, **body.dict())


def _embargo_step(request: HttpRequest, embargo_id: UUID, service, **fields):
    actor = acting_user(request)
    return embargo_out(service(actor=actor, embargo=selectors.embargo_for(actor, embargo_id), **fields))


# --- Article 7(7): reassessment -------------------------------------------------------------------

@router.get("/licensing/reassessments", **requires_scope(LICENSING_READ),
            response={200: ReassessmentPage, **error_responses()},
            summary="Applications flagged for reassessment in your jurisdictions, oldest first")
def licensing_reassessment_list(request: HttpRequest, page: Query[PageQuery], open_only: bool = True):
    actor = acting_user(request)
    policies.applications_read(actor)  # refused outright, as the application list is
    flags = selectors.reassessment_flags_visible_to(actor, open_only=open_only)
    rows, next_cursor = keyset_page(flags, page, parse=UUID)
    return {"items": [reassessment_out(flag) for flag in rows], "next_cursor": next_cursor}


@router.post("/licensing/reassessments/{flag_id}/resolve", **requires_scope(LICENSING_WRITE),
             response={200: ReassessmentOut, **error_responses(404)},
             summary="Close a flag with what the reassessment concluded; 'revoked' also revokes the licence")
def licensing_reassessment_resolve(request: HttpRequest, flag_id: UUID, body: ReassessmentResolveIn):
    actor = acting_user(request)
    flag = services.reassessment_resolve(actor=actor, flag=selectors.reassessment_flag_for(actor, flag_id),
                                         **body.dict())
    return reassessment_out(flag)
