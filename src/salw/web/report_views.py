"""Report pages: each report with every figure linked to its records, downloads, snapshots, data quality."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from salw.core.errors import NotFound, PermissionRefused, ValidationFailed
from salw.reporting import policies, services
from salw.reporting.domain import INSTRUMENTS
from salw.reporting.quality import data_quality
from salw.reporting.renderers import CONTENT_TYPES, FORMATS, file_name
from salw.reporting.renderers import render as render_report
from salw.reporting.renderers.to_html import render_html, report_context, style_hash
from salw.reporting.selectors import (
    narrative_parts,
    records_described,
    report_build,
    reporting_jurisdiction,
    snapshot_for,
    snapshot_report,
    snapshots_visible_to,
)
from salw.web.permissions import jurisdictions_visible_to
from salw.web.report_forms import NarrativeForm, RowAnnotationForm

PRINT_POLICY = "default-src 'none'; style-src {styles}; img-src data:; base-uri 'none'; form-action 'none'; " \
               "frame-ancestors 'none'"


def _may_report(view):
    def checked(request, *args, **kwargs):
        if not policies.may_read_reports(request.user):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except PermissionRefused:
            raise PermissionDenied from None
        except NotFound as error:
            raise Http404(str(error)) from None
    checked.__name__ = view.__name__
    return login_required(checked)


def _choices(request) -> tuple[int, object]:
    default_year = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year") or default_year)
    except ValueError:
        year = default_year
    return year, reporting_jurisdiction(request.GET.get("jurisdiction") or None)


def _query(year: int, jurisdiction, **extra) -> str:
    return urlencode({"year": year, "jurisdiction": jurisdiction.code, **extra})


def _build(request, instrument: str):
    if instrument not in INSTRUMENTS:
        raise Http404("no such report")
    year, jurisdiction = _choices(request)
    try:
        report = report_build(request.user, instrument=instrument, year=year, jurisdiction=jurisdiction,
                              language=translation.get_language())
    except ValidationFailed as error:
        raise Http404(str(error)) from None
    return report, year, jurisdiction


@require_safe
@_may_report
def report_index(request):
    year, jurisdiction = _choices(request)
    return render(request, "reports/index.html", {
        "year": year, "jurisdiction": jurisdiction, "instruments": INSTRUMENTS,
        "jurisdictions": jurisdictions_visible_to(request.user), "query": _query(year, jurisdiction)})


@require_safe
@_may_report
def report_page(request, instrument):
    report, year, jurisdiction = _build(request, instrument)
    base = reverse("report_records", args=[instrument])

    def cell_link(section: str, row: str, column: str) -> str:
        return f"{base}?{_query(year, jurisdiction, section=section, row=row, column=column)}"

    def row_link(section: str, row: str) -> str:
        return f"{reverse('report_row_annotate', args=[instrument])}?" \
               f"{_query(year, jurisdiction, section=section, row=row)}"

    def part_link(key: str) -> str:
        return f"{reverse('report_narrative_edit', args=[instrument, key])}?{_query(year, jurisdiction)}"

    may_save = policies.may_save_reports(request.user, jurisdiction)
    snapshots = snapshots_visible_to(request.user).filter(instrument=instrument, year=year,
                                                          jurisdiction=jurisdiction).order_by("-version")
    return render(request, "reports/report.html", {
        **report_context(report, cell_link, row_link if may_save else None, part_link if may_save else None),
        "instrument": instrument, "year": year, "jurisdiction": jurisdiction,
        "query": _query(year, jurisdiction), "formats": FORMATS, "snapshots": snapshots, "may_save": may_save,
    })


@require_safe
@_may_report
def report_records(request, instrument):
    report, year, jurisdiction = _build(request, instrument)
    try:
        section = report.section(request.GET.get("section", ""))
    except KeyError:
        raise Http404("no such section") from None
    row = section.row(request.GET.get("row", ""))
    cell = row.cells.get(request.GET.get("column", "")) if row else None
    if cell is None:
        raise Http404("no such figure")
    column = next(c.title for c in section.value_columns if c.key == request.GET["column"])
    records = records_described(request.user, cell.record_ids, jurisdiction=jurisdiction)
    return render(request, "reports/records.html", {
        "report": report, "section": section, "row": row, "column": column, "cell": cell, "records": records,
        "instrument": instrument, "query": _query(year, jurisdiction)})


@require_safe
@_may_report
def report_download(request, instrument):
    output_format = request.GET.get("format", "xlsx")
    if output_format not in FORMATS:
        raise Http404("no such format")
    report, _, _ = _build(request, instrument)
    return _file(report, output_format)


@require_safe
@_may_report
def report_print(request, instrument):
    report, _, _ = _build(request, instrument)
    return _printable(report)


@require_POST
@_may_report
def report_snapshot_create(request, instrument):
    if instrument not in INSTRUMENTS:
        raise Http404("no such report")
    year, jurisdiction = _choices(request)
    services.report_snapshot_create(actor=request.user, instrument=instrument, year=year,
                                    jurisdiction=jurisdiction, language=translation.get_language(),
                                    note=request.POST.get("note", ""))
    return redirect(f"{reverse('report_page', args=[instrument])}?{_query(year, jurisdiction)}")


def _writable(request, instrument: str) -> tuple[int, object]:
    """Year and jurisdiction of a page that writes into a report; refused unless the user may save it."""
    if instrument not in INSTRUMENTS:
        raise Http404("no such report")
    year, jurisdiction = _choices(request)
    if not policies.may_save_reports(request.user, jurisdiction):
        raise PermissionDenied
    return year, jurisdiction


def _back_to_report(instrument: str, year: int, jurisdiction, anchor: str):
    return redirect(f"{reverse('report_page', args=[instrument])}?{_query(year, jurisdiction)}#{anchor}")


@require_http_methods(["GET", "HEAD", "POST"])
@_may_report
def report_row_annotate(request, instrument):
    """A row's note (the comments column) and its withholding flag."""
    year, jurisdiction = _writable(request, instrument)
    report = _build(request, instrument)[0]
    try:
        section = report.section(request.GET.get("section", ""))
    except KeyError:
        raise Http404("no such section") from None
    row = section.row(request.GET.get("row", ""))
    if row is None:
        raise Http404("no such row")
    form = RowAnnotationForm(request.POST or None, initial={"note": row.note, "withheld": row.withheld})
    if request.method == "POST" and form.is_valid():
        try:
            services.row_annotation_save(actor=request.user, instrument=instrument, year=year,
                                         section=section.key, row_key=row.key, note=form.cleaned_data["note"],
                                         withheld=form.cleaned_data["withheld"], jurisdiction=jurisdiction)
        except ValidationFailed as problem:
            form.add_error("withheld" if problem.problems[0].field == "withheld" else None, str(problem))
        else:
            messages.success(request, _("The row's note and withholding are saved."))
            return _back_to_report(instrument, year, jurisdiction, f"section-{section.key}")
    return render(request, "reports/row_annotation.html", {
        "form": form, "report": report, "section": section, "row": row, "instrument": instrument,
        "row_label": " · ".join(label for label in row.labels if label), "query": _query(year, jurisdiction)})


