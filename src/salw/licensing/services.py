"""Every write of transfer control. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.audit import actor_identity, audit_record
from salw.core.errors import Problem, ValidationFailed
from salw.core.message import Message, gettext_noop
from salw.core.translation import translated
from salw.licensing import domain, embargoes, policies, selectors
from salw.licensing.documents import document_store
from salw.licensing.models import (
    DIRECTION_LABELS,
    PARTY_ROLE_LABELS,
    STATUS_LABELS,
    Application,
    ApplicationItem,
    ApplicationStatusChange,
    ArmsEmbargo,
    Assessment,
    Decision,
    DeliveredWeapon,
    Delivery,
    DeliveryLine,
    EndUserDocument,
    Licence,
    Party,
    ReassessmentFlag,
)
from salw.registry.domain import transition_problem
from salw.registry.events import EventWriter
from salw.registry.models import Actor, Event, Weapon
from salw.registry.selectors import weapon_with_serial
from salw.registry.services import weapon_import_record, weapon_reproject
from salw.vocabularies.models import Country, WeaponType


def _name(actor) -> str:
    return actor_identity(actor)[1]


# The rules write a status as its code with spaces ("under assessment"); shown, it is the status's name.
_STATUS_NAMES = {status.replace("_", " "): label for status, label in STATUS_LABELS.items()}


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationFailed([Problem(message=translated(problem, {"status": _STATUS_NAMES}),
                                        english=str(problem) if isinstance(problem, Message) else None)
                                for problem in problems])


def _one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)


def _readable(code: str) -> str:
    return code.replace("_", " ")


def _status_name(status: str) -> str:
    return str(STATUS_LABELS.get(status, _readable(status)))


def _country_problems(code: str, field: Message) -> list[Message]:
    """``field``: the field's name, marked for translation."""
    problem = domain.country_code_problem(code)
    if problem:
        return [Message(gettext_noop("%(field)s: %(problem)s"), {"field": field, "problem": problem})]
    if not Country.objects.filter(iso3=code).exists():
        return [Message(gettext_noop("%(field)s: %(code)s is not a known country"), {"field": field, "code": code})]
    return []


def _move(actor, application: Application, action: str, note: str = "") -> str:
    """Take one workflow step: check it, save the new status and keep the step in the history."""
    problem = domain.transition_problem(application.status, action)
    if problem:
        _refuse([problem])
    before, application.status = application.status, domain.next_status(application.status, action)
    application.save(update_fields=["status", "updated_at"])
    ApplicationStatusChange.objects.create(application=application, from_status=before, to_status=application.status,
                                           action=action, actor_name=_name(actor), note=note)
    return before


def _next_reference(prefix: str, model, field: str, year: int) -> str:
    start = f"{prefix}-{year}-"
    taken = model.objects.filter(**{f"{field}__startswith": start}).count()
    number = taken + 1
    while model.objects.filter(**{field: f"{start}{number:04d}"}).exists():
        number += 1
    return f"{start}{number:04d}"


def _require_editable(application: Application, refusal: str) -> None:
    """``refusal``: the translated sentence, with the application's %(status)s."""
    # Parties, items and documents may be added until the decision; after it they are the record.
    if application.status not in (domain.DRAFT, domain.SUBMITTED, domain.UNDER_ASSESSMENT):
        raise ValidationFailed(refusal % {"status": _status_name(application.status)})


# --- applications, parties, items -------------------------------------------------------------

def application_create(*, actor, jurisdiction, direction: str, applicant: str, received_on: date,
                       reference: str = "", end_use: str = "", notes: str = "",
                       parties: Iterable[Mapping[str, Any]] = (), items: Iterable[Mapping[str, Any]] = ()
                       ) -> Application:
    """Receive an application (a draft), optionally with its parties and items."""
    policies.application_create(actor, jurisdiction=jurisdiction)
    problems = []
    if direction not in domain.DIRECTIONS:
        problems.append(_("unknown direction %(direction)r; one of: %(directions)s") % {
            "direction": direction, "directions": _one_of(domain.DIRECTIONS)})
    if not applicant.strip():
        problems.append(_("name the applicant"))
    if received_on is None:
        problems.append(_("give the date the application was received"))
    elif received_on > timezone.localdate():
        problems.append(_("the date received is in the future"))
    reference = reference.strip()
    if reference and Application.objects.filter(reference=reference).exists():
        problems.append(_("an application %(reference)r already exists") % {"reference": reference})
    _refuse(problems)
    with transaction.atomic():
        application = Application.objects.create(
            reference=reference or _next_reference("APP", Application, "reference", received_on.year),
            direction=direction, jurisdiction=jurisdiction, applicant=applicant.strip(), received_on=received_on,
            end_use=end_use, notes=notes, created_by_name=_name(actor))
        ApplicationStatusChange.objects.create(application=application, to_status=domain.DRAFT, action="receive",
                                               actor_name=_name(actor))
        audit_record(actor=actor, action="application_create", object_type="licence_application",
                     object_id=application.id, changes={"reference": application.reference, "direction": direction,
                                                        "jurisdiction": jurisdiction.code, "applicant": applicant})
        for fields in parties:
            party_add(actor=actor, application=application, **fields)
        for fields in items:
            application_item_add(actor=actor, application=application, **fields)
    return application


