"""/reports: treaty reports with the record ids behind every figure, as JSON or as files; snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from salw.accounts.domain import REPORTS_READ
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import error_responses
from salw.reporting import policies, services
from salw.reporting.renderers import CONTENT_TYPES, file_name, render
from salw.reporting.selectors import (
    report_build,
    reporting_jurisdiction,
    snapshot_for,
    snapshot_report,
    snapshots_visible_to,
)

router = Router(tags=["reports"])

Instrument = Literal["att", "unroca", "poa", "iafq"]  # reporting.domain.INSTRUMENTS
Withholding = Literal["", "commercially_sensitive", "national_security"]  # "" or reporting.domain.WITHHOLDING_REASONS


class ReportQuery(Schema):
    year: int = Field(..., ge=1990, le=2100)
    jurisdiction: str | None = Field(None, description="jurisdiction code (default: national)")
    language: str = Field("en", max_length=10, description="language of titles and labels; English if missing")
    format: Literal["json", "xlsx", "csv", "html"] = "json"


class CellOut(Schema):
    value: int | float | str | None
    record_ids: list[str] = Field(description="the records this figure counts (drill-down)")


class RowOut(Schema):
    key: str
    labels: list[str]
    cells: dict[str, CellOut]
    note: str
    withheld: str


class ColumnOut(Schema):
    key: str
    title: str


class SectionOut(Schema):
    key: str
    title: str
    label_columns: list[ColumnOut]
    value_columns: list[ColumnOut]
    rows: list[RowOut]
    note: str
    nil_text: str


class NarrativeOut(Schema):
    key: str
    title: str
    text: str


class ReportOut(Schema):
    instrument: str
    title: str
    year: int
    jurisdiction_code: str
    jurisdiction_name: str
    sections: list[SectionOut]
    notes: list[str]
    narrative: list[NarrativeOut]
    language: str
    generated_at: str
    model_version: int
    data_hash: str = Field(description="SHA-256 of the figures and the records behind them")


class SnapshotIn(Schema):
    year: int = Field(..., ge=1990, le=2100)
    jurisdiction: str | None = None
    language: str = Field("en", max_length=10)
    note: str = Field("", max_length=2000)


class SnapshotOut(Schema):
    id: UUID
    instrument: str
    year: int
    jurisdiction: str
    version: int
    generated_by: str
    generated_at: datetime
    data_hash: str
    language: str
    note: str


class SnapshotDetailOut(SnapshotOut):
    report: ReportOut


class NarrativeIn(Schema):
    year: int = Field(..., ge=1990, le=2100)
    text: str = Field(..., max_length=20000, description="plain text, paragraphs separated by an empty line; "
                                                         "empty leaves the part \"To be completed.\"")
    jurisdiction: str | None = Field(None, description="jurisdiction code (default: national)")


class NarrativeSavedOut(Schema):
    instrument: str
    year: int
    jurisdiction: str
    key: str
    text: str
    updated_by: str
    updated_at: datetime


class RowAnnotationIn(Schema):
    year: int = Field(..., ge=1990, le=2100)
    section: str = Field(..., max_length=64, description="a section key of the report (sections[].key)")
    row_key: str = Field(..., max_length=200, description="a row key of that section (sections[].rows[].key)")
    note: str = Field("", max_length=2000, description="the row's comments column; empty for none")
    withheld: Withholding = Field("", description="why the row's figures are withheld (ATT Article 13(3)); "
                                                 "empty: not withheld")
    jurisdiction: str | None = Field(None, description="jurisdiction code (default: national)")


class RowAnnotationOut(Schema):
    instrument: str
    year: int
    jurisdiction: str
    section: str
    row_key: str
    note: str
    withheld: str
    updated_by: str
    updated_at: datetime


def _snapshot_out(snapshot) -> dict[str, Any]:
    return {"id": snapshot.id, "instrument": snapshot.instrument, "year": snapshot.year,
            "jurisdiction": snapshot.jurisdiction.code, "version": snapshot.version,
            "generated_by": snapshot.generated_by_name, "generated_at": snapshot.generated_at,
            "data_hash": snapshot.data_hash, "language": snapshot.language, "note": snapshot.note}


def _file(report, output_format: str) -> HttpResponse:
    response = HttpResponse(render(report, output_format), content_type=CONTENT_TYPES[output_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, output_format)}"'
    return response


@router.get("/reports/{instrument}", **requires_scope(REPORTS_READ),
            response={200: ReportOut, **error_responses(404)},
            summary="A report from the records; format=xlsx|csv|html downloads it as a file")
def report_get(request: HttpRequest, instrument: Instrument, query: Query[ReportQuery]):
    report = report_build(acting_user(request), instrument=instrument, year=query.year,
                          jurisdiction=reporting_jurisdiction(query.jurisdiction), language=query.language)
    if query.format != "json":
        return _file(report, query.format)
    return report.as_dict()


@router.post("/reports/{instrument}/snapshots", **requires_scope(REPORTS_READ),
             response={201: SnapshotOut, **error_responses(404, 409)},
             summary="Save the report as it is now as its next version")
def report_snapshot_create(request: HttpRequest, instrument: Instrument, body: SnapshotIn):
    snapshot = services.report_snapshot_create(actor=acting_user(request), instrument=instrument, year=body.year,
                                      jurisdiction=reporting_jurisdiction(body.jurisdiction),
                                      language=body.language, note=body.note)
    return Status(201, _snapshot_out(snapshot))


@router.put("/reports/{instrument}/narrative/{key}", **requires_scope(REPORTS_READ),
            response={200: NarrativeSavedOut, **error_responses(404)},
            summary="Write (or rewrite) one narrative part of a report; the audit log keeps the old text")
def report_narrative_save(request: HttpRequest, instrument: Instrument, key: str, body: NarrativeIn):
    section = services.narrative_section_save(actor=acting_user(request), instrument=instrument, year=body.year,
                                              key=key, text=body.text,
                                              jurisdiction=reporting_jurisdiction(body.jurisdiction))
    return {"instrument": section.instrument, "year": section.year, "jurisdiction": section.jurisdiction.code,
            "key": section.key, "text": section.text, "updated_by": section.updated_by_name,
            "updated_at": section.updated_at}


@router.put("/reports/{instrument}/rows", **requires_scope(REPORTS_READ),
            response={200: RowAnnotationOut, **error_responses(404)},
            summary="A row's note (comments column) and withholding flag; both are replaced")
def report_row_annotation_save(request: HttpRequest, instrument: Instrument, body: RowAnnotationIn):
    annotation = services.row_annotation_save(actor=acting_user(request), instrument=instrument, year=body.year,
                                              section=body.section, row_key=body.row_key, note=body.note,
                                              withheld=body.withheld,
                                              jurisdiction=reporting_jurisdiction(body.jurisdiction))
    return {"instrument": annotation.instrument, "year": annotation.year,
            "jurisdiction": annotation.jurisdiction.code, "section": annotation.section,
            "row_key": annotation.row_key, "note": annotation.note, "withheld": annotation.withheld,
            "updated_by": annotation.updated_by_name, "updated_at": annotation.updated_at}


@router.get("/reports/{instrument}/snapshots", **requires_scope(REPORTS_READ),
            response={200: list[SnapshotOut], **error_responses()},
            summary="Saved versions of a report, newest first")
def report_snapshot_list(request: HttpRequest, instrument: Instrument, year: int | None = None):
    actor = acting_user(request)
    policies.reports_read(actor)  # refused outright, as the pages are, rather than an empty list
    snapshots = snapshots_visible_to(actor).filter(instrument=instrument)
    if year is not None:
        snapshots = snapshots.filter(year=year)
    return [_snapshot_out(snapshot) for snapshot in snapshots.order_by("-year", "jurisdiction__code", "-version")]


@router.get("/reports/snapshots/{snapshot_id}", **requires_scope(REPORTS_READ),
            response={200: SnapshotDetailOut, **error_responses(404)},
            summary="One saved version, exactly as generated; format=xlsx|csv|html downloads it")
def report_snapshot_get(request: HttpRequest, snapshot_id: UUID,
                        format: Literal["json", "xlsx", "csv", "html"] = "json"):  # noqa: A002 - query name
    snapshot = snapshot_for(acting_user(request), snapshot_id)
    report = snapshot_report(snapshot)
    if format != "json":
        return _file(report, format)
    return {**_snapshot_out(snapshot), "report": report.as_dict()}
