"""Every write of reporting. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import json

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.audit import actor_identity, audit_record
from salw.core.errors import ValidationFailed
from salw.reporting import domain, policies
from salw.reporting.models import NarrativeSection, ReportSnapshot, RowAnnotation
from salw.reporting.selectors import (
    check_instrument,
    check_year,
    report_build,
    report_row_keys,
    reporting_jurisdiction,
)


def report_snapshot_create(*, actor, instrument: str, year: int, jurisdiction=None, language: str | None = None,
                           note: str = "") -> ReportSnapshot:
    """Save the report as it is now as the next version (v1, v2...) of this instrument and year."""
    jurisdiction = jurisdiction or reporting_jurisdiction()
    policies.report_snapshot_create(actor, jurisdiction=jurisdiction)
    report = report_build(actor, instrument=instrument, year=year, jurisdiction=jurisdiction, language=language)
    generated_by_id, generated_by_name = actor_identity(actor)
    with transaction.atomic():
        latest = (ReportSnapshot.objects.select_for_update()
                  .filter(instrument=instrument, year=year, jurisdiction=jurisdiction)
                  .aggregate(latest=Max("version"))["latest"]) or 0
        snapshot = ReportSnapshot.objects.create(
            instrument=instrument, year=year, jurisdiction=jurisdiction, version=latest + 1,
            generated_by_id=generated_by_id, generated_by_name=generated_by_name, generated_at=timezone.now(),
            language=report.language, data_hash=report.data_hash(),
            report_json=json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True, default=str),
            note=note.strip(),
        )
        audit_record(actor=actor, action="report_snapshot_create", object_type="report_snapshot",
                     object_id=snapshot.id, changes={"instrument": instrument, "year": year,
                                                     "jurisdiction": jurisdiction.code, "version": snapshot.version,
                                                     "data_hash": snapshot.data_hash})
    return snapshot


def narrative_section_save(*, actor, instrument: str, year: int, key: str, text: str,
                           jurisdiction=None) -> NarrativeSection:
    """Write (or rewrite) one narrative part of a report; the audit log keeps the old text."""
    from salw.reporting.instruments import definition_for

    jurisdiction = jurisdiction or reporting_jurisdiction()
    policies.narrative_section_save(actor, jurisdiction=jurisdiction)
    check_instrument(instrument)
    check_year(year)
    keys = [heading.key for heading in definition_for(instrument).narrative]
    if key not in keys:
        values = {"instrument": instrument, "key": key, "parts": ", ".join(keys)}
        if not keys:
            raise ValidationFailed(_("the %(instrument)s report has no narrative part %(key)r; parts: none") % values)
        raise ValidationFailed(_("the %(instrument)s report has no narrative part %(key)r; parts: %(parts)s") % values)
    with transaction.atomic():
        section, created = NarrativeSection.objects.select_for_update().get_or_create(
            instrument=instrument, year=year, jurisdiction=jurisdiction, key=key,
            defaults={"text": text, "updated_by_name": actor_identity(actor)[1]})
        previous = "" if created else section.text
        if not created:
            section.text = text
            section.updated_by_name = actor_identity(actor)[1]
            section.save(update_fields=["text", "updated_by_name", "updated_at"])
        audit_record(actor=actor, action="narrative_section_save", object_type="narrative_section",
                     object_id=section.id, changes={"instrument": instrument, "year": year, "key": key,
                                                    "old": previous, "new": text})
    return section


def row_annotation_save(*, actor, instrument: str, year: int, section: str, row_key: str, note: str = "",
                        withheld: str = "", jurisdiction=None) -> RowAnnotation:
    """A note on one row of a report (the "comments" column), and whether the row is withheld."""
    jurisdiction = jurisdiction or reporting_jurisdiction()
    policies.row_annotation_save(actor, jurisdiction=jurisdiction)
    check_instrument(instrument)
    check_year(year)
    if withheld and withheld not in domain.WITHHOLDING_REASONS:
        raise ValidationFailed.about("withheld", _("withholding reason must be one of %(reasons)s") % {
            "reasons": ", ".join(domain.WITHHOLDING_REASONS)})
    _check_row_exists(actor, instrument=instrument, year=year, jurisdiction=jurisdiction, section=section,
                      row_key=row_key)
    with transaction.atomic():
        annotation, created = RowAnnotation.objects.select_for_update().get_or_create(
            instrument=instrument, year=year, jurisdiction=jurisdiction, section=section, row_key=row_key,
            defaults={"note": note, "withheld": withheld, "updated_by_name": actor_identity(actor)[1]})
        previous = None if created else {"note": annotation.note, "withheld": annotation.withheld}
        if not created:
            annotation.note, annotation.withheld = note, withheld
            annotation.updated_by_name = actor_identity(actor)[1]
            annotation.save(update_fields=["note", "withheld", "updated_by_name", "updated_at"])
        audit_record(actor=actor, action="row_annotation_save", object_type="report_row",
                     object_id=annotation.id, changes={"instrument": instrument, "year": year,
                                                       "section": section, "row": row_key, "note": note,
                                                       "withheld": withheld, "previous": previous})
    return annotation


SHOWN_ROW_KEYS = 20


def _check_row_exists(actor, *, instrument: str, year: int, jurisdiction, section: str, row_key: str) -> None:
    """Refuse a note on a row the report does not have: a mistyped key would keep a note nobody sees."""
    keys = report_row_keys(actor, instrument=instrument, year=year, jurisdiction=jurisdiction, section=section)
    if row_key not in keys:
        listed = ", ".join(keys[:SHOWN_ROW_KEYS]) + (", ..." if len(keys) > SHOWN_ROW_KEYS else "")
        values = {"section": section, "instrument": instrument, "year": year, "row_key": row_key, "rows": listed}
        if not keys:
            raise ValidationFailed(_("section %(section)r of the %(instrument)s report for %(year)s has no row "
                                     "%(row_key)r; rows: none (no records in the period)") % values)
        raise ValidationFailed(_("section %(section)r of the %(instrument)s report for %(year)s has no row "
                                 "%(row_key)r; rows: %(rows)s") % values)