def party_add(*, actor, application: Application, role: str, name: str, country: str, address: str = "",
              registry_actor: Actor | None = None, identifiers: str = "", notes: str = "") -> Party:
    policies.party_add(actor, application=application)
    _require_editable(application, _("parties cannot be added to an application that is %(status)s"))
    country = (country or "").strip().upper()
    problems = []
    if role not in domain.PARTY_ROLES:
        problems.append(_("unknown party role %(role)r; one of: %(roles)s") % {
            "role": role, "roles": _one_of(domain.PARTY_ROLES)})
    if not name.strip():
        problems.append(_("name the party"))
    problems += _country_problems(country, Message(gettext_noop("country")))
    _refuse(problems)
    with transaction.atomic():
        party = Party.objects.create(application=application, role=role, name=name.strip(), country=country,
                                     address=address, registry_actor=registry_actor, identifiers=identifiers,
                                     notes=notes)
        audit_record(actor=actor, action="party_add", object_type="licence_application", object_id=application.id,
                     changes={"party": party.id, "role": role, "name": party.name, "country": country,
                              "registry_actor": registry_actor.id if registry_actor else None})
    return party


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailed(_("%(value)r is not an amount") % {"value": value}) from None


def application_item_add(*, actor, application: Application, description: str, quantity: int,
                         weapon_type: str | None = None, unroca: str = "", calibre: str = "",
                         control_list_entry: str = "", value: Decimal | str | None = None,
                         currency: str = "") -> ApplicationItem:
    policies.application_item_add(actor, application=application)
    _require_editable(application, _("items cannot be added to an application that is %(status)s"))
    value = _decimal(value)
    currency = (currency or "").strip().upper()
    problems = []
    if not description.strip():
        problems.append(_("describe the item"))
    if quantity is None or quantity < 1:
        problems.append(Message(gettext_noop("the quantity must be at least 1")))
    known_type = WeaponType.objects.filter(code=weapon_type).first() if weapon_type else None
    if weapon_type and known_type is None:
        problems.append(_("unknown weapon type %(weapon_type)r") % {"weapon_type": weapon_type})
    if value is not None and value < 0:
        problems.append(_("a value cannot be negative"))
    if value is not None and (len(currency) != 3 or not currency.isalpha()):
        problems.append(Message(gettext_noop("give the value's currency as a three-letter ISO 4217 code")))
    _refuse(problems)
    with transaction.atomic():
        line = (application.items.aggregate(top=Max("line"))["top"] or 0) + 1
        item = ApplicationItem.objects.create(
            application=application, line=line, weapon_type=known_type,
            unroca=(unroca or (known_type.unroca if known_type else "")).strip(), description=description.strip(),
            calibre=calibre, control_list_entry=control_list_entry, quantity=quantity, value=value,
            currency=currency if value is not None else "")
        audit_record(actor=actor, action="application_item_add", object_type="licence_application",
                     object_id=application.id, changes={"line": line, "description": item.description,
                                                        "quantity": quantity, "value": value, "currency": currency})
    return item


# --- end-user documents -----------------------------------------------------------------------

def end_user_document_add(*, actor, application: Application, document_type: str, number: str,
                          issuing_authority: str, issuing_country: str, issued_on: date,
                          valid_until: date | None = None, content: bytes | None = None,
                          file_name: str = "") -> EndUserDocument:
    """Record an end-user document, with its scan when there is one (checked and stored by hash)."""
    policies.end_user_document_add(actor, application=application)
    _require_editable(application, _("end-user documents cannot be added to an application that is %(status)s"))
    issuing_country = (issuing_country or "").strip().upper()
    problems = []
    if document_type not in domain.DOCUMENT_TYPES:
        problems.append(_("unknown document type %(document_type)r; one of: %(document_types)s") % {
            "document_type": document_type, "document_types": _one_of(domain.DOCUMENT_TYPES)})
    if not number.strip():
        problems.append(Message(gettext_noop("give the document's number")))
    if not issuing_authority.strip():
        problems.append(_("name the issuing authority"))
    problems += _country_problems(issuing_country, Message(gettext_noop("issuing country")))
    if issued_on is None:
        problems.append(_("give the date of issue"))
    elif valid_until is not None and valid_until < issued_on:
        problems.append(_("the document would expire before it was issued"))
    _refuse(problems)
    stored = document_store(content, file_name or "document") if content is not None else None
    with transaction.atomic():
        document = EndUserDocument.objects.create(
            application=application, document_type=document_type, number=number.strip(),
            issuing_authority=issuing_authority.strip(), issuing_country=issuing_country, issued_on=issued_on,
            valid_until=valid_until, file_path=stored.stored_path if stored else "",
            file_sha256=stored.sha256 if stored else "", file_type=stored.content_type if stored else "",
            file_size=stored.size if stored else None, file_name=file_name if stored else "")
        audit_record(actor=actor, action="end_user_document_add", object_type="licence_application",
                     object_id=application.id, changes={"document": document.id, "type": document_type,
                                                        "number": document.number,
                                                        "sha256": stored.sha256 if stored else ""})
    return document


