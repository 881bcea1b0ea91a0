"""/licensing: applications, their ATT assessment with the explained risk, decisions, licences and
deliveries, each write through the licensing services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from salw.accounts.domain import LICENSING_READ, LICENSING_WRITE
from salw.api.authentication import acting_user, requires_scope
from salw.api.context import RiskOut
from salw.api.errors import error_responses
from salw.api.lookups import jurisdiction_by_code
from salw.api.pagination import PageQuery, keyset_page
from salw.licensing import domain, policies, selectors, services
from salw.registry.models import Actor

router = Router(tags=["licensing"])

Direction = Literal[domain.DIRECTIONS]  # type: ignore[valid-type]
PartyRole = Literal[domain.PARTY_ROLES]  # type: ignore[valid-type]
Answer = Literal[domain.ANSWERS + ("",)]  # type: ignore[valid-type]
RiskLevel = Literal[domain.RISK_LEVELS + ("",)]  # type: ignore[valid-type]
Outcome = Literal[domain.DECISION_OUTCOMES]  # type: ignore[valid-type]
CheckStatus = Literal[domain.DELIVERY_CHECK_STATUSES]  # type: ignore[valid-type]


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


class ApplicationOut(ApplicationSummary):
    end_use: str
    parties: list[PartyOut]
    items: list[ItemOut]
    documents: list[DocumentOut]
    decision: str | None
    decision_reasons: str | None


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


# --- shaping ---------------------------------------------------------------------------------

def application_summary(application) -> dict:
    licence = getattr(application, "licence", None)
    return {"id": application.id, "reference": application.reference, "direction": application.direction,
            "status": application.status, "applicant": application.applicant, "received_on": application.received_on,
            "jurisdiction": application.jurisdiction.code, "licence_number": licence.number if licence else None}


def application_out(application) -> dict:
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
    return Status(201, application_out(application))


@router.get("/licensing/applications/{reference}", **requires_scope(LICENSING_READ),
            response={200: ApplicationOut, **error_responses(404)}, summary="One application")
def licensing_application_get(request: HttpRequest, reference: str):
    return application_out(selectors.application_by_reference(acting_user(request), reference))


@router.post("/licensing/applications/{reference}/parties", **requires_scope(LICENSING_WRITE),
             response={201: ApplicationOut, **error_responses(404)}, summary="Add a party")
def licensing_party_add(request: HttpRequest, reference: str, body: PartyIn):
    actor = acting_user(request)
    application = selectors.application_by_reference(actor, reference)
    services.party_add(actor=actor, application=application, **_party_fields(body))
    return Status(201, application_out(application))


@router.post("/licensing/applications/{reference}/items", **requires_scope(LICENSING_WRITE),
             response={201: ApplicationOut, **error_responses(404)}, summary="Add an item")
def licensing_item_add(request: HttpRequest, reference: str, body: ItemIn):
    actor = acting_user(request)
    application = selectors.application_by_reference(actor, reference)
    services.application_item_add(actor=actor, application=application, **body.dict())
    return Status(201, application_out(application))


@router.post("/licensing/applications/{reference}/submit", **requires_scope(LICENSING_WRITE),
             response={200: ApplicationOut, **error_responses(404)}, summary="Submit a complete application")
def licensing_application_submit(request: HttpRequest, reference: str):
    actor = acting_user(request)
    application = services.application_submit(actor=actor,
                                              application=selectors.application_by_reference(actor, reference))
    return application_out(application)


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
    return Status(201, application_out(selectors.application_by_reference(actor, reference)))


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


@router.post("/licensing/deliveries/{delivery_id}/check", **requires_scope(LICENSING_WRITE),
             response={200: DeliveryOut, **error_responses(404)},
             summary="Record the post-shipment check of a delivery")
def licensing_delivery_check(request: HttpRequest, delivery_id: UUID, body: CheckIn):
    actor = acting_user(request)
    delivery = services.delivery_check(actor=actor, delivery=selectors.delivery_for(actor, delivery_id),
                                       **body.dict())
    return delivery_out(delivery)
