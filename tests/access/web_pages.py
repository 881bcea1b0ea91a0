"""Every page of the web application, classified like the API operations (see api_operations.py).

The matrix takes the pages from the URL resolver; one missing here fails the matrix until it is
classified. Form pages are opened (GET): what a role may not change, it may not even open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from salw.core.access import SystemActor
from salw.licensing import services as licensing
from salw.licensing.models import ReassessmentFlag
from salw.web import uploads
from tests.access.api_operations import CREATE, GENERAL, LISTING, RECORD
from tests.access.expectations import (
    ACCOUNT,
    ANALYTICS,
    AUDIT,
    CONTEXT,
    EMBARGOES,
    LICENSING,
    READ,
    REGISTRY,
    REPORTS,
    SESSION,
    TRACING,
    WRITE,
)
from tests.access.requests import Call, registry_file
from tests.access.world import YEAR, RegionRecords, World


@dataclass(frozen=True)
class Page:
    area: str
    access: str
    about: str
    call: Callable[[RegionRecords, World, object], Call]  # (region, world, signed-in user)


def _get(path: str, about: str, area: str, access: str = READ, params=None) -> Page:
    return Page(area, access, about, lambda r, w, u: Call("GET", path, params or {}))


def _record(area: str, access: str, path: Callable[[RegionRecords], str], method: str = "GET") -> Page:
    return Page(area, access, RECORD, lambda r, w, u: Call(method, path(r)))


def _report(suffix: str, method: str = "GET", access: str = READ, **params) -> Page:
    return Page(REPORTS, access, CREATE, lambda r, w, u: Call(
        method, f"/reports/poa/{suffix}", {"year": YEAR, "jurisdiction": r.jurisdiction.code, **params}))


def _report_figure(r: RegionRecords, w: World, u) -> Call:
    section, row, column = w.report_cell
    return Call("GET", "/reports/poa/records/", {"year": YEAR, "jurisdiction": r.jurisdiction.code,
                                                 "section": section, "row": row, "column": column})


def _upload_page(suffix: str, method: str) -> Page:
    def call(r: RegionRecords, w: World, user) -> Call:
        if not user.role_assignments.filter(role__in=("administrator", "registrar"), scope="capture").exists():
            return Call(method, f"/import/{'x' * 32}/{suffix}")  # refused before the upload is looked up
        upload = uploads.upload_save(user=user, jurisdiction_id=r.jurisdiction.id, uploaded_file=SimpleUploadedFile(
            "registry.csv", registry_file("MATRIX-UPLOAD"), content_type="text/csv"))
        return Call(method, f"/import/{upload.id}/{suffix}")
    return Page(REGISTRY, WRITE, CREATE, call)


def _application(suffix: str, state: str, access: str = WRITE, method: str = "GET") -> Page:
    return _record(LICENSING, access, lambda r: f"/licensing/{getattr(r, state).reference}/{suffix}", method)


def _embargo_page(action: str) -> Page:
    """An administrator's form about one entry of the national list: no region's record."""
    def call(r: RegionRecords, w: World, user) -> Call:
        entry = licensing.embargo_record(actor=SystemActor(name="cli:test"), country="SSD", regime="South Sudan",
                                         resolution="S/RES/2428 (2018)", scope="all", starts_on=date(2018, 7, 13))
        return Call("GET", f"/licensing/embargoes/{entry.id}/{action}/")
    return Page(EMBARGOES, WRITE, GENERAL, call)


def _flag_applications() -> None:
    """An embargo in force today on the Ghanaian end users flags every application still being decided
    or licensed, in both regions, so that the flag pages have the Northern region's flags to hide."""
    licensing.embargo_record(actor=SystemActor(name="cli:test"), country="GHA", regime="matrix",
                             resolution="S/RES/1 (2000)", scope="non_state", starts_on=date(2000, 1, 1))


def _reassessments(r: RegionRecords, w: World, user) -> Call:
    _flag_applications()
    return Call("GET", "/licensing/reassessments/", {"resolved": "1"})


def _reassessment_resolve(r: RegionRecords, w: World, user) -> Call:
    _flag_applications()
    flag = ReassessmentFlag.objects.get(application=r.licence.application)
    return Call("GET", f"/licensing/reassessments/{flag.id}/resolve/")