def end_user_document_verify(*, actor, document: EndUserDocument, status: str, verified_on: date,
                             note: str = "") -> EndUserDocument:
    """Record how the document was checked with the issuing authority, and the result."""
    policies.end_user_document_verify(actor, document=document)
    problems = []
    if status not in domain.DOCUMENT_VERIFICATION_STATUSES:
        problems.append(_("unknown verification status %(status)r") % {"status": status})
    if verified_on is None:
        problems.append(_("give the date of the verification"))
    if status == domain.VERIFICATION_FAILED and not note.strip():
        problems.append(_("say why the document failed verification"))
    _refuse(problems)
    with transaction.atomic():
        before = document.verification_status
        document.verification_status, document.verified_on = status, verified_on
        document.verification_note, document.verified_by_name = note, _name(actor)
        document.save(update_fields=["verification_status", "verified_on", "verification_note", "verified_by_name"])
        audit_record(actor=actor, action="end_user_document_verify", object_type="end_user_document",
                     object_id=document.id, changes={"status": [before, status], "verified_on": verified_on,
                                                     "note": note})
    return document


# --- workflow ---------------------------------------------------------------------------------

def _submission_problems(application: Application) -> list[str]:
    roles = set(application.parties.filter(voided_at__isnull=True).values_list("role", flat=True))
    problems = []
    if not application.items.filter(voided_at__isnull=True).exists():
        problems.append(_("an application needs at least one item"))
    needed = {domain.EXPORT: (domain.IMPORTER, domain.END_USER), domain.IMPORT: (domain.EXPORTER, domain.END_USER),
              domain.TRANSIT: (domain.EXPORTER, domain.IMPORTER), domain.BROKERING: (domain.BROKER, domain.END_USER)}
    for role in needed[application.direction]:
        if role not in roles:
            problems.append(_("a %(direction)s application needs its %(role)s") % {
                "direction": str(DIRECTION_LABELS[application.direction]), "role": str(PARTY_ROLE_LABELS[role])})
    return problems


def application_submit(*, actor, application: Application) -> Application:
    """Complete the application: from now on it waits for assessment."""
    policies.application_submit(actor, application=application)
    _refuse(_submission_problems(application))
    with transaction.atomic():
        before = _move(actor, application, domain.SUBMIT)
        audit_record(actor=actor, action="application_submit", object_type="licence_application",
                     object_id=application.id, changes={"status": [before, application.status]})
    return application


def assessment_start(*, actor, application: Application) -> Assessment:
    policies.assessment_start(actor, application=application)
    with transaction.atomic():
        before = _move(actor, application, domain.START_ASSESSMENT)
        findings = selectors.application_embargo_findings(application, timezone.localdate())
        assessment, _created = Assessment.objects.get_or_create(application=application, defaults={
            "assessed_by_name": _name(actor), "article_6": _embargo_prefill(findings)})
        audit_record(actor=actor, action="assessment_start", object_type="licence_application",
                     object_id=application.id, changes={"status": [before, application.status],
                                                        "embargoes": [finding.message for finding in findings]})
    return assessment


def _embargo_prefill(findings: list[embargoes.EmbargoFinding]) -> dict:
    """Article 6(1) as the embargo list answers it: "yes" when an embargo prohibits the transfer,
    otherwise left for the officer, with the embargoes to weigh written in the note."""
    if not findings:
        return {}
    answer = domain.YES if any(finding.prohibits for finding in findings) else ""
    return {"6.1": {"answer": answer, "note": "\n".join(finding.message for finding in findings)}}


def _decision_facts(application: Application, assessment: Assessment | None) -> domain.AssessmentFacts | None:
    """The assessment's facts with the embargoes in force today: the list, not the form, decides."""
    if assessment is None:
        return None
    findings = selectors.application_embargo_findings(application, timezone.localdate())
    return dataclasses.replace(
        assessment.facts(),
        embargo_prohibitions=tuple(finding.message for finding in findings if finding.prohibits),
        embargo_cautions=tuple(finding.message for finding in findings if not finding.prohibits),
        article_6_1_note=(assessment.article_6 or {}).get("6.1", {}).get("note", ""))


def _clean_entries(entries: Mapping[str, Mapping[str, str]] | None, codes: tuple[str, ...], key: str,
                   allowed: tuple[str, ...], note_key: str, article: str) -> tuple[dict, list[str]]:
    cleaned, problems = {}, []
    for code, entry in (entries or {}).items():
        if code not in codes:
            problems.append(_("Article %(article)s: unknown criterion %(code)r") % {"article": article, "code": code})
            continue
        value = (entry.get(key) or "").strip()
        if value and value not in allowed:
            problems.append(_("%(code)s: %(value)r is not one of %(allowed)s") % {
                "code": code, "value": value, "allowed": _one_of(allowed)})
            continue
        cleaned[code] = {key: value, note_key: (entry.get(note_key) or "").strip()}
    return cleaned, problems


