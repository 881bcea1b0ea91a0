"""Reads of reporting: build a report, list saved snapshots, describe the records behind a figure."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salw.core.access import within_visible
from salw.core.errors import NotFound, ValidationFailed
from salw.core.languages import offered_language
from salw.core.models import Jurisdiction
from salw.core.selectors import national_jurisdiction
from salw.reporting import domain, policies
from salw.reporting.domain import NarrativePart, Period, Report
from salw.reporting.framework import ReportContext
from salw.reporting.models import NarrativeSection, ReportSnapshot, RowAnnotation


def reporting_jurisdiction(code: str | None = None) -> Jurisdiction:
    if not code:
        jurisdiction = national_jurisdiction()
        if jurisdiction is None:
            raise NotFound(_("there is no national jurisdiction yet"))
        return jurisdiction
    jurisdiction = Jurisdiction.objects.filter(code=code, voided_at__isnull=True).first()
    if jurisdiction is None:
        raise NotFound(_("no jurisdiction with code %(code)r") % {"code": code})
    return jurisdiction


def home_country(jurisdiction: Jurisdiction) -> str:
    """The reporting State: the jurisdiction's country, else the national jurisdiction's."""
    if jurisdiction.country:
        return jurisdiction.country
    national = national_jurisdiction()
    return national.country if national else ""


def check_instrument(instrument: str) -> None:
    if instrument not in domain.INSTRUMENTS:
        raise ValidationFailed(_("unknown instrument %(instrument)r; instruments: %(instruments)s") % {
            "instrument": instrument, "instruments": ", ".join(domain.INSTRUMENTS)})


def check_year(year: int) -> None:
    if not 1990 <= year <= timezone.localdate().year:
        raise ValidationFailed(_("%(year)s is not a year salw can report on") % {"year": year})


def report_build(actor, *, instrument: str, year: int, jurisdiction: Jurisdiction | None = None,
                 language: str | None = None) -> Report:
    """The report of one instrument for one year and jurisdiction, from the records as they are now."""
    check_instrument(instrument)
    check_year(year)
    definition, context = _report_context(actor, instrument, year, jurisdiction, offered_language(language))
    with translation.override(context.language):
        return definition.build(context, generated_at=timezone.now().isoformat(timespec="seconds"))


def _report_context(actor, instrument: str, year: int, jurisdiction: Jurisdiction | None, language: str):
    from salw.reporting.instruments import definition_for

    jurisdiction = jurisdiction or reporting_jurisdiction()
    policies.report_build(actor, jurisdiction=jurisdiction)
    definition = definition_for(instrument)
    return definition, ReportContext(
        actor=actor, period=Period(year), jurisdiction=jurisdiction, home_country=home_country(jurisdiction),
        language=language, loaders=definition.loaders,
        annotations=row_annotations(instrument=instrument, year=year, jurisdiction=jurisdiction),
        narrative=narrative_texts(instrument=instrument, year=year, jurisdiction=jurisdiction),
    )


def report_row_keys(actor, *, instrument: str, year: int, jurisdiction: Jurisdiction | None,
                    section: str) -> list[str]:
    """The rows one section of a report has now, building that section alone (a whole report
    over a large registry takes seconds; a note on one row should not)."""
    check_instrument(instrument)
    check_year(year)
    definition, context = _report_context(actor, instrument, year, jurisdiction, offered_language(None))
    found = next((candidate for candidate in definition.sections if candidate.key == section), None)
    if found is None:
        raise ValidationFailed(_("the %(instrument)s report has no section %(section)r; sections: %(sections)s") % {
            "instrument": instrument, "section": section,
            "sections": ", ".join(candidate.key for candidate in definition.sections)})
    return [row.key for row in found.build(context).rows]


def row_annotations(*, instrument: str, year: int, jurisdiction) -> dict[tuple[str, str], tuple[str, str]]:
    rows = RowAnnotation.objects.filter(instrument=instrument, year=year, jurisdiction=jurisdiction,
                                        voided_at__isnull=True)
    return {(row.section, row.row_key): (row.note, row.withheld) for row in rows}


def narrative_texts(*, instrument: str, year: int, jurisdiction) -> dict[str, str]:
    return dict(NarrativeSection.objects.filter(instrument=instrument, year=year, jurisdiction=jurisdiction,
                                                voided_at__isnull=True).values_list("key", "text"))


def narrative_parts(actor, *, instrument: str, year: int,
                    jurisdiction: Jurisdiction | None = None) -> list[NarrativePart]:
    """The narrative parts of one report, titled in the active language, each with its current text."""
    from salw.reporting.instruments import definition_for

    check_instrument(instrument)
    check_year(year)
    jurisdiction = jurisdiction or reporting_jurisdiction()
    policies.report_build(actor, jurisdiction=jurisdiction)
    texts = narrative_texts(instrument=instrument, year=year, jurisdiction=jurisdiction)
    return [NarrativePart(heading.key, str(heading.title), texts.get(heading.key, ""))
            for heading in definition_for(instrument).narrative]


# --- snapshots -------------------------------------------------------------------------------

def snapshots_visible_to(actor) -> QuerySet[ReportSnapshot]:
    snapshots = ReportSnapshot.objects.filter(voided_at__isnull=True).select_related("jurisdiction")
    return within_visible(snapshots, actor, policies.REPORT_MAKERS)


def snapshot_for(actor, snapshot_id) -> ReportSnapshot:
    try:
        snapshot_id = uuid.UUID(str(snapshot_id))
    except ValueError:
        raise NotFound(_("no such report snapshot")) from None
    snapshot = snapshots_visible_to(actor).filter(id=snapshot_id).first()
    if snapshot is None:
        raise NotFound(_("no such report snapshot, or not in your jurisdiction"))
    policies.snapshot_read(actor, snapshot=snapshot)
    return snapshot


def snapshot_report(snapshot: ReportSnapshot) -> Report:
    """The report exactly as it was saved, whatever happened to the records since."""
    return Report.from_dict(json.loads(snapshot.report_json))


# --- drill-down ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CountedRecord:
    """One record behind a figure, described for a reader."""

    record_id: str
    kind: str
    key: str
    day: date | None
    summary: str
    weapon_id: str  # for a link to the weapon's page; "" when the record is not about a registry weapon


def records_described(actor, record_ids: list[str], *, jurisdiction: Jurisdiction) -> list[CountedRecord]:
    """The records of a cell, in the cell's order, each only if it lies within the jurisdiction."""
    policies.report_build(actor, jurisdiction=jurisdiction)
    by_kind: dict[str, list[str]] = {}
    for text in record_ids:
        kind, key = domain.split_record_id(text)
        by_kind.setdefault(kind, []).append(key)
    found: dict[str, CountedRecord] = {}
    for kind, keys in by_kind.items():
        for record in _DESCRIBERS[kind](keys, jurisdiction.path):
            found[record.record_id] = record
    return [found[text] for text in record_ids if text in found]