WEB_PAGES: dict[str, Page] = {
    "login": _get("/login/", GENERAL, SESSION),
    "logout": Page(SESSION, WRITE, GENERAL, lambda r, w, u: Call("POST", "/logout/")),
    "set_language": Page(SESSION, WRITE, GENERAL, lambda r, w, u: Call("POST", "/i18n/setlang/",
                                                                       body={"language": "fr"})),
    "api-index": _get("/api/v1/", GENERAL, ACCOUNT),
    "openapi-json": _get("/api/v1/openapi.json", GENERAL, ACCOUNT),
    "openapi-view": _get("/api/v1/docs", GENERAL, ACCOUNT),
    "api-root": _get("/api/v1/", GENERAL, ACCOUNT),
    # registry
    "dashboard": _get("/", LISTING, REGISTRY),
    "weapon_list": Page(REGISTRY, READ, LISTING, lambda r, w, u: Call(
        "GET", "/weapons/", {"serial": r.weapon.serial_number, "jurisdiction": str(r.jurisdiction.id)})),
    "weapon_register": _get("/weapons/new/", GENERAL, REGISTRY, WRITE),
    "weapon_detail": _record(REGISTRY, READ, lambda r: f"/weapons/{r.weapon.id}/"),
    "event_record": _record(REGISTRY, WRITE, lambda r: f"/weapons/{r.weapon.id}/events/new/"),
    "marking_search": Page(REGISTRY, READ, LISTING, lambda r, w, u: Call(
        "GET", "/search/", {"serial": r.weapon.serial_number, "manufacturer": "Izhmash"})),
    "import_upload": _get("/import/", GENERAL, REGISTRY, WRITE),
    "import_preview": _upload_page("", "GET"),
    "import_confirm": _upload_page("confirm/", "POST"),
    # Discarding one's own uploaded file touches no region's records, whichever region it was for.
    "import_cancel": Page(REGISTRY, WRITE, GENERAL, _upload_page("cancel/", "POST").call),
    "audit_log": _get("/audit/", GENERAL, AUDIT),
    # tracing
    "trace_request_letter": _record(TRACING, READ, lambda r: f"/tracing/requests/{r.trace_request.id}/letter/"),
    # reports
    "report_index": Page(REPORTS, READ, LISTING, lambda r, w, u: Call(
        "GET", "/reports/", {"year": YEAR, "jurisdiction": r.jurisdiction.code})),
    "report_quality": Page(REPORTS, READ, CREATE, lambda r, w, u: Call(
        "GET", "/reports/quality/", {"year": YEAR, "jurisdiction": r.jurisdiction.code})),
    "report_page": _report(""),
    "report_records": Page(REPORTS, READ, CREATE, _report_figure),
    "report_download": _report("download/", format="csv"),
    "report_print": _report("print/"),
    "report_snapshot_create": _report("snapshots/", method="POST", access=WRITE),
    "report_row_annotate": _report("rows/", access=WRITE, section="marking_records", row="weapons_registered"),
    "report_narrative_edit": _report("narrative/point_of_contact/", access=WRITE),
    "report_snapshot": _record(REPORTS, READ, lambda r: f"/reports/snapshots/{r.snapshot.id}/"),
    # country context
    "context_ranking": _get("/context/", GENERAL, CONTEXT),
    "context_country": _get("/context/GHA/", GENERAL, CONTEXT),
    "context_backtest": _get("/context/backtest/?from=2018&to=2021", GENERAL, CONTEXT),
    "context_backtest_figure": _get("/context/backtest/calibration.svg?from=2018&to=2021", GENERAL, CONTEXT),
    # analytics: the pages count over the user's own jurisdictions
    "analytics_map": _get("/analytics/", LISTING, ANALYTICS),
    "analytics_charts": _get("/analytics/charts/", LISTING, ANALYTICS),
    "analytics_table": _get("/analytics/tables/trends.csv", LISTING, ANALYTICS),
    "analytics_chart": _get("/analytics/charts/trends.svg", LISTING, ANALYTICS),
    # licensing
    "licensing_applications": _get("/licensing/", LISTING, LICENSING),
    "licensing_application_create": _get("/licensing/new/", GENERAL, LICENSING, WRITE),
    "licensing_application": _application("", "draft", READ),
    "licensing_party_add": _application("parties/new/", "draft"),
    "licensing_item_add": _application("items/new/", "draft"),
    "licensing_document_add": _application("documents/new/", "draft"),
    "licensing_document_verify": _record(LICENSING, WRITE, lambda r: (
        f"/licensing/{r.draft.reference}/documents/{r.document.id}/verify/")),
    "licensing_step": _application("step/submit/", "draft", method="POST"),
    "licensing_assessment": _application("assessment/", "assessing", READ),
    "licensing_decision": _application("decision/", "assessing"),
    "licensing_licence_issue": _application("licence/new/", "approved"),
    "licensing_licence": _record(LICENSING, READ, lambda r: f"/licensing/licences/{r.licence.number}/"),
    "licensing_delivery_record": _record(LICENSING, WRITE,
                                         lambda r: f"/licensing/licences/{r.licence.number}/deliveries/new/"),
    "licensing_licence_revoke": _record(LICENSING, WRITE,
                                        lambda r: f"/licensing/licences/{r.licence.number}/revoke/"),
    "licensing_licence_suspend": _record(LICENSING, WRITE,
                                         lambda r: f"/licensing/licences/{r.licence.number}/suspend/"),
    "licensing_licence_reinstate": _record(LICENSING, WRITE,
                                           lambda r: f"/licensing/licences/{r.licence.number}/reinstate/"),
    "licensing_delivery_check": _record(LICENSING, WRITE,
                                        lambda r: f"/licensing/deliveries/{r.delivery.id}/check/"),
    "licensing_reassessments": Page(LICENSING, READ, LISTING, _reassessments),
    "licensing_reassessment_resolve": Page(LICENSING, WRITE, RECORD, _reassessment_resolve),
    # the UN arms embargo list: national, read by licensing's readers, kept by administrators only
    "licensing_embargoes": _get("/licensing/embargoes/", GENERAL, EMBARGOES),
    "licensing_embargo_create": _get("/licensing/embargoes/new/", GENERAL, EMBARGOES, WRITE),
    "licensing_embargo_end": _embargo_page("end"),
    "licensing_embargo_verify": _embargo_page("verify"),
    "licensing_embargo_void": _embargo_page("withdraw"),
}
