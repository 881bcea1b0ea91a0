"""Every write of tracing. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salw.core.audit import actor_identity, audit_record
from salw.core.errors import NotFound, Problem, ValidationFailed
from salw.core.selectors import national_jurisdiction
from salw.core.translation import translated
from salw.registry.domain import OUT_OF_CONTROL, serial_key
from salw.registry.models import Weapon
from salw.tracing import codes, matching, message, outcomes, policies, workflow
from salw.tracing.domain import WeaponDescription
from salw.tracing.models import (
    Alert,
    ItemMatch,
    MarkingPhoto,
    SeizedItem,
    Seizure,
    TraceOutcome,
    TraceRequest,
    TraceResponse,
    TraceStatusChange,
)
from salw.tracing.photos import photo_store
from salw.tracing.responsibility import responsible_users
from salw.tracing.signals import trace_outcome_recorded
from salw.vocabularies.selectors import vocabulary_resolver

MATCH_CANDIDATES = 10
_COUNTRY_FIELD_LABELS = {
    "country": gettext_lazy("country"),
    "country_of_manufacture": gettext_lazy("country of manufacture"),
    "recipient_country": gettext_lazy("recipient country"),
    "responder_country": gettext_lazy("responder country"),
    "last_legal_holder_country": gettext_lazy("last legal holder country"),
    "diversion_country": gettext_lazy("diversion country"),
}
ITEM_FIELDS = ("item_kind", "quantity", "serial_number", "marking_status", "manufacturer", "model",
               "calibre", "weapon_type", "country_of_manufacture", "year_of_manufacture", "other_marks",
               "antique", "notes")


# --- seizures --------------------------------------------------------------------------------

def seizure_record(*, actor, jurisdiction, kind: str, occurred_on: date, legal_justification: str,
                   items: list[dict[str, Any]] = (), country: str = "", admin1: str = "", place: str = "",
                   latitude: float | None = None, longitude: float | None = None, agency: str = "",
                   legal_justification_text: str = "", criminal_context: str = "",
                   criminal_context_text: str = "", case_reference: str = "", notes: str = "") -> Seizure:
    """Record a seizure, recovery or surrender with its items; each item is matched at once."""
    policies.seizure_record(actor, jurisdiction=jurisdiction)
    problems = _seizure_problems(kind, occurred_on, legal_justification, criminal_context, country,
                                 latitude, longitude)
    cleaned_items = []
    for number, fields in enumerate(items, start=1):
        cleaned, item_problems = _clean_item(fields)
        problems += [_("item %(number)s: %(problem)s") % {"number": number, "problem": problem}
                     for problem in item_problems]
        cleaned_items.append(cleaned)
    if problems:
        raise ValidationFailed([Problem(message=problem) for problem in problems])
    candidates = [_identify(cleaned) for cleaned in cleaned_items]
    with transaction.atomic():
        seizure = Seizure.objects.create(
            kind=kind, occurred_on=occurred_on, country=country.upper(), admin1=admin1, place=place,
            latitude=latitude, longitude=longitude, agency=agency, legal_justification=legal_justification,
            legal_justification_text=legal_justification_text, criminal_context=criminal_context,
            criminal_context_text=criminal_context_text, case_reference=case_reference.strip(),
            jurisdiction=jurisdiction, notes=notes, recorded_by_name=actor_identity(actor)[1],
        )
        audit_record(actor=actor, action="seizure_record", object_type="seizure", object_id=seizure.id,
                     changes={"kind": kind, "occurred_on": occurred_on, "case_reference": case_reference,
                              "jurisdiction": jurisdiction.code, "items": len(cleaned_items)})
        for cleaned, matches in zip(cleaned_items, candidates, strict=True):
            _item_create(actor, seizure, cleaned, matches)
    return seizure


def seized_item_add(*, actor, seizure: Seizure, **fields: Any) -> SeizedItem:
    """Add one item to a recorded seizure and match it against the registry."""
    policies.seized_item_add(actor, seizure=seizure)
    cleaned, problems = _clean_item(fields)
    if problems:
        raise ValidationFailed([Problem(message=problem) for problem in problems])
    matches = _identify(cleaned)
    with transaction.atomic():
        return _item_create(actor, seizure, cleaned, matches)


def marking_photo_add(*, actor, item: SeizedItem, content: bytes, original_name: str) -> MarkingPhoto:
    """Attach a photograph of the item's markings (checked, stored once under its SHA-256)."""
    policies.marking_photo_add(actor, item=item)
    stored = photo_store(content, original_name)
    with transaction.atomic():
        photo = MarkingPhoto.objects.create(
            item=item, original_name=original_name[:300], stored_path=stored.stored_path,
            sha256=stored.sha256, content_type=stored.content_type, size=stored.size,
        )
        audit_record(actor=actor, action="marking_photo_add", object_type="seized_item", object_id=item.id,
                     changes={"photo": photo.id, "sha256": stored.sha256, "size": stored.size})
    return photo


