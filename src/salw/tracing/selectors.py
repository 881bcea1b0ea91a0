"""Reads of tracing, already limited to what the actor may see."""

from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.access import within_visible
from salw.core.errors import NotFound
from salw.core.selectors import national_jurisdiction
from salw.registry.selectors import registry_counts
from salw.tracing import codes, outcomes, policies, workflow
from salw.tracing.models import Alert, SeizedItem, Seizure, TraceOutcome, TraceRequest


def _within_visible(queryset: QuerySet, actor, jurisdiction_field: str) -> QuerySet:
    return within_visible(queryset, actor, policies.TRACING_READERS, f"{jurisdiction_field}__path")


# --- seizures and alerts ---------------------------------------------------------------------

def seizures_visible_to(actor) -> QuerySet[Seizure]:
    return _within_visible(Seizure.objects.filter(voided_at__isnull=True), actor, "jurisdiction")


def seizure_for(actor, seizure_id) -> Seizure:
    seizure = seizures_visible_to(actor).select_related("jurisdiction").filter(id=seizure_id).first()
    if seizure is None:
        raise NotFound(_("no such seizure, or not in your jurisdiction"))
    return seizure


def seized_items_visible_to(actor) -> QuerySet[SeizedItem]:
    items = SeizedItem.objects.filter(voided_at__isnull=True, seizure__voided_at__isnull=True)
    return _within_visible(items, actor, "seizure__jurisdiction")


def seized_item_for(actor, item_id) -> SeizedItem:
    item = seized_items_visible_to(actor).select_related("seizure__jurisdiction").filter(id=item_id).first()
    if item is None:
        raise NotFound(_("no such seized item, or not in your jurisdiction"))
    return item


def alerts_for(user, *, unread_only: bool = False, unacknowledged_only: bool = False) -> QuerySet[Alert]:
    """The user's own alerts, newest first."""
    if getattr(user, "pk", None) is None:
        return Alert.objects.none()
    alerts = Alert.objects.filter(recipient=user, voided_at__isnull=True).select_related(
        "match__item__seizure", "match__weapon")
    if unread_only:
        alerts = alerts.filter(read_at__isnull=True)
    if unacknowledged_only:
        alerts = alerts.filter(acknowledged_at__isnull=True)
    return alerts


def alert_for(user, alert_id) -> Alert:
    alert = alerts_for(user).filter(id=alert_id).first()
    if alert is None:
        raise NotFound(_("no such alert for you"))
    return alert


# --- trace requests --------------------------------------------------------------------------

def trace_requests_visible_to(actor) -> QuerySet[TraceRequest]:
    requests = TraceRequest.objects.filter(voided_at__isnull=True).select_related("jurisdiction")
    return _within_visible(requests, actor, "jurisdiction")


def trace_request_for(actor, request_id) -> TraceRequest:
    request = trace_requests_visible_to(actor).filter(id=request_id).first()
    if request is None:
        raise NotFound(_("no such trace request, or not in your jurisdiction"))
    return request


def trace_request_by_reference(actor, reference: str) -> TraceRequest:
    """By id or by reference, as people type them on the command line."""
    requests = trace_requests_visible_to(actor)
    try:
        found = requests.filter(Q(reference=reference) | Q(id=uuid.UUID(reference))).first()
    except ValueError:  # not a UUID: compare with references only
        found = requests.filter(reference=reference).first()
    if found is None:
        raise NotFound(_("no trace request %(reference)r, or not in your jurisdiction") % {"reference": reference})
    return found


def overdue_trace_requests(actor, *, today: date | None = None) -> list[TraceRequest]:
    """Requests still waiting for a reply after their due date, the longest overdue first."""
    today = today or timezone.localdate()
    waiting = trace_requests_visible_to(actor).filter(
        status__in=workflow.AWAITING_REPLY, due_on__lt=today).order_by("due_on", "reference")
    return [request for request in waiting if workflow.is_overdue(request.status, request.due_on, today)]


