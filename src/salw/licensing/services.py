"""Every write of transfer control. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from salw.core.audit import actor_identity, audit_record
from salw.core.errors import Problem, ValidationFailed
from salw.licensing import domain, policies
from salw.licensing.documents import document_store
from salw.licensing.models import (
    Application,
    ApplicationItem,
    ApplicationStatusChange,
    Assessment,
    Decision,
    DeliveredWeapon,
    Delivery,
    DeliveryLine,
    EndUserDocument,
    Licence,
    Party,
)
from salw.registry.domain import serial_key, transition_problem
from salw.registry.events import EventWriter
from salw.registry.models import Actor, Weapon
from salw.registry.services import weapon_reproject
from salw.vocabularies.models import Country, WeaponType


def _name(actor) -> str:
    return actor_identity(actor)[1]


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationFailed([Problem(message=problem) for problem in problems])


def _country_problems(code: str, what: str) -> list[str]:
    problem = domain.country_code_problem(code)
    if problem:
        return [f"{what}: {problem}"]
    if not Country.objects.filter(iso3=code).exists():
        return [f"{what}: {code} is not a known country"]
    return []


def _move(actor, application: Application, action: str, note: str = "") -> str:
    """Take one workflow step: check it, save the new status and keep the step in the history."""
    problem = domain.transition_problem(application.status, action)
    if problem:
        raise ValidationFailed(problem)
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


def _require_editable(application: Application, what: str) -> None:
    # Parties, items and documents may be added until the decision; after it they are the record.
    if application.status not in (domain.DRAFT, domain.SUBMITTED, domain.UNDER_ASSESSMENT):
        raise ValidationFailed(f"{what} cannot be added to an application that is "
                               f"{application.status.replace('_', ' ')}")


# --- applications, parties, items -------------------------------------------------------------

def application_create(*, actor, jurisdiction, direction: str, applicant: str, received_on: date,
                       reference: str = "", end_use: str = "", notes: str = "",
                       parties: Iterable[Mapping[str, Any]] = (), items: Iterable[Mapping[str, Any]] = ()
                       ) -> Application:
    """Receive an application (a draft), optionally with its parties and items."""
    policies.application_create(actor, jurisdiction=jurisdiction)
    problems = []
    if direction not in domain.DIRECTIONS:
        problems.append(f"unknown direction {direction!r}; one of: {', '.join(domain.DIRECTIONS)}")
    if not applicant.strip():
        problems.append("name the applicant")
    if received_on is None:
        problems.append("give the date the application was received")
    elif received_on > timezone.localdate():
        problems.append("the date received is in the future")
    reference = reference.strip()
    if reference and Application.objects.filter(reference=reference).exists():
        problems.append(f"an application {reference!r} already exists")
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
    _require_editable(application, "parties")
    country = (country or "").strip().upper()
    problems = []
    if role not in domain.PARTY_ROLES:
        problems.append(f"unknown party role {role!r}; one of: {', '.join(domain.PARTY_ROLES)}")
    if not name.strip():
        problems.append("name the party")
    problems += _country_problems(country, "country")
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
        raise ValidationFailed(f"{value!r} is not an amount") from None


def application_item_add(*, actor, application: Application, description: str, quantity: int,
                         weapon_type: str | None = None, unroca: str = "", calibre: str = "",
                         control_list_entry: str = "", value: Decimal | str | None = None,
                         currency: str = "") -> ApplicationItem:
    policies.application_item_add(actor, application=application)
    _require_editable(application, "items")
    value = _decimal(value)
    currency = (currency or "").strip().upper()
    problems = []
    if not description.strip():
        problems.append("describe the item")
    if quantity is None or quantity < 1:
        problems.append("the quantity must be at least 1")
    known_type = WeaponType.objects.filter(code=weapon_type).first() if weapon_type else None
    if weapon_type and known_type is None:
        problems.append(f"unknown weapon type {weapon_type!r}")
    if value is not None and value < 0:
        problems.append("a value cannot be negative")
    if value is not None and (len(currency) != 3 or not currency.isalpha()):
        problems.append("give the value's currency as a three-letter ISO 4217 code")
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
    _require_editable(application, "end-user documents")
    issuing_country = (issuing_country or "").strip().upper()
    problems = []
    if document_type not in domain.DOCUMENT_TYPES:
        problems.append(f"unknown document type {document_type!r}; one of: {', '.join(domain.DOCUMENT_TYPES)}")
    if not number.strip():
        problems.append("give the document's number")
    if not issuing_authority.strip():
        problems.append("name the issuing authority")
    problems += _country_problems(issuing_country, "issuing country")
    if issued_on is None:
        problems.append("give the date of issue")
    elif valid_until is not None and valid_until < issued_on:
        problems.append("the document would expire before it was issued")
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
        problems.append(f"unknown verification status {status!r}")
    if verified_on is None:
        problems.append("give the date of the verification")
    if status == domain.VERIFICATION_FAILED and not note.strip():
        problems.append("say why the document failed verification")
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
        problems.append("an application needs at least one item")
    needed = {domain.EXPORT: (domain.IMPORTER, domain.END_USER), domain.IMPORT: (domain.EXPORTER, domain.END_USER),
              domain.TRANSIT: (domain.EXPORTER, domain.IMPORTER), domain.BROKERING: (domain.BROKER, domain.END_USER)}
    for role in needed[application.direction]:
        if role not in roles:
            problems.append(f"a {application.direction} application needs its {role.replace('_', ' ')}")
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
        assessment, _ = Assessment.objects.get_or_create(application=application,
                                                         defaults={"assessed_by_name": _name(actor)})
        audit_record(actor=actor, action="assessment_start", object_type="licence_application",
                     object_id=application.id, changes={"status": [before, application.status]})
    return assessment


def _clean_entries(entries: Mapping[str, Mapping[str, str]] | None, codes: tuple[str, ...], key: str,
                   allowed: tuple[str, ...], note_key: str, article: str) -> tuple[dict, list[str]]:
    cleaned, problems = {}, []
    for code, entry in (entries or {}).items():
        if code not in codes:
            problems.append(f"Article {article}: unknown criterion {code!r}")
            continue
        value = (entry.get(key) or "").strip()
        if value and value not in allowed:
            problems.append(f"{code}: {value!r} is not one of {', '.join(allowed)}")
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
        raise ValidationFailed(f"only an application under assessment can be assessed; this one is "
                               f"{application.status.replace('_', ' ')}")
    six, problems = _clean_entries(article_6, domain.ARTICLE_6_CODES, "answer", domain.ANSWERS, "note", "6")
    seven, more = _clean_entries(article_7, domain.ARTICLE_7_CODES, "risk", domain.RISK_LEVELS, "evidence", "7")
    problems += more
    if diversion_risk and diversion_risk not in domain.RISK_LEVELS:
        problems.append(f"diversion risk {diversion_risk!r} is not one of {', '.join(domain.RISK_LEVELS)}")
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
    _refuse(domain.decision_problems(outcome, assessment.facts() if assessment else None, reasons=reasons,
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
            problems.append(f"item {line} is not on the application")
        elif quantity < 0 or quantity > licensed[line]:
            problems.append(f"item {line}: {quantity} licensed is not between 0 and the {licensed[line]} applied for")
    number = number.strip()
    if number and Licence.objects.filter(number=number).exists():
        problems.append(f"a licence {number!r} already exists")
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
        raise ValidationFailed("say why the licence is revoked")
    return _end_licence(actor, licence, domain.REVOKE, on or timezone.localdate(), reason.strip(), "licence_revoke")


def licence_expire(*, actor, licence: Licence, today: date | None = None) -> Licence:
    """Close a licence whose validity has ended with quantities left undelivered."""
    policies.licence_expire(actor, licence=licence)
    today = today or timezone.localdate()
    if not domain.has_expired(licence.valid_until, today):
        raise ValidationFailed(f"licence {licence.number} is valid until {licence.valid_until}")
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


def _registry_weapon(application: Application, serial: str) -> Weapon | None:
    key = serial_key(serial)
    if not key:
        return None
    matches = list(Weapon.objects.filter(serial_key=key, voided_at__isnull=True,
                                         jurisdiction__path__startswith=application.jurisdiction.path)[:2])
    # Two registry weapons with the same serial cannot be told apart here: link neither.
    return matches[0] if len(matches) == 1 else None


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
        problems.append(f"licence {licence.number} is not in force (the application is "
                        f"{application.status.replace('_', ' ')})")
    if shipped_on is None:
        problems.append("give the date of shipment")
    elif not domain.valid_on(licence.valid_from, licence.valid_until, shipped_on):
        problems.append(f"shipped on {shipped_on}, outside the licence's validity "
                        f"({licence.valid_from} to {licence.valid_until})")
    if delivered_on is not None and shipped_on is not None and delivered_on < shipped_on:
        problems.append("delivered before it was shipped")
    transit = [code.strip().upper() for code in transit_countries if code.strip()]
    for code in transit:
        problems += _country_problems(code, "transit country")
    shipment: dict[int, int] = {}
    for line in lines:
        number = int(line.get("line", 0))
        shipment[number] = shipment.get(number, 0) + int(line.get("quantity") or 0)
        serials = [serial for serial in line.get("serials", ()) if serial.strip()]
        if len(serials) > int(line.get("quantity") or 0):
            problems.append(f"item {number}: {len(serials)} serial numbers for {line.get('quantity')} items")
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
            problems.append(f"a delivery {reference!r} already exists")
        _refuse(problems)
        delivery = Delivery.objects.create(licence=licence, reference=reference, shipped_on=shipped_on,
                                           delivered_on=delivered_on, transit_countries=" ".join(transit),
                                           notes=notes, recorded_by_name=_name(actor))
        writer = EventWriter(actor=actor) if application.direction == domain.EXPORT else None
        counterparty = _counterparty(application) if writer else None
        destination = application.parties.filter(voided_at__isnull=True, role=domain.IMPORTER).first()
        exported = []
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
                weapon = _registry_weapon(application, serial)
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
                              "exported_events": len(exported), "status": [before, application.status]})
    return delivery


def delivery_check(*, actor, delivery: Delivery, status: str, checked_on: date, method: str = "",
                   note: str = "") -> Delivery:
    """Record the post-shipment check: did the items reach the declared end user?"""
    policies.delivery_check(actor, delivery=delivery)
    problems = []
    if status not in domain.DELIVERY_CHECK_STATUSES:
        problems.append(f"unknown check status {status!r}; one of: {', '.join(domain.DELIVERY_CHECK_STATUSES)}")
    if method and method not in domain.DELIVERY_CHECK_METHODS:
        problems.append(f"unknown check method {method!r}; one of: {', '.join(domain.DELIVERY_CHECK_METHODS)}")
    if status != domain.CHECK_PENDING and not method:
        problems.append("say how the delivery was checked")
    if checked_on is None:
        problems.append("give the date of the check")
    if status == domain.CHECK_DISCREPANCY and not note.strip():
        problems.append("describe the discrepancy")
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
