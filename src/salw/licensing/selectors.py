"""Reads of transfer control, already limited to what the actor may see.

The risk panel combines two things this app does not own: the explained country context risk
and this State's own evidence of diversion from tracing. Licensing sits above context and
tracing, so it reads both itself, within what the actor may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.context.selectors import country_risk
from salw.core.access import within_visible
from salw.core.errors import NotFound, SalwError
from salw.licensing import domain, embargoes, policies
from salw.licensing.models import (
    Application,
    ArmsEmbargo,
    DeliveredWeapon,
    Delivery,
    DeliveryLine,
    EndUserDocument,
    Licence,
    Party,
    ReassessmentFlag,
)
from salw.tracing.selectors import diversion_cases_involving, diversion_evidence_by_country
from salw.vocabularies.models import Country


def _within_visible(queryset: QuerySet, actor, jurisdiction_field: str) -> QuerySet:
    return within_visible(queryset, actor, policies.LICENSING_READERS, f"{jurisdiction_field}__path")


# --- applications and licences ----------------------------------------------------------------

def applications_visible_to(actor) -> QuerySet[Application]:
    return _within_visible(Application.objects.filter(voided_at__isnull=True), actor, "jurisdiction") \
        .select_related("jurisdiction")


def application_for(actor, application_id) -> Application:
    application = applications_visible_to(actor).filter(id=application_id).first()
    if application is None:
        raise NotFound(_("no such application, or not in your jurisdiction"))
    return application


def application_by_reference(actor, reference: str) -> Application:
    application = applications_visible_to(actor).filter(reference=reference.strip()).first()
    if application is None:
        raise NotFound(_("no application %(reference)r, or not in your jurisdiction") % {"reference": reference})
    return application


def licences_visible_to(actor) -> QuerySet[Licence]:
    licences = Licence.objects.filter(voided_at__isnull=True, application__voided_at__isnull=True)
    return _within_visible(licences, actor, "application__jurisdiction") \
        .select_related("application__jurisdiction")


def licence_by_number(actor, number: str) -> Licence:
    licence = licences_visible_to(actor).filter(number=number.strip()).first()
    if licence is None:
        raise NotFound(_("no licence %(number)r, or not in your jurisdiction") % {"number": number})
    return licence


def licence_for(actor, licence_id) -> Licence:
    licence = licences_visible_to(actor).filter(id=licence_id).first()
    if licence is None:
        raise NotFound(_("no such licence, or not in your jurisdiction"))
    return licence


def delivery_for(actor, delivery_id) -> Delivery:
    deliveries = _within_visible(Delivery.objects.filter(voided_at__isnull=True), actor,
                                 "licence__application__jurisdiction")
    delivery = deliveries.select_related("licence__application__jurisdiction").filter(id=delivery_id).first()
    if delivery is None:
        raise NotFound(_("no such delivery, or not in your jurisdiction"))
    return delivery


def document_for(actor, document_id) -> EndUserDocument:
    documents = _within_visible(EndUserDocument.objects.filter(voided_at__isnull=True), actor,
                                "application__jurisdiction")
    document = documents.select_related("application__jurisdiction").filter(id=document_id).first()
    if document is None:
        raise NotFound(_("no such document, or not in your jurisdiction"))
    return document


def current_parties(application: Application):
    return application.parties.filter(voided_at__isnull=True).select_related("registry_actor")


def current_items(application: Application):
    return application.items.filter(voided_at__isnull=True).select_related("weapon_type")


def current_documents(application: Application):
    return application.documents.filter(voided_at__isnull=True)


def licence_deliveries(licence: Licence):
    return licence.deliveries.filter(voided_at__isnull=True).prefetch_related("lines__item", "lines__weapons")


@dataclass(frozen=True)
class QuantityLine:
    line: int
    description: str
    applied: int
    licensed: int
    delivered: int

    @property
    def remaining(self) -> int:
        return self.licensed - self.delivered


def licence_quantities(licence: Licence) -> list[QuantityLine]:
    """Per item: applied for, licensed, delivered so far and what remains."""
    delivered = dict(DeliveryLine.objects.filter(delivery__licence=licence, delivery__voided_at__isnull=True,
                                                 voided_at__isnull=True)
                     .values_list("item_id").annotate(total=Sum("quantity")))
    return [QuantityLine(item.line, item.description, item.quantity, item.licensed_quantity or 0,
                         delivered.get(item.id, 0))
            for item in current_items(licence.application)]


# --- the risk panel -----------------------------------------------------------------------------

def risk_countries(application: Application) -> list[tuple[str, list[str]]]:
    """The destination and transit countries an assessment looks at, with the parties' roles there;
    the State itself is left out when it is the importer (its own context is not a transfer risk)."""
    roles: dict[str, list[str]] = {}
    home = application.jurisdiction.country
    for party in current_parties(application).filter(role__in=domain.DESTINATION_ROLES):
        if application.direction == domain.IMPORT and party.country == home:
            continue
        roles.setdefault(party.country, [])
        if party.role not in roles[party.country]:
            roles[party.country].append(party.role)
    if hasattr(application, "licence"):
        for delivery in application.licence.deliveries.filter(voided_at__isnull=True):
            for code in delivery.transit_country_list:
                roles.setdefault(code, [])
                if domain.TRANSIT_STATE not in roles[code]:
                    roles[code].append(domain.TRANSIT_STATE)
    return list(roles.items())


def party_actor_ids(application: Application) -> list[str]:
    return [str(actor_id) for actor_id in current_parties(application)
            .filter(registry_actor__isnull=False).values_list("registry_actor_id", flat=True)]


def party_names(application: Application) -> list[str]:
    return list(current_parties(application).exclude(role=domain.TRANSIT_STATE).values_list("name", flat=True))


def application_risk_panel(actor, application: Application) -> dict:
    """What an assessor reads beside Articles 7 and 11, as plain data (it is kept in the assessment).

    Each country the weapons go to or through, with its explained context risk (components with
    value, contribution, percentile, year and source), and this State's trace outcomes that
    involve those countries or the application's parties.
    """
    if not policies.may_view(actor, application.jurisdiction):
        raise NotFound(_("no such application, or not in your jurisdiction"))
    names = dict(Country.objects.values_list("iso3", "name"))
    evidence = diversion_evidence_by_country(actor)
    countries = []
    for iso3, roles in risk_countries(application):
        entry: dict[str, Any] = {"country": iso3, "name": names.get(iso3, iso3), "roles": roles,
                                 "risk": None, "problem": ""}
        try:
            entry["risk"] = country_risk(actor, iso3, diversion_evidence=evidence).as_dict()
        except SalwError as error:
            entry["problem"] = str(error)
        countries.append(entry)
    codes = [entry["country"] for entry in countries]
    cases = diversion_cases_involving(actor, countries=codes, actor_ids=party_actor_ids(application),
                                      names=party_names(application))
    return {"application": application.reference, "countries": countries, "diversion_evidence": cases}


# --- Article 6(1): arms embargoes ----------------------------------------------------------------

def embargoes_current() -> QuerySet[ArmsEmbargo]:
    """Every embargo entry not voided, in force or ended: the dated list the checks read."""
    return ArmsEmbargo.objects.filter(voided_at__isnull=True)


def embargo_list(actor, *, in_force_on: date | None = None, country: str = "") -> list[ArmsEmbargo]:
    """The embargo list as a reader sees it: every entry, or those in force on a day; by country."""
    policies.embargoes_read(actor)
    entries = embargoes_current()
    if country:
        entries = entries.filter(country=country.strip().upper())
    if in_force_on is not None:
        return [embargo for embargo in entries if embargo.as_rule().in_force_on(in_force_on)]
    return list(entries)


def embargo_for(actor, embargo_id) -> ArmsEmbargo:
    policies.embargoes_read(actor)
    embargo = embargoes_current().filter(pk=embargo_id).first()
    if embargo is None:
        raise NotFound(_("no such arms embargo entry"))
    return embargo


def application_embargo_findings(application: Application, day: date) -> list[embargoes.EmbargoFinding]:
    """Embargoes in force on ``day`` that cover a party of the application (see embargoes.py)."""
    parties = [embargoes.PartyPlace(party.role, party.name, party.country) for party in current_parties(application)]
    return embargoes.embargo_findings([embargo.as_rule() for embargo in embargoes_current()], parties, day)


# --- Article 7(7): reassessment -----------------------------------------------------------------

# A seized weapon counts as identified with a delivered one when the marking search gives that
# registry record at least this share of the probability among the candidates.
IDENTIFIED_MATCH_SCORE = 0.8
# Applications that authorised a transfer: a trace ending there is new information about them.
AUTHORISED_STATUSES = (domain.APPROVED, domain.LICENCE_ISSUED, domain.PARTIALLY_DELIVERED, domain.DELIVERED,
                       domain.EXPIRED)
HOLDER_ROLES = (domain.IMPORTER, domain.CONSIGNEE, domain.INTERMEDIATE_CONSIGNEE, domain.END_USER)


@dataclass(frozen=True)
class TraceLink:
    application: Application
    party: Party | None
    reason: str


def applications_linked_to_trace(outcome) -> list[TraceLink]:
    """Applications a trace outcome ends at: the last legal holder is one of their parties (the
    same registry actor, or the same name in the same country), or the seized weapon is one they
    delivered. Every jurisdiction: the flag is raised wherever the licence is."""
    links: dict[str, TraceLink] = {}
    holders = Party.objects.filter(voided_at__isnull=True, role__in=HOLDER_ROLES,
                                   application__status__in=AUTHORISED_STATUSES).select_related("application")
    seizure = outcome.item.seizure
    where = ", ".join(filter(None, [seizure.case_reference, seizure.country, seizure.occurred_on.isoformat()]))
    item = f"seized item {outcome.item.serial_number or '(no serial)'} ({where})"
    if outcome.last_legal_holder_id:
        for party in holders.filter(registry_actor_id=outcome.last_legal_holder_id):
            links.setdefault(str(party.application_id), TraceLink(
                party.application, party, f"the trace of {item} ends at {party.name}, "
                                          f"{party.role.replace('_', ' ')} of this application"))
    name = " ".join(outcome.last_legal_holder_name.split())
    if name:
        same_name = holders.filter(name__iexact=name)
        if outcome.last_legal_holder_country:
            same_name = same_name.filter(country=outcome.last_legal_holder_country)
        for party in same_name:
            links.setdefault(str(party.application_id), TraceLink(
                party.application, party, f"the trace of {item} names {name} as the last legal holder: "
                                          f"the {party.role.replace('_', ' ')} of this application"))
    identified = outcome.item.matches.filter(voided_at__isnull=True, score__gte=IDENTIFIED_MATCH_SCORE) \
        .values_list("weapon_id", flat=True)
    delivered = DeliveredWeapon.objects.filter(voided_at__isnull=True, weapon_id__in=list(identified),
                                               line__delivery__voided_at__isnull=True) \
        .select_related("line__delivery__licence__application")
    for weapon in delivered:
        delivery = weapon.line.delivery
        links.setdefault(str(delivery.licence.application_id), TraceLink(
            delivery.licence.application, None,
            f"{item} is weapon {weapon.serial_number}, shipped on {delivery.reference} under licence "
            f"{delivery.licence.number}"))
    return list(links.values())


def applications_covered_by(embargo: ArmsEmbargo) -> list[tuple[Application, embargoes.EmbargoFinding]]:
    """Applications still being decided or with a licence in force that a new embargo covers today."""
    today = timezone.localdate()
    rule = embargo.as_rule()
    if not rule.in_force_on(today):
        return []
    found = []
    candidates = Application.objects.filter(voided_at__isnull=True, status__in=domain.REASSESSABLE_STATUSES,
                                            parties__country=embargo.country,
                                            parties__voided_at__isnull=True).distinct()
    for application in candidates:
        parties = [embargoes.PartyPlace(party.role, party.name, party.country)
                   for party in current_parties(application)]
        findings = embargoes.embargo_findings([rule], parties, today)
        if findings:
            found.append((application, findings[0]))
    return found


def reassessment_flags_visible_to(actor, *, open_only: bool = True) -> QuerySet[ReassessmentFlag]:
    flags = ReassessmentFlag.objects.filter(voided_at__isnull=True, application__in=applications_visible_to(actor)) \
        .select_related("application__jurisdiction", "party", "embargo")
    return flags.filter(resolved_at__isnull=True) if open_only else flags


def reassessment_flag_for(actor, flag_id) -> ReassessmentFlag:
    flag = reassessment_flags_visible_to(actor, open_only=False).filter(pk=flag_id).first()
    if flag is None:
        raise NotFound(_("no such reassessment flag, or not in your jurisdiction"))
    return flag


# --- transfers for the reports ------------------------------------------------------------------

@dataclass(frozen=True)
class DeliveredTransfer:
    """One delivery line, as the ATT and UNROCA reports count it."""

    line_id: str
    direction: str
    shipped_on: date
    weapon_type: str
    unroca: str
    partner_country: str
    quantity: int
    value: Decimal | None
    currency: str
    description: str
    jurisdiction_code: str
    end_user: str


def _partner(parties: Iterable, direction: str) -> tuple[str, str]:
    """(partner State, end user): the final importing State of an export, the exporting State of
    an import."""
    by_role: dict[str, Any] = {}
    for party in parties:
        by_role.setdefault(party.role, party)
    end_user = by_role.get(domain.END_USER)
    if direction == domain.EXPORT:
        partner = by_role.get(domain.END_USER) or by_role.get(domain.IMPORTER)
    else:
        partner = by_role.get(domain.EXPORTER)
    return (partner.country if partner else ""), (end_user.name if end_user else "")


def delivered_transfers(start: date, end: date, jurisdiction_path: str) -> list[DeliveredTransfer]:
    """Export and import delivery lines shipped in the period, within the jurisdiction.

    Transit and brokering are not the State's own exports or imports, so they are not listed.
    """
    lines = (DeliveryLine.objects
             .filter(voided_at__isnull=True, delivery__voided_at__isnull=True,
                     delivery__shipped_on__gte=start, delivery__shipped_on__lte=end,
                     delivery__licence__application__direction__in=(domain.EXPORT, domain.IMPORT),
                     delivery__licence__application__voided_at__isnull=True,
                     delivery__licence__application__jurisdiction__path__startswith=jurisdiction_path)
             .select_related("item__weapon_type", "delivery__licence__application__jurisdiction")
             .order_by("delivery__shipped_on", "id"))
    parties: dict[Any, tuple[str, str]] = {}
    rows = []
    for line in lines:
        application = line.delivery.licence.application
        if application.id not in parties:
            parties[application.id] = _partner(current_parties(application).order_by("created_at"),
                                               application.direction)
        partner, end_user = parties[application.id]
        item = line.item
        rows.append(DeliveredTransfer(
            line_id=str(line.id), direction=application.direction, shipped_on=line.delivery.shipped_on,
            weapon_type=item.weapon_type_id or "", unroca=item.unroca, partner_country=partner,
            quantity=line.quantity, value=line.value, currency=line.currency, description=item.description,
            jurisdiction_code=application.jurisdiction.code, end_user=end_user))
    return rows


def delivery_references() -> QuerySet:
    """The document references of every recorded delivery (a subquery): registry events that
    carry one are the same weapons as the delivery and must not be counted again."""
    return Delivery.objects.filter(voided_at__isnull=True).values("reference")


def delivery_lines_described(line_ids: list[str], jurisdiction_path: str) -> list[dict]:
    """Delivery lines behind a report figure, for the drill-down."""
    lines = (DeliveryLine.objects.filter(id__in=line_ids,
                                         delivery__licence__application__jurisdiction__path__startswith=jurisdiction_path)
             .select_related("item", "delivery__licence"))
    return [{"id": str(line.id), "day": line.delivery.shipped_on,
             "summary": f"licence {line.delivery.licence.number} · delivery {line.delivery.reference} · "
                        f"{line.quantity} × {line.item.description}"} for line in lines]


def reassessment_flags_raised_by(embargo: ArmsEmbargo) -> QuerySet[ReassessmentFlag]:
    return ReassessmentFlag.objects.filter(embargo=embargo, voided_at__isnull=True)


def delivery_by_reference(actor, reference: str) -> Delivery:
    """A delivery by its shipment reference (unique), as the command line names it."""
    deliveries = _within_visible(Delivery.objects.filter(voided_at__isnull=True), actor,
                                 "licence__application__jurisdiction")
    delivery = deliveries.select_related("licence__application__jurisdiction") \
        .filter(reference=reference.strip()).first()
    if delivery is None:
        raise NotFound(_("no delivery %(reference)r, or not in your jurisdiction") % {"reference": reference})
    return delivery
