"""Every operation of the API, classified: its area, whether it reads or writes, and what it is about.

The matrix takes the operations from the live OpenAPI document; one missing here fails the
matrix until it is classified, so a new endpoint cannot go untested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from salw.core.access import SystemActor
from salw.licensing import selectors as licensing_selectors
from salw.licensing import services as licensing
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


def _embargo(r: RegionRecords) -> str:
    """A new entry on the embargo list, made when the call is: national data, in no region, and
    on a country none of the applications has a party in."""
    return str(licensing.embargo_record(actor=SystemActor(name="cli:test"), country="LBY", regime="Libya sanctions",
                                        resolution="S/RES/1970 (2011)", scope="all",
                                        starts_on=date(2011, 2, 26)).id)


def _embargo_call(suffix: str, body: dict) -> Operation:
    return Operation(EMBARGOES, WRITE, GENERAL, lambda r: Call(
        "POST", f"/licensing/embargoes/{_embargo(r)}/{suffix}", body=body))


def _reassessment_flag(r: RegionRecords) -> str:
    """The region's licence flagged for reassessment, made when the call is: a new embargo on the end
    user's country flags every region's applications (the flag's reason names no region's records)."""
    embargo = licensing.embargo_record(actor=SystemActor(name="cli:test"), country="GHA", regime="Matrix sanctions",
                                       resolution="S/RES/9999 (2025)", scope="listed", starts_on=date(2020, 1, 1))
    return str(licensing_selectors.reassessment_flags_raised_by(embargo).get(application=r.licence.application).id)


def _suspended_licence(r: RegionRecords) -> str:
    """The region's licence, suspended when the call is made, so that reinstating it can succeed."""
    fresh = licensing_selectors.licence_by_number(SystemActor(name="cli:test"), r.licence.number)
    licensing.licence_suspend(actor=SystemActor(name="cli:test"), licence=fresh, reason="matrix")
    return fresh.number


def _reassessment_list(r: RegionRecords) -> Call:
    _reassessment_flag(r)  # flags in every region: the list must show only the caller's
    return Call("GET", "/licensing/reassessments", {"open_only": "true"})


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
    "report_narrative_save": Operation(REPORTS, WRITE, CREATE, lambda r: Call(
        "PUT", "/reports/poa/narrative/point_of_contact",
        body={"year": YEAR, "jurisdiction": _code(r), "text": "National Commission on Small Arms"})),
    "report_row_annotation_save": Operation(REPORTS, WRITE, CREATE, lambda r: Call(
        "PUT", "/reports/poa/rows", body={"year": YEAR, "jurisdiction": _code(r), "section": "marking_records",
                                          "row_key": "weapons_registered", "note": "includes the amnesty"})),
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
    "analytics_chart": _analytics("/analytics/charts/armed_groups"),
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
    "licensing_licence_suspend": Operation(LICENSING, WRITE, RECORD, lambda r: Call(
        "POST", f"/licensing/licences/{r.licence.number}/suspend", body={"reason": "end user under investigation"})),
    "licensing_licence_reinstate": Operation(LICENSING, WRITE, RECORD, lambda r: Call(
        "POST", f"/licensing/licences/{_suspended_licence(r)}/reinstate", body={"reason": "investigation closed"})),
    "licensing_delivery_check": Operation(LICENSING, WRITE, RECORD, lambda r: Call(
        "POST", f"/licensing/deliveries/{r.delivery.id}/check",
        body={"status": "confirmed", "checked_on": f"{YEAR}-05-01",
              "method": "delivery_verification_certificate"})),
    # the UN arms embargo list: national, kept by administrators only
    "licensing_embargo_list": Operation(EMBARGOES, READ, GENERAL, lambda r: Call(
        "GET", "/licensing/embargoes", {"in_force_on": f"{YEAR}-06-01"})),
    "licensing_embargo_get": Operation(EMBARGOES, READ, GENERAL,
                                       lambda r: Call("GET", f"/licensing/embargoes/{_embargo(r)}")),
    "licensing_embargo_create": Operation(EMBARGOES, WRITE, GENERAL, lambda r: Call(
        "POST", "/licensing/embargoes", body={"country": "LBY", "regime": "Libya sanctions",
                                              "resolution": "S/RES/1970 (2011)", "scope": "all",
                                              "starts_on": "2011-02-26"})),
    "licensing_embargo_end": _embargo_call("end", {"ends_on": f"{YEAR}-06-30", "ended_by": "S/RES/9998 (2023)"}),
    "licensing_embargo_verify": _embargo_call("verify", {"verified_on": f"{YEAR}-06-30"}),
    "licensing_embargo_withdraw": _embargo_call("withdraw", {"reason": "entered twice"}),
    # Article 7(7): flags on the region's applications
    "licensing_reassessment_list": Operation(LICENSING, READ, LISTING, _reassessment_list),
    "licensing_reassessment_resolve": Operation(LICENSING, WRITE, RECORD, lambda r: Call(
        "POST", f"/licensing/reassessments/{_reassessment_flag(r)}/resolve",
        body={"resolution": "maintained", "note": "the end user is not a listed entity"})),
}