def _seizure_problems(kind, occurred_on, legal_justification, criminal_context, country,
                      latitude, longitude) -> list[str]:
    problems = []
    if kind not in codes.SEIZURE_KINDS:
        problems.append(_not_one_of(kind, codes.SEIZURE_KINDS))
    if not isinstance(occurred_on, date):
        problems.append(_("the date of the seizure is required"))
    elif occurred_on > timezone.localdate():
        problems.append(_("the date of the seizure is in the future"))
    if legal_justification not in codes.LEGAL_JUSTIFICATIONS:
        problems.append(_("unknown legal justification %(code)r; codes: %(codes)s") % {
            "code": legal_justification, "codes": ", ".join(codes.LEGAL_JUSTIFICATIONS)})
    if criminal_context and criminal_context not in codes.CRIMINAL_CONTEXTS:
        problems.append(_("unknown criminal context %(code)r; codes: %(codes)s") % {
            "code": criminal_context, "codes": ", ".join(codes.CRIMINAL_CONTEXTS)})
    problems += _country_problems("country", country)
    if (latitude is None) != (longitude is None):
        problems.append(_("give both latitude and longitude, or neither"))
    elif latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        problems.append(_("latitude must lie within -90..90 and longitude within -180..180"))
    return problems


def _country_problems(name: str, code: str) -> list[str]:
    if code and code.upper() not in vocabulary_resolver().countries:
        return [_("%(field)s must be an ISO 3166-1 alpha-3 code, not %(code)r") % {
            "field": _COUNTRY_FIELD_LABELS[name], "code": code}]
    return []


def _not_one_of(kind: str, kinds: tuple[str, ...]) -> str:
    return _("kind must be one of %(kinds)s, not %(kind)r") % {"kinds": ", ".join(kinds), "kind": kind}