@dataclass(frozen=True)
class RecipientStatistics:
    """How one requested State replies to this installation's trace requests."""

    recipient_country: str
    sent: int  # requests sent to it
    replied: int  # of which with any reply (answered, partial or unable to trace)
    answered: int  # of which with a full answer
    overdue: int  # still waiting after the due date
    median_days: float | None  # sent to first reply, over replied requests
    mean_days: float | None

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    @property
    def replied_share(self) -> float | None:
        return self.replied / self.sent if self.sent else None

    def as_dict(self) -> dict[str, Any]:
        return {"recipient_country": self.recipient_country, "sent": self.sent, "replied": self.replied,
                "answered": self.answered, "overdue": self.overdue, "median_days": self.median_days,
                "mean_days": self.mean_days, "answered_share": self.answered_share,
                "replied_share": self.replied_share}


def response_time_statistics(actor, *, sent_from: date | None = None, sent_to: date | None = None,
                             today: date | None = None) -> list[RecipientStatistics]:
    """Per requested State: requests sent (optionally within a period), replies, days to reply."""
    today = today or timezone.localdate()
    requests = trace_requests_visible_to(actor).filter(direction=codes.OUTGOING, sent_on__isnull=False)
    if sent_from:
        requests = requests.filter(sent_on__gte=sent_from)
    if sent_to:
        requests = requests.filter(sent_on__lte=sent_to)
    by_country: dict[str, list[TraceRequest]] = {}
    for request in requests.prefetch_related("responses").order_by("recipient_country", "sent_on"):
        by_country.setdefault(request.recipient_country, []).append(request)
    result = []
    for country, sent in sorted(by_country.items()):
        days, answered = [], 0
        for request in sent:
            replies = sorted((r for r in request.responses.all() if r.voided_at is None),
                             key=lambda reply: reply.received_on)
            if replies:
                days.append((replies[0].received_on - request.sent_on).days)
            if any(reply.result == workflow.ANSWERED for reply in replies):
                answered += 1
        overdue = sum(workflow.is_overdue(r.status, r.due_on, today) for r in sent)
        result.append(RecipientStatistics(
            recipient_country=country, sent=len(sent), replied=len(days), answered=answered, overdue=overdue,
            median_days=float(statistics.median(days)) if days else None,
            mean_days=float(statistics.fmean(days)) if days else None,
        ))
    return result


# --- outcomes and SDG 16.4.2 -----------------------------------------------------------------

def current_outcome(item: SeizedItem) -> TraceOutcome | None:
    return item.outcomes.filter(voided_at__isnull=True).first()


@dataclass(frozen=True)
class IndicatorCase:
    """One weapon behind an SDG 16.4.2 figure, so the figure can be audited back to cases."""

    item_id: str
    seizure_id: str
    case_reference: str
    seizure_kind: str
    seizure_date: date
    jurisdiction: str
    serial_number: str
    weapon_type: str
    outcome: str  # "" when not coded (as of the date asked)

    def as_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "seizure_id": self.seizure_id, "case_reference": self.case_reference,
                "seizure_kind": self.seizure_kind, "seizure_date": self.seizure_date.isoformat(),
                "jurisdiction": self.jurisdiction, "serial_number": self.serial_number,
                "weapon_type": self.weapon_type, "outcome": self.outcome}


@dataclass(frozen=True)
class Sdg1642:
    """SDG indicator 16.4.2 for one period and jurisdiction, with the cases behind it."""

    period_start: date
    period_end: date
    jurisdiction: str
    as_of: date
    numerator_cases: list[IndicatorCase] = field(default_factory=list)
    denominator_cases: list[IndicatorCase] = field(default_factory=list)

    @property
    def numerator(self) -> int:
        return len(self.numerator_cases)

    @property
    def denominator(self) -> int:
        return len(self.denominator_cases)

    @property
    def proportion(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def value_percent(self) -> float | None:
        return 100 * self.numerator / self.denominator if self.denominator else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": "SDG 16.4.2",
            "period": {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()},
            "jurisdiction": self.jurisdiction, "as_of": self.as_of.isoformat(),
            "numerator": self.numerator, "denominator": self.denominator,
            "proportion": self.proportion, "value_percent": self.value_percent,
            "numerator_cases": [case.as_dict() for case in self.numerator_cases],
            "denominator_cases": [case.as_dict() for case in self.denominator_cases],
        }