def assessment_save(*, actor, application: Application, article_6: Mapping[str, Mapping[str, str]] | None = None,
                    article_7: Mapping[str, Mapping[str, str]] | None = None, mitigation_measures: str = "",
                    overriding_risk: bool | None = None, overriding_risk_rationale: str = "",
                    diversion_risk: str = "", diversion_measures: str = "", diversion_notes: str = "",
                    risk_snapshot: dict | None = None) -> Assessment:
    """Record the assessment as it stands; it may be saved many times until the decision.

    ``risk_snapshot`` is the risk panel the assessor looked at (country context and this State's
    evidence of diversion), kept with the assessment so the decision can be read as it was taken.
    """
    policies.assessment_save(actor, application=application)
    if application.status != domain.UNDER_ASSESSMENT:
        raise ValidationFailed(_("only an application under assessment can be assessed; this one is %(status)s")
                               % {"status": _status_name(application.status)})
    six, problems = _clean_entries(article_6, domain.ARTICLE_6_CODES, "answer", domain.ANSWERS, "note", "6")
    seven, more = _clean_entries(article_7, domain.ARTICLE_7_CODES, "risk", domain.RISK_LEVELS, "evidence", "7")
    problems += more
    if diversion_risk and diversion_risk not in domain.RISK_LEVELS:
        problems.append(_("diversion risk %(risk)r is not one of %(levels)s") % {
            "risk": diversion_risk, "levels": _one_of(domain.RISK_LEVELS)})
    _refuse(problems)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(application=application)
        assessment.article_6, assessment.article_7 = six, seven
        assessment.mitigation_measures = mitigation_measures
        assessment.overriding_risk, assessment.overriding_risk_rationale = overriding_risk, overriding_risk_rationale
        assessment.diversion_risk, assessment.diversion_measures = diversion_risk, diversion_measures
        assessment.diversion_notes, assessment.assessed_by_name = diversion_notes, _name(actor)
        if risk_snapshot is not None:
            assessment.risk_snapshot, assessment.risk_snapshot_at = risk_snapshot, timezone.now()
        assessment.save()
        audit_record(actor=actor, action="assessment_save", object_type="licence_application",
                     object_id=application.id,
                     changes={"article_6": assessment.answers("6"), "article_7": assessment.answers("7"),
                              "overriding_risk": overriding_risk, "diversion_risk": diversion_risk,
                              "risk_snapshot": risk_snapshot is not None})
    return assessment


def application_decide(*, actor, application: Application, outcome: str, reasons: str,
                       conditions: str = "") -> Decision:
    """Approve, approve with conditions, or refuse; the treaty's refusals cannot be overridden."""
    policies.application_decide(actor, application=application)
    assessment = Assessment.objects.filter(application=application).first()
    _refuse(domain.decision_problems(outcome, _decision_facts(application, assessment), reasons=reasons,
                                     conditions=conditions))
    with transaction.atomic():
        before = _move(actor, application, outcome, note=reasons)
        actor_id, actor_name = actor_identity(actor)
        decision = Decision.objects.create(application=application, outcome=outcome, reasons=reasons.strip(),
                                           conditions=conditions.strip(), decided_by_id=actor_id,
                                           decided_by_name=actor_name, decided_at=timezone.now())
        audit_record(actor=actor, action="application_decide", object_type="licence_application",
                     object_id=application.id, changes={"outcome": outcome, "reasons": reasons,
                                                        "conditions": conditions,
                                                        "status": [before, application.status]})
    return decision


# --- licences ---------------------------------------------------------------------------------

def licence_issue(*, actor, application: Application, valid_from: date, valid_until: date, number: str = "",
                  conditions: str = "", quantities: Mapping[int, int] | None = None) -> Licence:
    """Issue the licence of an approved application; ``quantities`` (line -> number) may lower what
    was applied for, never raise it."""
    policies.licence_issue(actor, application=application)
    items = list(application.items.filter(voided_at__isnull=True))
    problems = []
    validity = domain.validity_problem(valid_from, valid_until)
    if validity:
        problems.append(validity)
    licensed = {item.line: item.quantity for item in items}
    for line, quantity in (quantities or {}).items():
        if line not in licensed:
            problems.append(_("item %(line)s is not on the application") % {"line": line})
        elif quantity < 0 or quantity > licensed[line]:
            problems.append(Message(gettext_noop("item %(line)s: %(quantity)s licensed is not between 0 and the "
                                                 "%(applied)s applied for"),
                                    {"line": line, "quantity": quantity, "applied": licensed[line]}))
    number = number.strip()
    if number and Licence.objects.filter(number=number).exists():
        problems.append(Message(gettext_noop("a licence %(number)r already exists"), {"number": number}))
    _refuse(problems)
    decision = getattr(application, "decision", None)
    with transaction.atomic():
        before = _move(actor, application, domain.ISSUE_LICENCE)
        all_conditions = "\n".join(part for part in (decision.conditions if decision else "", conditions.strip())
                                   if part)
        licence = Licence.objects.create(
            application=application, number=number or _next_reference("LIC", Licence, "number", valid_from.year),
            valid_from=valid_from, valid_until=valid_until, conditions=all_conditions, issued_by_name=_name(actor),
            issued_at=timezone.now())
        for item in items:
            item.licensed_quantity = (quantities or {}).get(item.line, item.quantity)
            item.save(update_fields=["licensed_quantity"])
        audit_record(actor=actor, action="licence_issue", object_type="licence", object_id=licence.id,
                     changes={"number": licence.number, "application": application.reference,
                              "valid_from": valid_from, "valid_until": valid_until,
                              "quantities": {str(item.line): item.licensed_quantity for item in items},
                              "status": [before, application.status]})
    return licence


def _end_licence(actor, licence: Licence, action: str, on: date, reason: str, audit_action: str) -> Licence:
    with transaction.atomic():
        before = _move(actor, licence.application, action, note=reason)
        licence.ended_on, licence.end_reason = on, reason
        licence.save(update_fields=["ended_on", "end_reason"])
        audit_record(actor=actor, action=audit_action, object_type="licence", object_id=licence.id,
                     changes={"on": on, "reason": reason, "status": [before, licence.application.status]})
    return licence