@require_http_methods(["GET", "HEAD", "POST"])
@_may_report
def report_narrative_edit(request, instrument, key):
    """The text of one narrative part, saved as it is typed (the audit log keeps the earlier text)."""
    year, jurisdiction = _writable(request, instrument)
    try:
        parts = narrative_parts(request.user, instrument=instrument, year=year, jurisdiction=jurisdiction)
    except ValidationFailed as error:
        raise Http404(str(error)) from None
    part = next((part for part in parts if part.key == key), None)
    if part is None and request.method != "POST":
        raise Http404("no such narrative part")
    # A form posted for a part the report no longer has is refused by the service, on the form.
    title = part.title if part else key
    form = NarrativeForm(request.POST or None, initial={"text": part.text if part else ""}, title=title)
    if request.method == "POST" and form.is_valid():
        try:
            services.narrative_section_save(actor=request.user, instrument=instrument, year=year, key=key,
                                            text=form.cleaned_data["text"], jurisdiction=jurisdiction)
        except ValidationFailed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("“%(part)s” is saved.") % {"part": title})
            return _back_to_report(instrument, year, jurisdiction, f"narrative-{key}")
    return render(request, "reports/narrative_edit.html", {
        "form": form, "title": title, "key": key, "instrument": instrument, "year": year,
        "jurisdiction": jurisdiction, "query": _query(year, jurisdiction)})


@require_safe
@_may_report
def report_snapshot(request, snapshot_id):
    report = snapshot_report(snapshot_for(request.user, snapshot_id))
    output_format = request.GET.get("format", "html")
    if output_format == "html":
        return _printable(report)
    if output_format not in FORMATS:
        raise Http404("no such format")
    return _file(report, output_format)


@require_safe
@_may_report
def report_quality(request):
    year, jurisdiction = _choices(request)
    try:
        days = max(0, min(int(request.GET.get("days") or 30), 3650))
    except ValueError:
        days = 30
    quality = data_quality(request.user, year=year, jurisdiction=jurisdiction, timely_days=days)
    return render(request, "reports/quality.html", {
        "quality": quality, "year": year, "jurisdiction": jurisdiction, "days": days,
        "jurisdictions": jurisdictions_visible_to(request.user),
        "problems": [(problem, records_described(request.user, problem.record_ids, jurisdiction=jurisdiction))
                     for problem in quality.missing + quality.unclassifiable],
    })


def _file(report, output_format: str) -> HttpResponse:
    response = HttpResponse(render_report(report, output_format), content_type=CONTENT_TYPES[output_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, output_format)}"'
    return response


def _printable(report) -> HttpResponse:
    response = HttpResponse(render_html(report), content_type=CONTENT_TYPES["html"])
    # The print document inlines its stylesheet; allow exactly that one and nothing else.
    response["Content-Security-Policy"] = PRINT_POLICY.format(styles=style_hash())
    return response


urlpatterns = [
    path("", report_index, name="report_index"),
    path("quality/", report_quality, name="report_quality"),
    path("snapshots/<uuid:snapshot_id>/", report_snapshot, name="report_snapshot"),
    path("<str:instrument>/", report_page, name="report_page"),
    path("<str:instrument>/records/", report_records, name="report_records"),
    path("<str:instrument>/download/", report_download, name="report_download"),
    path("<str:instrument>/print/", report_print, name="report_print"),
    path("<str:instrument>/snapshots/", report_snapshot_create, name="report_snapshot_create"),
    path("<str:instrument>/rows/", report_row_annotate, name="report_row_annotate"),
    path("<str:instrument>/narrative/<str:key>/", report_narrative_edit, name="report_narrative_edit"),
]