def sdg_16_4_2(actor, *, period_start: date, period_end: date, jurisdiction=None,
               as_of: date | None = None) -> Sdg1642:
    """Proportion of seized, found or surrendered arms whose illicit origin was traced or
    established by a competent authority (docs/tracing.md, "SDG 16.4.2").

    Denominator: weapons (not parts, ammunition or antiques) of seizures dated within the period,
    in the jurisdiction or below it. Numerator: those of them whose outcome, as known at the end
    of ``as_of``, is diversion_established or origin_established_other. A weapon counts in the
    period of its seizure; asking again with a later ``as_of`` counts traces finished since.
    """
    jurisdiction = jurisdiction or national_jurisdiction()
    if jurisdiction is None:
        raise NotFound(_("there is no national jurisdiction yet"))
    policies.sdg_indicator(actor, jurisdiction=jurisdiction)
    as_of = as_of or timezone.localdate()
    # Everything recorded on the as-of day counts, whatever the hour.
    cutoff = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=dt_timezone.utc)
    known_then = Q(created_at__lt=cutoff) & (Q(voided_at__isnull=True) | Q(voided_at__gte=cutoff))
    items = (SeizedItem.objects
             .filter(known_then, item_kind=codes.WEAPON, antique=False,
                     seizure__occurred_on__gte=period_start, seizure__occurred_on__lte=period_end,
                     seizure__created_at__lt=cutoff, seizure__jurisdiction__path__startswith=jurisdiction.path)
             .filter(Q(seizure__voided_at__isnull=True) | Q(seizure__voided_at__gte=cutoff))
             .select_related("seizure__jurisdiction")
             .order_by("seizure__occurred_on", "created_at", "id"))
    items = list(items)
    coded: dict[Any, TraceOutcome] = {}
    for outcome in (TraceOutcome.objects.filter(known_then, item_id__in=[item.id for item in items])
                    .order_by("created_at")):
        coded[outcome.item_id] = outcome  # the latest valid coding wins
    denominator, numerator = [], []
    for item in items:
        outcome = coded.get(item.id)
        case = IndicatorCase(
            item_id=str(item.id), seizure_id=str(item.seizure_id), case_reference=item.seizure.case_reference,
            seizure_kind=item.seizure.kind, seizure_date=item.seizure.occurred_on,
            jurisdiction=item.seizure.jurisdiction.code, serial_number=item.serial_number,
            weapon_type=item.weapon_type, outcome=outcome.outcome if outcome else "",
        )
        denominator.append(case)
        if outcome is not None and outcomes.counts_towards_sdg_16_4_2(outcome.outcome):
            numerator.append(case)
    return Sdg1642(period_start=period_start, period_end=period_end, jurisdiction=jurisdiction.code,
                   as_of=as_of, numerator_cases=numerator, denominator_cases=denominator)


def tracing_counts(actor) -> dict[str, int]:
    """Weapons recorded as seized, found or surrendered, and trace requests, that the actor may see."""
    weapons = seized_items_visible_to(actor).filter(item_kind=codes.WEAPON)
    return {"seized_items": weapons.count(), "traces": trace_requests_visible_to(actor).count()}


def installation_counts(actor) -> dict[str, int]:
    """The figures of `salw stats`: the registry's, plus seizures and traces recorded in tracing.

    ``seizures`` counts the registry's "seized" events and the weapons recorded in seizures.
    """
    counts = registry_counts(actor)
    tracing = tracing_counts(actor)
    counts["seizures"] += tracing["seized_items"]
    counts["traces"] = tracing["traces"]
    return counts