def licence_revoke(*, actor, licence: Licence, reason: str, on: date | None = None) -> Licence:
    policies.licence_revoke(actor, licence=licence)
    if not reason.strip():
        _refuse([Message(gettext_noop("say why the licence is revoked"))])
    return _end_licence(actor, licence, domain.REVOKE, on or timezone.localdate(), reason.strip(), "licence_revoke")


def licence_suspend(*, actor, licence: Licence, reason: str) -> Licence:
    """Stop deliveries under a licence until it is reinstated (while it is reassessed, for example)."""
    policies.licence_suspend(actor, licence=licence)
    if not reason.strip():
        _refuse([Message(gettext_noop("say why the licence is suspended"))])
    with transaction.atomic():
        before = _move(actor, licence.application, domain.SUSPEND, note=reason.strip())
        audit_record(actor=actor, action="licence_suspend", object_type="licence", object_id=licence.id,
                     changes={"reason": reason.strip(), "status": [before, licence.application.status]})
    return licence


def licence_reinstate(*, actor, licence: Licence, reason: str) -> Licence:
    """Let deliveries resume under a suspended licence, within its validity and quantities."""
    policies.licence_reinstate(actor, licence=licence)
    if not reason.strip():
        raise ValidationFailed(_("say why the licence is reinstated"))
    action = domain.reinstate_action(bool(_delivered_so_far(licence)))
    with transaction.atomic():
        before = _move(actor, licence.application, action, note=reason.strip())
        audit_record(actor=actor, action="licence_reinstate", object_type="licence", object_id=licence.id,
                     changes={"reason": reason.strip(), "status": [before, licence.application.status]})
    return licence


def licence_expire(*, actor, licence: Licence, today: date | None = None) -> Licence:
    """Close a licence whose validity has ended with quantities left undelivered."""
    policies.licence_expire(actor, licence=licence)
    today = today or timezone.localdate()
    if not domain.has_expired(licence.valid_until, today):
        _refuse([Message(gettext_noop("licence %(number)s is valid until %(valid_until)s"),
                         {"number": licence.number, "valid_until": licence.valid_until})])
    return _end_licence(actor, licence, domain.EXPIRE, today, f"validity ended on {licence.valid_until}",
                        "licence_expire")


# --- deliveries -------------------------------------------------------------------------------

def _delivered_so_far(licence: Licence) -> dict[int, int]:
    rows = (DeliveryLine.objects.filter(delivery__licence=licence, delivery__voided_at__isnull=True,
                                        voided_at__isnull=True)
            .values_list("item__line").annotate(total=Sum("quantity")))
    return dict(rows)


def _counterparty(application: Application) -> Actor | None:
    party = (application.parties.filter(voided_at__isnull=True, role=domain.END_USER, registry_actor__isnull=False)
             .first()
             or application.parties.filter(voided_at__isnull=True, role=domain.IMPORTER,
                                           registry_actor__isnull=False).first())
    return party.registry_actor if party else None


