"""Every operation of the API, classified: its area, whether it reads or writes, and what it is about.

The matrix takes the operations from the live OpenAPI document; one missing here fails the
matrix until it is classified, so a new endpoint cannot go untested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.expectations import (
    ACCOUNT,
    ANALYTICS,
    AUDIT,
    CONTEXT,
    LICENSING,
    READ,
    REGISTRY,
    REPORTS,
    TRACING,
    WRITE,
)
from tests.access.requests import Call, registry_file
from tests.access.world import YEAR, RegionRecords

# What an operation is about, which decides what it must answer for the other region:
RECORD = "record"  # one record: the other region's is not found (404)
CREATE = "create"  # a new record in a named jurisdiction: the other region is refused
LISTING = "listing"  # many records, counts or a search: asked about the other region, shows none of it
GENERAL = "general"  # nothing tied to a region


@dataclass(frozen=True)
class Operation:
    area: str
    access: str
    about: str
    call: Callable[[RegionRecords], Call]


def _code(r: RegionRecords) -> str:
    return r.jurisdiction.code


def _analytics(path: str, **params) -> Operation:
    return Operation(ANALYTICS, READ, LISTING,
                     lambda r: Call("GET", path, {"jurisdiction": _code(r), **params}))


def _application(method: str, suffix: str, state: str, access: str = WRITE, body: dict | None = None) -> Operation:
    return Operation(LICENSING, access, RECORD, lambda r: Call(
        method, f"/licensing/applications/{getattr(r, state).reference}{suffix}", body=body))


API_OPERATIONS: dict[str, Operation] = {
    "me": Operation(ACCOUNT, READ, GENERAL, lambda r: Call("GET", "/me")),
    "countries": Operation(ACCOUNT, READ, GENERAL, lambda r: Call("GET", "/vocabularies/countries")),
    "weapon_types": Operation(ACCOUNT, READ, GENERAL, lambda r: Call("GET", "/vocabularies/weapon-types")),
    "calibres": Operation(ACCOUNT, READ, GENERAL, lambda r: Call("GET", "/vocabularies/calibres")),
    "manufacturers": Operation(ACCOUNT, READ, GENERAL, lambda r: Call("GET", "/vocabularies/manufacturers")),
    # registry
    "weapon_list": Operation(REGISTRY, READ, LISTING,
                             lambda r: Call("GET", "/weapons", {"serial": r.weapon.serial_number})),
    "weapon_get": Operation(REGISTRY, READ, RECORD, lambda r: Call("GET", f"/weapons/{r.weapon.id}")),
    "weapon_timeline": Operation(REGISTRY, READ, RECORD,
                                 lambda r: Call("GET", f"/weapons/{r.weapon.id}/timeline")),
    "weapon_register": Operation(REGISTRY, WRITE, CREATE, lambda r: Call(
        "POST", "/weapons", body={"jurisdiction": _code(r), "record_id": "MATRIX-NEW", "serial_number": "MX1"})),
    "event_record": Operation(REGISTRY, WRITE, RECORD, lambda r: Call(
        "POST", f"/weapons/{r.weapon.id}/events", body={"event_type": "inventoried"})),
    "event_void": Operation(REGISTRY, WRITE, RECORD, lambda r: Call(
        "POST", f"/events/{r.event.seq}/void", body={"reason": "recorded on the wrong weapon"})),
    "stats": Operation(REGISTRY, READ, LISTING, lambda r: Call("GET", "/stats")),
    "registry_file_import": Operation(REGISTRY, WRITE, CREATE, lambda r: Call(
        "POST", "/imports/registry", upload={"jurisdiction": _code(r), "file": SimpleUploadedFile(
            "registry.csv", registry_file("MATRIX-IMPORT"), content_type="text/csv")})),
    "audit_list": Operation(AUDIT, READ, GENERAL, lambda r: Call("GET", "/audit")),
    # tracing
    "tracing_identify": Operation(TRACING, READ, LISTING, lambda r: Call(
        "POST", "/tracing/identify", body={"serial_number": r.weapon.serial_number, "manufacturer": "Izhmash"})),
    # country context: not tied to a jurisdiction
    "context_country": Operation(CONTEXT, READ, GENERAL, lambda r: Call("GET", "/context/countries/GHA")),
    "context_country_risk": Operation(CONTEXT, READ, GENERAL, lambda r: Call("GET", "/context/countries/GHA/risk")),
    "context_risk_ranking": Operation(CONTEXT, READ, GENERAL, lambda r: Call("GET", "/context/risk")),
    "context_backtest": Operation(CONTEXT, READ, GENERAL,
                                  lambda r: Call("GET", "/context/backtest?first_year=2018&last_year=2021")),
    # reports
    "report_get": Operation(REPORTS, READ, CREATE, lambda r: Call(
        "GET", "/reports/poa", {"year": YEAR, "jurisdiction": _code(r)})),
    "report_snapshot_create": Operation(REPORTS, WRITE, CREATE, lambda r: Call(
        "POST", "/reports/poa/snapshots", body={"year": YEAR, "jurisdiction": _code(r)})),
    "report_snapshot_list": Operation(REPORTS, READ, LISTING, lambda r: Call("GET", "/reports/poa/snapshots")),
    "report_snapshot_get": Operation(REPORTS, READ, RECORD,
                                     lambda r: Call("GET", f"/reports/snapshots/{r.snapshot.id}")),
    # analytics: figures over the caller's jurisdictions
    "analytics_flow_summary": _analytics("/analytics/flows"),
    "analytics_flow_breakdown": _analytics("/analytics/flows/breakdowns/admin1_areas"),
    "analytics_time_to_crime": _analytics("/analytics/flows/time-to-crime"),
    "analytics_flow_lines": _analytics("/analytics/flows/lines"),
    "analytics_flow_records": _analytics("/analytics/flows/records"),
    "analytics_map_countries": _analytics("/analytics/map/countries"),
    "analytics_map_admin1": _analytics("/analytics/map/admin1"),
    "analytics_seizure_points": _analytics("/analytics/map/seizure-points"),
    "analytics_map_records": _analytics("/analytics/map/records", country="SLE"),
    "analytics_trends": _analytics("/analytics/trends"),
    "analytics_armed_groups": _analytics("/analytics/armed-groups"),
    # licensing
    "licensing_application_list": Operation(LICENSING, READ, LISTING,
                                            lambda r: Call("GET", "/licensing/applications")),
    "licensing_application_create": Operation(LICENSING, WRITE, CREATE, lambda r: Call(
        "POST", "/licensing/applications", body={"jurisdiction": _code(r), "direction": "export",
                                                 "applicant": "Freetown Arms Ltd", "received_on": f"{YEAR}-05-02"})),
    "licensing_application_get": _application("GET", "", "draft", READ),
    "licensing_party_add": _application("POST", "/parties", "draft", body={
        "role": "consignee", "name": "Accra Depot", "country": "GHA"}),
    "licensing_item_add": _application("POST", "/items", "draft", body={"description": "Pistol", "quantity": 1}),
    "licensing_application_submit": _application("POST", "/submit", "draft"),
    "licensing_assessment_start": _application("POST", "/assessment", "submitted"),
    "licensing_assessment_get": _application("GET", "/assessment", "assessing", READ),
    "licensing_assessment_save": _application("PUT", "/assessment", "assessing", body={
        "mitigation_measures": "EUC verified twice"}),
    "licensing_application_decide": _application("POST", "/decision", "assessing", body={
        "outcome": "approve", "reasons": "low risk, verified end user"}),
    "licensing_licence_issue": _application("POST", "/licence", "approved", body={
        "valid_from": f"{YEAR}-02-01", "valid_until": f"{YEAR + 1}-01-31"}),
    "licensing_licence_get": Operation(LICENSING, READ, RECORD,
                                       lambda r: Call("GET", f"/licensing/licences/{r.licence.number}")),
    "licensing_delivery_record": Operation(LICENSING, WRITE, RECORD, lambda r: Call(
        "POST", f"/licensing/licences/{r.licence.number}/deliveries",
        body={"shipped_on": f"{YEAR}-04-01", "lines": [{"line": 1, "quantity": 1}]})),
    "licensing_licence_revoke": Operation(LICENSING, WRITE, RECORD, lambda r: Call(
        "POST", f"/licensing/licences/{r.licence.number}/revoke", body={"reason": "end user diverted arms"})),
    "licensing_delivery_check": Operation(LICENSING, WRITE, RECORD, lambda r: Call(
        "POST", f"/licensing/deliveries/{r.delivery.id}/check",
        body={"status": "confirmed", "checked_on": f"{YEAR}-05-01",
              "method": "delivery_verification_certificate"})),
}