def diversion_evidence_by_country(actor) -> dict[str, tuple[int, int | None]]:
    """Per country: weapons whose current outcome places their point of diversion there, or whose
    last legal holder (an end user, often) was there, each weapon once per country; and the latest
    year of diversion known. The transfer-risk assessment reads this as the State's own evidence."""
    evidence: dict[str, tuple[int, int | None]] = {}
    current = TraceOutcome.objects.filter(voided_at__isnull=True, outcome__in=outcomes.SDG_NUMERATOR_OUTCOMES,
                                          item__in=seized_items_visible_to(actor)) \
        .exclude(diversion_country="", last_legal_holder_country="")
    for place, holder_country, diverted_from, diverted_to in current.values_list(
            "diversion_country", "last_legal_holder_country", "diversion_from", "diversion_to"):
        when = diverted_to or diverted_from
        for country in {place, holder_country} - {""}:
            weapons, latest = evidence.get(country, (0, None))
            if when is not None and (latest is None or when.year > latest):
                latest = when.year
            evidence[country] = (weapons + 1, latest)
    return evidence


def diversion_cases_involving(actor, *, countries: list[str], actor_ids: list[str] = (),
                              names: list[str] = ()) -> list[dict[str, Any]]:
    """Current trace outcomes whose point of diversion is in one of ``countries``, or whose last
    legal holder is one of the registry actors or names given (a transfer's parties), each with
    where the finding comes from. The transfer-risk assessment lists them as the State's own
    evidence of diversion."""
    countries = [code.upper() for code in countries if code]
    lowered = {name.strip().lower() for name in names if name and name.strip()}
    involving = Q(diversion_country__in=countries) | Q(last_legal_holder_id__in=list(actor_ids))
    for name in lowered:
        involving |= Q(last_legal_holder_name__iexact=name)
    current = (TraceOutcome.objects.filter(voided_at__isnull=True, item__in=seized_items_visible_to(actor))
               .filter(involving).select_related("item__seizure", "last_legal_holder")
               .order_by("-item__seizure__occurred_on", "created_at"))
    cases = []
    for outcome in current:
        item, seizure = outcome.item, outcome.item.seizure
        holder = outcome.last_legal_holder.name if outcome.last_legal_holder_id else outcome.last_legal_holder_name
        reasons = []
        if outcome.diversion_country in countries:
            reasons.append(f"point of diversion in {outcome.diversion_country}")
        if (outcome.last_legal_holder_id and str(outcome.last_legal_holder_id) in {str(i) for i in actor_ids}) \
                or (holder and holder.strip().lower() in lowered):
            reasons.append(f"last legal holder {holder} is a party to this transfer")
        cases.append({
            "outcome_id": str(outcome.id), "outcome": outcome.outcome,
            "seizure_reference": seizure.case_reference, "seizure_kind": seizure.kind,
            "seized_on": seizure.occurred_on.isoformat(), "serial_number": item.serial_number,
            "weapon_type": item.weapon_type, "diversion_country": outcome.diversion_country,
            "diversion_place": outcome.diversion_place,
            "diversion_from": outcome.diversion_from.isoformat() if outcome.diversion_from else None,
            "diversion_to": outcome.diversion_to.isoformat() if outcome.diversion_to else None,
            "diversion_mechanism": outcome.diversion_mechanism, "last_legal_holder": holder,
            "last_legal_holder_country": outcome.last_legal_holder_country, "why": "; ".join(reasons),
            "source": (f"trace outcome recorded by {outcome.recorded_by_name} on {outcome.created_at:%Y-%m-%d}"
                       + (f", established by {outcome.established_by}" if outcome.established_by else "")
                       + (f" ({outcome.establishment_method.replace('_', ' ')})"
                          if outcome.establishment_method else "")
                       + f"; seizure {seizure.case_reference or seizure.id} of {seizure.occurred_on}"),
        })
    return cases