def _clean_item(fields: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        return {}, [_("unknown item fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}]
    cleaned = {"item_kind": codes.WEAPON, "quantity": 1, "serial_number": "", "marking_status": "legible",
               "manufacturer": "", "model": "", "calibre": "", "weapon_type": "",
               "country_of_manufacture": "", "year_of_manufacture": None, "other_marks": "",
               "antique": False, "notes": ""}
    cleaned.update({key: value for key, value in fields.items() if value is not None})
    for name in ("serial_number", "manufacturer", "model", "calibre", "weapon_type", "other_marks"):
        cleaned[name] = str(cleaned[name]).strip()
    cleaned["country_of_manufacture"] = str(cleaned["country_of_manufacture"]).strip().upper()
    problems = []
    if cleaned["item_kind"] not in codes.ITEM_KINDS:
        problems.append(_not_one_of(cleaned["item_kind"], codes.ITEM_KINDS))
    if cleaned["marking_status"] not in codes.MARKING_STATUSES:
        problems.append(_("marking status must be one of %(statuses)s") % {
            "statuses": ", ".join(codes.MARKING_STATUSES)})
    if not isinstance(cleaned["quantity"], int) or cleaned["quantity"] < 1:
        problems.append(_("quantity must be a whole number of at least 1"))
    # SDG 16.4.2 counts weapons, not lines: each weapon is a row of its own.
    elif cleaned["item_kind"] == codes.WEAPON and cleaned["quantity"] != 1:
        problems.append(_("record each weapon as an item of its own (quantity 1)"))
    if cleaned["weapon_type"] and cleaned["weapon_type"] not in vocabulary_resolver().weapon_types:
        problems.append(_("unknown weapon type %(code)r") % {"code": cleaned["weapon_type"]})
    problems += _country_problems("country_of_manufacture", cleaned["country_of_manufacture"])
    year = cleaned["year_of_manufacture"]
    if year is not None and (not isinstance(year, int) or not 1300 <= year <= timezone.localdate().year):
        problems.append(_("year of manufacture %(year)r is not a plausible year") % {"year": year})
    elif cleaned["antique"] and year is not None and year > codes.LAST_ANTIQUE_YEAR:
        problems.append(_("a weapon made after %(year)s is never an antique") % {"year": codes.LAST_ANTIQUE_YEAR})
    return cleaned, problems


@dataclass(frozen=True)
class _Candidate:
    weapon_id: Any
    source: str
    record_id: str
    score: float
    explanation: list[str]


def _identify(cleaned: dict[str, Any]) -> list[_Candidate]:
    """Registry weapons at or above the engine's operating threshold, best first."""
    if cleaned["item_kind"] == codes.AMMUNITION:
        return []
    description = WeaponDescription(
        serial_number=cleaned["serial_number"], manufacturer=cleaned["manufacturer"],
        model=cleaned["model"], calibre=cleaned["calibre"], weapon_type=cleaned["weapon_type"],
        country_of_manufacture=cleaned["country_of_manufacture"],
        year_of_manufacture=cleaned["year_of_manufacture"],
    )
    # The whole registry, not what the seizing officer may see: a weapon stolen elsewhere in the
    # country must still be recognised.
    found = matching.identify(description, top=MATCH_CANDIDATES, actor=None)
    return [_Candidate(match.weapon_id, match.source, match.record_id, float(match.score),
                       list(match.explanation))
            for match in found if match.score >= matching.OPERATING_THRESHOLD]


def _item_create(actor, seizure: Seizure, cleaned: dict[str, Any], candidates: list[_Candidate]) -> SeizedItem:
    item = SeizedItem.objects.create(seizure=seizure, serial_key=serial_key(cleaned["serial_number"]),
                                     **cleaned)
    alerted = []
    for candidate in candidates:
        weapon = Weapon.objects.select_related("jurisdiction").filter(id=candidate.weapon_id).first()
        if weapon is None:
            continue
        match = ItemMatch.objects.create(
            item=item, weapon=weapon, source=candidate.source, record_id=candidate.record_id,
            score=candidate.score, explanation=candidate.explanation, weapon_status=weapon.status,
        )
        alerted += _alerts_create(seizure, item, match, weapon)
    audit_record(actor=actor, action="seized_item_add", object_type="seized_item", object_id=item.id,
                 changes={"seizure": seizure.id, "item_kind": item.item_kind,
                          "serial_number": item.serial_number,
                          "matches": [[c.source, c.record_id, round(c.score, 4)] for c in candidates],
                          "alerted": sorted(alerted)})
    return item


def _alerts_create(seizure: Seizure, item: SeizedItem, match: ItemMatch, weapon: Weapon) -> list[str]:
    missing = weapon.status in OUT_OF_CONTROL
    kind = codes.ALERT_REPORTED_MISSING if missing else codes.ALERT_REGISTRY_HIT
    state = f"recorded as {weapon.status}" if weapon.status else "in the registry"
    text = (f"A {seizure.kind} item ({item.serial_number or 'no serial'}, {seizure.occurred_on}, "
            f"{seizure.jurisdiction.name}) probably is weapon {weapon.record_id} "
            f"({weapon.serial_number or 'no serial'}), {state}; score {match.score:.2f}.")
    recipients = responsible_users(weapon)
    Alert.objects.bulk_create([Alert(recipient=user, kind=kind, match=match, message=text)
                               for user in recipients])
    return [user.get_username() for user in recipients]


# --- alerts ----------------------------------------------------------------------------------

def alert_mark_read(*, actor, alert: Alert) -> Alert:
    policies.alert_mark_read(actor, alert=alert)
    if alert.read_at is None:
        with transaction.atomic():
            alert.read_at = timezone.now()
            alert.save(update_fields=["read_at"])
            audit_record(actor=actor, action="alert_mark_read", object_type="alert", object_id=alert.id)
    return alert


def alert_acknowledge(*, actor, alert: Alert, note: str = "") -> Alert:
    """The recipient confirms they have acted on the alert (acknowledging also marks it read)."""
    policies.alert_acknowledge(actor, alert=alert)
    if alert.acknowledged_at is None:
        with transaction.atomic():
            now = timezone.now()
            alert.acknowledged_at = now
            alert.read_at = alert.read_at or now
            alert.save(update_fields=["acknowledged_at", "read_at"])
            audit_record(actor=actor, action="alert_acknowledge", object_type="alert", object_id=alert.id,
                         changes={"note": note} if note else None)
    return alert


# --- trace requests --------------------------------------------------------------------------

def trace_request_create(*, actor, item: SeizedItem, recipient_country: str, legal_basis: str,
                         illicit_basis: str, recipient_agency: str = "",
                         channel: str = "national_point_of_contact", priority: str = codes.ROUTINE,
                         intended_use: str = "", confidentiality: str = "", language: str = "en",
                         due_on: date | None = None, reference: str = "", requesting_agency: str = "",
                         notes: str = "") -> TraceRequest:
    """Prepare (as a draft) a request to trace a seized item, copying its identifying fields."""
    policies.trace_request_create(actor, item=item)
    problems = _country_problems("recipient_country", recipient_country)
    if not recipient_country.strip():
        problems.append(_("the recipient State is required"))
    if not legal_basis.strip():
        problems.append(_("state the legal basis of the request"))
    if not illicit_basis.strip():
        problems.append(_("state why the weapon is considered illicit"))
    if channel not in codes.CHANNELS:
        problems.append(_("channel must be one of %(channels)s") % {"channels": ", ".join(codes.CHANNELS)})
    if priority not in codes.PRIORITIES:
        problems.append(_("priority must be one of %(priorities)s") % {"priorities": ", ".join(codes.PRIORITIES)})
    if item.item_kind == codes.AMMUNITION:
        problems.append(_("ammunition is traced by lot, not by a weapon trace request"))
    if problems:
        raise ValidationFailed([Problem(message=problem) for problem in problems])
    seizure = item.seizure
    with transaction.atomic():
        request = TraceRequest(
            direction=codes.OUTGOING, item=item, jurisdiction=seizure.jurisdiction,
            **{name: getattr(item, name) for name in codes.WEAPON_FIELDS},
            seizure_kind=seizure.kind, seizure_date=seizure.occurred_on, seizure_country=seizure.country,
            seizure_place=", ".join(part for part in (seizure.place, seizure.admin1) if part),
            requesting_country=seizure.jurisdiction.country or seizure.country,
            requesting_agency=requesting_agency or seizure.agency,
            recipient_country=recipient_country.upper(), recipient_agency=recipient_agency,
            channel=channel, priority=priority, illicit_basis=illicit_basis, legal_basis=legal_basis,
            intended_use=intended_use, confidentiality=confidentiality, language=language or "en",
            due_on=due_on, notes=notes,
        )
        request.reference = reference.strip() or f"TR-{timezone.localdate().year}-{request.exchange_id.hex[-8:].upper()}"
        request.save()
        _status_history(actor, request, "", workflow.DRAFT, timezone.localdate(), "")
        audit_record(actor=actor, action="trace_request_create", object_type="trace_request",
                     object_id=request.id, changes={"reference": request.reference, "item": item.id,
                                                    "recipient_country": request.recipient_country})
    return request


def trace_request_send(*, actor, request: TraceRequest, sent_on: date | None = None,
                       due_on: date | None = None) -> TraceRequest:
    """Mark a draft as sent; the reply is due after the configured number of days unless given."""
    policies.trace_request_send(actor, request=request)
    sent_on = sent_on or timezone.localdate()
    due_on = due_on or request.due_on or workflow.due_date(sent_on, _response_days())
    if due_on < sent_on:
        raise ValidationFailed(_("the due date is before the day the request is sent"))
    with transaction.atomic():
        _transition(actor, request, workflow.SENT, sent_on)
        request.sent_on, request.due_on = sent_on, due_on
        request.save(update_fields=["sent_on", "due_on", "status"])
        audit_record(actor=actor, action="trace_request_send", object_type="trace_request",
                     object_id=request.id, changes={"sent_on": sent_on, "due_on": due_on})
    return request


def _response_days() -> int:
    return int(settings.SALW_OPTIONS["trace_response_days"])


def trace_request_acknowledge(*, actor, request: TraceRequest, acknowledged_on: date | None = None) -> TraceRequest:
    """The requested State confirmed it received the request."""
    policies.trace_request_acknowledge(actor, request=request)
    acknowledged_on = acknowledged_on or timezone.localdate()
    if request.sent_on and acknowledged_on < request.sent_on:
        raise ValidationFailed(_("the acknowledgement is dated before the request was sent"))
    with transaction.atomic():
        _transition(actor, request, workflow.ACKNOWLEDGED, acknowledged_on)
        request.acknowledged_on = acknowledged_on
        request.save(update_fields=["acknowledged_on", "status"])
        audit_record(actor=actor, action="trace_request_acknowledge", object_type="trace_request",
                     object_id=request.id, changes={"acknowledged_on": acknowledged_on})
    return request


def trace_request_close(*, actor, request: TraceRequest, closed_on: date | None = None,
                        note: str = "") -> TraceRequest:
    policies.trace_request_close(actor, request=request)
    closed_on = closed_on or timezone.localdate()
    with transaction.atomic():
        _transition(actor, request, workflow.CLOSED, closed_on, note)
        request.closed_on = closed_on
        request.save(update_fields=["closed_on", "status"])
        audit_record(actor=actor, action="trace_request_close", object_type="trace_request",
                     object_id=request.id, changes={"closed_on": closed_on, "note": note})
    return request


RESPONSE_FIELDS = ("responder", "responder_country", "last_legal_holder_name", "last_legal_holder_country",
                   "diversion_country", "diversion_admin1", "diversion_place", "diversion_from",
                   "diversion_to", "diversion_mechanism", "findings")


def trace_response_record(*, actor, request: TraceRequest, result: str, received_on: date | None = None,
                          **findings: Any) -> TraceResponse:
    """Record a reply (answered, partial or unable to trace); the request takes that status."""
    policies.trace_response_record(actor, request=request)
    with transaction.atomic():
        return _response_create(actor, request, result, received_on or timezone.localdate(), findings)


def _response_create(actor, request: TraceRequest, result: str, received_on: date,
                     findings: dict[str, Any], exchange_id=None) -> TraceResponse:
    unknown = set(findings) - set(RESPONSE_FIELDS)
    if unknown:
        raise ValidationFailed(_("unknown response fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    problems = []
    if result not in workflow.REPLY_RESULTS:
        problems.append(_("result must be one of %(results)s, not %(result)r") % {
            "results": ", ".join(workflow.REPLY_RESULTS), "result": result})
    if request.sent_on and received_on < request.sent_on:
        problems.append(_("the reply is dated before the request was sent"))
    mechanism = findings.get("diversion_mechanism") or ""
    if mechanism and mechanism not in outcomes.DIVERSION_MECHANISMS:
        problems.append(_("unknown diversion mechanism %(mechanism)r") % {"mechanism": mechanism})
    for name in ("responder_country", "last_legal_holder_country", "diversion_country"):
        problems += _country_problems(name, findings.get(name) or "")
    if problems:
        raise ValidationFailed([Problem(message=problem) for problem in problems])
    _transition(actor, request, result, received_on)
    request.save(update_fields=["status"])
    values = {name: findings.get(name) for name in RESPONSE_FIELDS}
    for name, value in values.items():
        if value is None and name not in ("diversion_from", "diversion_to"):
            values[name] = ""
    for name in ("responder_country", "last_legal_holder_country", "diversion_country"):
        values[name] = values[name].upper()
    response = TraceResponse(request=request, result=result, received_on=received_on, **values)
    if exchange_id is not None:
        response.exchange_id = exchange_id
    response.save()
    audit_record(actor=actor, action="trace_response_record", object_type="trace_request",
                 object_id=request.id, changes={"response": response.id, "result": result,
                                                "received_on": received_on})
    return response


def _transition(actor, request: TraceRequest, target: str, on: date, note: str = "") -> None:
    problem = workflow.transition_problem(request.status, target)
    if problem:
        raise ValidationFailed(_("%(reference)s: %(problem)s") % {"reference": request.reference,
                                                                  "problem": translated(problem)})
    previous = request.status
    request.status = target
    _status_history(actor, request, previous, target, on, note)


def _status_history(actor, request: TraceRequest, previous: str, target: str, on: date, note: str) -> None:
    TraceStatusChange.objects.create(request=request, from_status=previous, to_status=target, on=on,
                                     actor_name=actor_identity(actor)[1], note=note)


# --- outcomes --------------------------------------------------------------------------------

OUTCOME_FIELDS = ("last_legal_holder", "last_legal_holder_name", "last_legal_holder_country",
                  "diversion_country", "diversion_admin1", "diversion_place", "diversion_from",
                  "diversion_to", "diversion_mechanism", "establishment_method", "established_by",
                  "established_on", "notes")


def trace_outcome_record(*, actor, item: SeizedItem, outcome: str,
                         illicit_origin_established: bool | None = None,
                         trace_request: TraceRequest | None = None, reason: str = "",
                         **details: Any) -> TraceOutcome:
    """Code what tracing found for one item; a new coding voids the previous one (say why)."""
    policies.trace_outcome_record(actor, item=item)
    unknown = set(details) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValidationFailed(_("unknown outcome fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    values = {name: details.get(name) for name in OUTCOME_FIELDS}
    for name, value in values.items():
        if value is None and name not in ("last_legal_holder", "diversion_from", "diversion_to",
                                          "established_on"):
            values[name] = ""
    for name in ("last_legal_holder_country", "diversion_country"):
        values[name] = values[name].upper()
    if illicit_origin_established is None:
        illicit_origin_established = outcomes.counts_towards_sdg_16_4_2(outcome)
    facts = outcomes.OutcomeFacts(
        outcome=outcome, illicit_origin_established=illicit_origin_established,
        establishment_method=values["establishment_method"], diversion_country=values["diversion_country"],
        diversion_admin1=values["diversion_admin1"], diversion_place=values["diversion_place"],
        diversion_from=values["diversion_from"], diversion_to=values["diversion_to"],
        diversion_mechanism=values["diversion_mechanism"],
    )
    problems = [translated(problem) for problem in outcomes.outcome_problems(facts)]
    for name in ("last_legal_holder_country", "diversion_country"):
        problems += _country_problems(name, values[name])
    if trace_request is not None and trace_request.item_id != item.id:
        problems.append(_("the trace request is about another item"))
    with transaction.atomic():
        current = TraceOutcome.objects.select_for_update().filter(item=item, voided_at__isnull=True).first()
        if current is not None and not reason.strip():
            problems.append(_("the item already has an outcome; say why it is coded again"))
        if problems:
            raise ValidationFailed([Problem(message=problem) for problem in problems])
        if current is not None:
            current.voided_at = timezone.now()
            current.voided_by = actor if getattr(actor, "pk", None) is not None else None
            current.void_reason = reason.strip()
            current.save(update_fields=["voided_at", "voided_by", "void_reason"])
        if values["last_legal_holder"] is not None and not values["last_legal_holder_name"]:
            values["last_legal_holder_name"] = values["last_legal_holder"].name
            values["last_legal_holder_country"] = (values["last_legal_holder_country"]
                                                   or values["last_legal_holder"].country)
        coded = TraceOutcome.objects.create(
            item=item, trace_request=trace_request, outcome=outcome,
            illicit_origin_established=illicit_origin_established,
            recorded_by_name=actor_identity(actor)[1], **values,
        )
        audit_record(actor=actor, action="trace_outcome_record", object_type="seized_item",
                     object_id=item.id, changes={"outcome": outcome, "replaces": current.id if current else None,
                                                 "illicit_origin_established": illicit_origin_established,
                                                 "diversion_mechanism": values["diversion_mechanism"],
                                                 "reason": reason})
        trace_outcome_recorded.send(sender=TraceOutcome, outcome=coded, actor=actor)
    return coded


# --- exchange between installations ----------------------------------------------------------

def trace_message_export(*, actor, request: TraceRequest) -> dict[str, Any]:
    """The exchange message for a request (if sent from here) or for the latest reply to it
    (if received here). Audited: tracing data leaves the installation."""
    policies.trace_message_export(actor, request=request)
    if request.direction == codes.OUTGOING:
        if request.status == workflow.DRAFT:
            raise ValidationFailed(_("%(reference)s is still a draft; send it first") % {"reference": request.reference})
        content = message.request_message(request)
    else:
        response = request.responses.filter(voided_at__isnull=True).order_by("-received_on", "-created_at").first()
        if response is None:
            raise ValidationFailed(_("%(reference)s has no reply to export yet") % {"reference": request.reference})
        content = message.response_message(request, response)
    audit_record(actor=actor, action="trace_message_export", object_type="trace_request", object_id=request.id,
                 changes={"kind": content["kind"]})
    return content


@dataclass(frozen=True)
class MessageImport:
    kind: str
    request: TraceRequest
    created: bool  # False: the same message had been imported before, nothing changed


def trace_message_import(*, actor, text: str, file_name: str, jurisdiction=None) -> MessageImport:
    """Store a message from another installation: all of it, or (on any problem) nothing."""
    jurisdiction = jurisdiction or national_jurisdiction()
    if jurisdiction is None:
        raise NotFound(_("there is no national jurisdiction yet: run `salw init` first"))
    policies.trace_message_import(actor, jurisdiction=jurisdiction)
    parsed = message.parse_message(text, file_name, vocabulary_resolver().countries)
    with transaction.atomic():
        if parsed.kind == message.TRACE_REQUEST:
            result = _incoming_request(actor, parsed, jurisdiction)
        else:
            result = _incoming_response(actor, parsed, file_name)
    return result


def _incoming_request(actor, parsed: message.ParsedMessage, jurisdiction) -> MessageImport:
    fields = parsed.request
    existing = TraceRequest.objects.filter(exchange_id=fields["id"], direction=codes.INCOMING).first()
    if existing is not None:
        return MessageImport(parsed.kind, existing, created=False)
    weapon, seizure = fields["weapon"], fields["seizure"]
    request = TraceRequest.objects.create(
        exchange_id=fields["id"], direction=codes.INCOMING, reference=fields["reference"],
        jurisdiction=jurisdiction, status=workflow.SENT, **weapon,
        seizure_kind=seizure["kind"], seizure_date=seizure["date"], seizure_country=seizure["country"],
        seizure_place=seizure["place"], requesting_country=fields["requesting_country"],
        requesting_agency=fields["requesting_agency"], recipient_country=fields["recipient_country"],
        recipient_agency=fields["recipient_agency"], channel=fields["channel"], priority=fields["priority"],
        illicit_basis=fields["illicit_basis"], legal_basis=fields["legal_basis"],
        intended_use=fields["intended_use"], confidentiality=fields["confidentiality"],
        language=fields["language"], sent_on=fields["sent_on"],
        due_on=fields["due_on"] or workflow.due_date(fields["sent_on"], _response_days()),
    )
    _status_history(actor, request, "", workflow.SENT, fields["sent_on"], "received by file")
    audit_record(actor=actor, action="trace_message_import", object_type="trace_request",
                 object_id=request.id, changes={"kind": parsed.kind, "reference": request.reference,
                                                "from": request.requesting_country})
    return MessageImport(parsed.kind, request, created=True)


def _incoming_response(actor, parsed: message.ParsedMessage, file_name: str) -> MessageImport:
    request = (TraceRequest.objects.select_for_update()
               .filter(exchange_id=parsed.request["id"], direction=codes.OUTGOING, voided_at__isnull=True)
               .first())
    if request is None:
        raise ValidationFailed([Problem(file=file_name, message=message.at_path(
            "$.request.id", _("no trace request with this id was sent from this installation")))])
    reply = parsed.response
    if request.responses.filter(exchange_id=reply["id"]).exists():
        return MessageImport(parsed.kind, request, created=False)
    try:
        _response_create(actor, request, reply["result"], reply["received_on"], reply["findings"],
                         exchange_id=reply["id"])
    except ValidationFailed as error:
        raise ValidationFailed([Problem(file=file_name, message=message.at_path("$.response", problem.message))
                                for problem in error.problems]) from None
    audit_record(actor=actor, action="trace_message_import", object_type="trace_request",
                 object_id=request.id, changes={"kind": parsed.kind, "response": reply["id"]})
    return MessageImport(parsed.kind, request, created=True)