def delivery_record(*, actor, licence: Licence, shipped_on: date, lines: Iterable[Mapping[str, Any]],
                    reference: str = "", delivered_on: date | None = None, transit_countries: Iterable[str] = (),
                    notes: str = "") -> Delivery:
    """Record one shipment: quantities per licence line (never beyond the licence), the serial
    numbers shipped and the transit States.

    On an export, each serial found once in the registry gets an ``exported`` event carrying
    the delivery's reference, which is how the reports know not to count it a second time.
    """
    policies.delivery_record(actor, licence=licence)
    application = licence.application
    items = {item.line: item for item in application.items.filter(voided_at__isnull=True)}
    lines = [dict(line) for line in lines]
    problems = []
    if application.status not in domain.LICENCE_IN_FORCE:
        problems.append(Message(gettext_noop("licence %(number)s is not in force (the application is %(status)s)"),
                                {"number": licence.number, "status": application.status.replace("_", " ")}))
    if shipped_on is None:
        problems.append(_("give the date of shipment"))
    elif not domain.valid_on(licence.valid_from, licence.valid_until, shipped_on):
        problems.append(Message(gettext_noop("shipped on %(shipped_on)s, outside the licence's validity "
                                             "(%(valid_from)s to %(valid_until)s)"),
                                {"shipped_on": shipped_on, "valid_from": licence.valid_from,
                                 "valid_until": licence.valid_until}))
    if delivered_on is not None and shipped_on is not None and delivered_on < shipped_on:
        problems.append(Message(gettext_noop("delivered before it was shipped")))
    if shipped_on is not None:
        problems += [_("Article 6(1): %(embargo)s: this licence cannot be used; reassess it (Article 7(7))")
                     % {"embargo": translated(finding.message)}
                     for finding in selectors.application_embargo_findings(application, shipped_on)
                     if finding.prohibits]
    transit = [code.strip().upper() for code in transit_countries if code.strip()]
    for code in transit:
        problems += _country_problems(code, Message(gettext_noop("transit country")))
    shipment: dict[int, int] = {}
    for line in lines:
        number = int(line.get("line", 0))
        shipment[number] = shipment.get(number, 0) + int(line.get("quantity") or 0)
        serials = [serial for serial in line.get("serials", ()) if serial.strip()]
        if len(serials) > int(line.get("quantity") or 0):
            problems.append(Message(gettext_noop("item %(line)s: %(serials)s serial numbers for %(quantity)s items"),
                                    {"line": number, "serials": len(serials), "quantity": line.get("quantity")}))
    licensed = {number: item.licensed_quantity or 0 for number, item in items.items()}
    with transaction.atomic():
        # Lock the licence so that two shipments recorded at once cannot both use the same remainder.
        Licence.objects.select_for_update().filter(pk=licence.pk).first()
        delivered = _delivered_so_far(licence)
        problems += domain.delivery_problems({str(k): v for k, v in licensed.items()},
                                             {str(k): v for k, v in delivered.items()},
                                             {str(k): v for k, v in shipment.items()})
        reference = reference.strip() or f"{licence.number}/D{licence.deliveries.count() + 1}"
        if Delivery.objects.filter(reference=reference).exists():
            problems.append(_("a delivery %(reference)r already exists") % {"reference": reference})
        _refuse(problems)
        delivery = Delivery.objects.create(licence=licence, reference=reference, shipped_on=shipped_on,
                                           delivered_on=delivered_on, transit_countries=" ".join(transit),
                                           notes=notes, recorded_by_name=_name(actor))
        writer = EventWriter(actor=actor) if application.direction == domain.EXPORT else None
        counterparty = _counterparty(application) if writer else None
        destination = application.parties.filter(voided_at__isnull=True, role=domain.IMPORTER).first()
        exported, imported = [], 0
        for line in lines:
            item = items[int(line["line"])]
            if not int(line.get("quantity") or 0):
                continue
            value = _decimal(line.get("value"))
            delivery_line = DeliveryLine.objects.create(
                delivery=delivery, item=item, quantity=int(line["quantity"]), value=value,
                currency=(line.get("currency") or item.currency).upper() if value is not None else "")
            for serial in line.get("serials", ()):
                if not serial.strip():
                    continue
                if application.direction == domain.IMPORT:
                    weapon, seq = _import_into_registry(actor, application, licence, item, serial,
                                                        delivered_on or shipped_on, reference)
                    DeliveredWeapon.objects.create(line=delivery_line, serial_number=serial.strip(), weapon=weapon,
                                                   registry_event_seq=seq)
                    imported += 1
                    continue
                weapon = weapon_with_serial(serial, application.jurisdiction.path)
                seq = None
                if weapon is not None and writer is not None and not transition_problem(weapon.status or None,
                                                                                         "exported"):
                    seq = writer.append(weapon_id=weapon.id, event_type="exported", occurred_on=shipped_on,
                                        counterparty_id=counterparty.id if counterparty else None,
                                        location_country=destination.country if destination else "",
                                        document_ref=reference, note=f"licence {licence.number}")
                    exported.append(weapon)
                DeliveredWeapon.objects.create(line=delivery_line, serial_number=serial.strip(), weapon=weapon,
                                               registry_event_seq=seq)
        if writer is not None:
            writer.close()
            for weapon in exported:
                weapon_reproject(weapon)
        for number, quantity in shipment.items():
            delivered[number] = delivered.get(number, 0) + quantity
        action = domain.delivery_action({str(k): v for k, v in licensed.items()},
                                        {str(k): v for k, v in delivered.items()})
        before = application.status
        if not (action == domain.DELIVER_PART and before == domain.PARTIALLY_DELIVERED):
            _move(actor, application, action, note=reference)
        audit_record(actor=actor, action="delivery_record", object_type="licence", object_id=licence.id,
                     changes={"delivery": delivery.id, "reference": reference, "shipped_on": shipped_on,
                              "quantities": {str(k): v for k, v in shipment.items()}, "transit": transit,
                              "exported_events": len(exported), "imported_weapons": imported,
                              "status": [before, application.status]})
    return delivery


def _import_into_registry(actor, application: Application, licence: Licence, item: ApplicationItem, serial: str,
                          arrived_on: date, reference: str) -> tuple[Weapon, int | None]:
    """An imported serial joins the registry: its record gets an ``imported`` event, or is created
    with one, carrying the delivery's reference (so the reports count it once)."""
    exporter = application.parties.filter(voided_at__isnull=True, role=domain.EXPORTER).first()
    weapon = weapon_import_record(
        actor=actor, jurisdiction=application.jurisdiction, serial_number=serial, imported_on=arrived_on,
        document_ref=reference, model=item.description, calibre=item.calibre, weapon_type=item.weapon_type_id,
        import_country=exporter.country if exporter else "", holder=_counterparty(application),
        counterparty=exporter.registry_actor if exporter else None,
        location_country=application.jurisdiction.country, note=f"licence {licence.number}")
    seq = Event.objects.filter(weapon=weapon, event_type="imported", document_ref=reference) \
        .order_by("-seq").values_list("seq", flat=True).first()
    return weapon, seq