def _events(keys, path):
    from salw.registry.models import Event

    events = (Event.objects.filter(seq__in=[int(key) for key in keys], weapon__jurisdiction__path__startswith=path)
              .select_related("weapon", "counterparty"))
    for event in events:
        partner = f" → {event.counterparty.name} ({event.counterparty.country})" if event.counterparty else ""
        yield CountedRecord(domain.record_id("event", event.seq), "event", str(event.seq), event.occurred_on,
                            f"{event.event_type} · {event.weapon}{partner}", str(event.weapon_id))


def _weapons(keys, path):
    from salw.registry.models import Weapon

    for weapon in Weapon.objects.filter(id__in=keys, jurisdiction__path__startswith=path):
        yield CountedRecord(domain.record_id("weapon", weapon.id), "weapon", str(weapon.id), weapon.status_date,
                            f"{weapon.record_id} · {weapon} · {weapon.status}", str(weapon.id))


def _seized_items(keys, path):
    from salw.tracing.models import SeizedItem

    items = SeizedItem.objects.filter(id__in=keys, seizure__jurisdiction__path__startswith=path) \
        .select_related("seizure")
    for item in items:
        seizure = item.seizure
        yield CountedRecord(domain.record_id("seized_item", item.id), "seized_item", str(item.id),
                            seizure.occurred_on,
                            f"{seizure.kind} {seizure.case_reference or ''} · {item} · {item.weapon_type or '—'}",
                            "")


def _trace_requests(keys, path):
    from salw.tracing.models import TraceRequest

    for request in TraceRequest.objects.filter(id__in=keys, jurisdiction__path__startswith=path):
        yield CountedRecord(domain.record_id("trace_request", request.id), "trace_request", str(request.id),
                            request.sent_on, f"{request.reference} · {request.direction} · "
                            f"{request.recipient_country} · {request.status}", "")


def _delivery_lines(keys, path):
    from salw.licensing.selectors import delivery_lines_described

    for line in delivery_lines_described(keys, path):
        yield CountedRecord(domain.record_id("delivery_line", line["id"]), "delivery_line", line["id"], line["day"],
                            line["summary"], "")


_DESCRIBERS = {"event": _events, "weapon": _weapons, "seized_item": _seized_items,
               "trace_request": _trace_requests, "delivery_line": _delivery_lines}