def delivery_check(*, actor, delivery: Delivery, status: str, checked_on: date, method: str = "",
                   note: str = "") -> Delivery:
    """Record the post-shipment check: did the items reach the declared end user?"""
    policies.delivery_check(actor, delivery=delivery)
    problems = []
    if status not in domain.DELIVERY_CHECK_STATUSES:
        problems.append(_("unknown check status %(status)r; one of: %(statuses)s") % {
            "status": status, "statuses": _one_of(domain.DELIVERY_CHECK_STATUSES)})
    if method and method not in domain.DELIVERY_CHECK_METHODS:
        problems.append(_("unknown check method %(method)r; one of: %(methods)s") % {
            "method": method, "methods": _one_of(domain.DELIVERY_CHECK_METHODS)})
    if status != domain.CHECK_PENDING and not method:
        problems.append(_("say how the delivery was checked"))
    if checked_on is None:
        problems.append(_("give the date of the check"))
    if status == domain.CHECK_DISCREPANCY and not note.strip():
        problems.append(_("describe the discrepancy"))
    _refuse(problems)
    with transaction.atomic():
        before = delivery.check_status
        delivery.check_status, delivery.check_method, delivery.checked_on = status, method, checked_on
        delivery.check_note, delivery.checked_by_name = note, _name(actor)
        delivery.save(update_fields=["check_status", "check_method", "checked_on", "check_note", "checked_by_name"])
        audit_record(actor=actor, action="delivery_check", object_type="delivery", object_id=delivery.id,
                     changes={"status": [before, status], "method": method, "checked_on": checked_on,
                              "note": note})
    return delivery


# --- Article 6(1): the embargo list -------------------------------------------------------------

EMBARGO_SEED = Path(__file__).parent / "data" / "un_arms_embargoes.csv"
SEED_NOTE = "verify against the official list (un.org/securitycouncil/sanctions) before relying on it"


def embargo_record(*, actor, country: str, regime: str, resolution: str, scope: str, starts_on: date,
                   ends_on: date | None = None, ended_by: str = "", covers_exports_from: bool = False,
                   source_url: str = "", notes: str = "", verified_on: date | None = None) -> ArmsEmbargo:
    """Add an arms embargo to the dated list. Applications it covers today are flagged for reassessment."""
    policies.embargo_record(actor)
    country = country.strip().upper()
    _refuse(_country_problems(country, Message(gettext_noop("embargoed country")))
            + embargoes.embargo_problems(scope, starts_on, ends_on, resolution))
    with transaction.atomic():
        embargo = ArmsEmbargo.objects.create(
            country=country, regime=regime.strip(), resolution=resolution.strip(), scope=scope, starts_on=starts_on,
            ends_on=ends_on, ended_by=ended_by.strip(), covers_exports_from=covers_exports_from,
            source_url=source_url.strip(), notes=notes.strip(), verified_on=verified_on,
            verified_by_name=_name(actor) if verified_on else "", recorded_by_name=_name(actor))
        flagged = _flag_applications_covered_by(embargo)
        audit_record(actor=actor, action="embargo_record", object_type="arms_embargo", object_id=embargo.id,
                     changes={"country": country, "resolution": embargo.resolution, "scope": scope,
                              "starts_on": starts_on, "ends_on": ends_on,
                              "flagged": [flag.application.reference for flag in flagged]})
    return embargo


def _flag_applications_covered_by(embargo: ArmsEmbargo) -> list[ReassessmentFlag]:
    flags = [_flag(application, reason=f"a new arms embargo is in force: {finding.message}", embargo=embargo)
             for application, finding in selectors.applications_covered_by(embargo)]
    return [flag for flag in flags if flag is not None]


def embargo_end(*, actor, embargo: ArmsEmbargo, ends_on: date, ended_by: str) -> ArmsEmbargo:
    """Record the day an embargo was lifted and the resolution that lifted it."""
    policies.embargo_end(actor)
    problems = embargoes.embargo_problems(embargo.scope, embargo.starts_on, ends_on, embargo.resolution)
    if ends_on is None:
        problems.append(Message(gettext_noop("give the day the embargo ended")))
    if not ended_by.strip():
        problems.append(Message(gettext_noop("name the resolution that lifted the embargo")))
    _refuse(problems)
    with transaction.atomic():
        before = embargo.ends_on
        embargo.ends_on, embargo.ended_by = ends_on, ended_by.strip()
        embargo.save(update_fields=["ends_on", "ended_by"])
        audit_record(actor=actor, action="embargo_end", object_type="arms_embargo", object_id=embargo.id,
                     changes={"ends_on": [before, ends_on], "ended_by": embargo.ended_by})
    return embargo


def embargo_verify(*, actor, embargo: ArmsEmbargo, verified_on: date, source_url: str = "") -> ArmsEmbargo:
    """Say that the entry was checked against the Security Council's official list."""
    policies.embargo_verify(actor)
    with transaction.atomic():
        embargo.verified_on, embargo.verified_by_name = verified_on, _name(actor)
        if source_url.strip():
            embargo.source_url = source_url.strip()
        embargo.save(update_fields=["verified_on", "verified_by_name", "source_url"])
        audit_record(actor=actor, action="embargo_verify", object_type="arms_embargo", object_id=embargo.id,
                     changes={"verified_on": verified_on, "source_url": embargo.source_url})
    return embargo


def embargo_void(*, actor, embargo: ArmsEmbargo, reason: str) -> ArmsEmbargo:
    """Withdraw an entry made in error (an embargo that ended is ended, not voided)."""
    policies.embargo_void(actor)
    if not reason.strip():
        _refuse([Message(gettext_noop("say why the entry is withdrawn"))])
    with transaction.atomic():
        embargo.voided_at, embargo.void_reason = timezone.now(), reason.strip()
        embargo.voided_by = actor if getattr(actor, "pk", None) is not None else None
        embargo.save(update_fields=["voided_at", "void_reason", "voided_by"])
        audit_record(actor=actor, action="embargo_void", object_type="arms_embargo", object_id=embargo.id,
                     changes={"reason": reason.strip()})
    return embargo


def embargoes_seed_load(*, actor) -> int:
    """Load the shipped seed list once: entries already present (same country, resolution and
    start) are left as the administrator keeps them. Every seed entry is unverified. Applications
    an added entry covers today are flagged for reassessment, as for any new entry."""
    policies.embargoes_seed_load(actor)
    with EMBARGO_SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    added = 0
    with transaction.atomic():
        for row in rows:
            starts_on = date.fromisoformat(row["starts_on"])
            if ArmsEmbargo.objects.filter(country=row["country"], resolution=row["resolution"],
                                          starts_on=starts_on).exists():
                continue
            embargo = ArmsEmbargo.objects.create(
                country=row["country"], regime=row["regime"], resolution=row["resolution"], scope=row["scope"],
                starts_on=starts_on, ends_on=date.fromisoformat(row["ends_on"]) if row["ends_on"] else None,
                ended_by=row["ended_by"], covers_exports_from=row["covers_exports_from"] == "true",
                source_url=row["source_url"], notes="; ".join(filter(None, [row["notes"], SEED_NOTE])),
                recorded_by_name=_name(actor))
            _flag_applications_covered_by(embargo)
            added += 1
        if added:
            audit_record(actor=actor, action="embargoes_seed_load", object_type="arms_embargo",
                         changes={"added": added, "file": EMBARGO_SEED.name})
    return added


# --- Article 7(7): reassessment -----------------------------------------------------------------

def _flag(application: Application, *, reason: str, party: Party | None = None, trace_outcome=None,
          embargo: ArmsEmbargo | None = None) -> ReassessmentFlag | None:
    """One flag per application and cause; the same cause raised again changes nothing (an item's
    outcome coded again is the same cause while its flag is open)."""
    same_cause = ReassessmentFlag.objects.filter(application=application, voided_at__isnull=True)
    if trace_outcome is not None and (
            same_cause.filter(trace_outcome=trace_outcome).exists()
            or same_cause.filter(resolved_at__isnull=True, trace_outcome__item_id=trace_outcome.item_id).exists()):
        return None
    if embargo is not None and same_cause.filter(embargo=embargo).exists():
        return None
    return ReassessmentFlag.objects.create(application=application, party=party, trace_outcome=trace_outcome,
                                           embargo=embargo, reason=reason)


def reassessment_flags_raise(*, actor, trace_outcome) -> list[ReassessmentFlag]:
    """Flag every application a trace outcome ends at (its end user or one of its delivered weapons)."""
    policies.reassessment_flags_raise(actor)
    with transaction.atomic():
        flags = [_flag(link.application, reason=link.reason, party=link.party, trace_outcome=trace_outcome)
                 for link in selectors.applications_linked_to_trace(trace_outcome)]
        flags = [flag for flag in flags if flag is not None]
        if flags:
            audit_record(actor=actor, action="reassessment_flags_raise", object_type="trace_outcome",
                         object_id=trace_outcome.id,
                         changes={"applications": [flag.application.reference for flag in flags]})
    return flags


def reassessment_resolve(*, actor, flag: ReassessmentFlag, resolution: str, note: str,
                         revoked_on: date | None = None) -> ReassessmentFlag:
    """Close a flag with what the reassessment concluded; "revoked" and "suspended" also revoke or
    suspend the licence in the same step."""
    policies.reassessment_resolve(actor, flag=flag)
    problems = []
    if resolution not in domain.REASSESSMENT_RESOLUTIONS:
        problems.append(Message(gettext_noop("resolution %(resolution)r is not one of %(resolutions)s"),
                                {"resolution": resolution, "resolutions": _one_of(domain.REASSESSMENT_RESOLUTIONS)}))
    if not note.strip():
        problems.append(Message(gettext_noop("write what the reassessment found")))
    if not flag.is_open:
        problems.append(_("this flag was already resolved"))
    licence = getattr(flag.application, "licence", None)
    if resolution == domain.REASSESSED_REVOKED and (licence is None or
                                                      flag.application.status not in domain.LICENCE_NOT_ENDED):
        problems.append(Message(gettext_noop("only a licence in force or suspended can be revoked")))
    if resolution == domain.REASSESSED_SUSPENDED and (licence is None or
                                                        flag.application.status not in domain.LICENCE_IN_FORCE):
        problems.append(Message(gettext_noop("only a licence in force can be suspended")))
    _refuse(problems)
    with transaction.atomic():
        if resolution == domain.REASSESSED_REVOKED:
            licence_revoke(actor=actor, licence=licence, reason=f"Article 7(7) reassessment: {note.strip()}",
                           on=revoked_on)
        elif resolution == domain.REASSESSED_SUSPENDED:
            licence_suspend(actor=actor, licence=licence, reason=f"Article 7(7) reassessment: {note.strip()}")
        flag.resolved_at, flag.resolved_by_name = timezone.now(), _name(actor)
        flag.resolution, flag.resolution_note = resolution, note.strip()
        flag.save(update_fields=["resolved_at", "resolved_by_name", "resolution", "resolution_note"])
        audit_record(actor=actor, action="reassessment_resolve", object_type="licence_application",
                     object_id=flag.application_id, changes={"flag": flag.id, "resolution": resolution,
                                                            "note": note.strip()})
    return flag
