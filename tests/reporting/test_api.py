"""/api/v1/reports: the report model with drill-down ids, file downloads, snapshots, refusals."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from salw.accounts.domain import REGISTRY_READ, REPORTS_READ
from salw.accounts.services import token_create
from tests.reporting.conftest import YEAR, ids


@pytest.fixture
def api_as(system_actor):
    def make(user, scopes=(REPORTS_READ,)):
        _, plain = token_create(actor=system_actor, user=user, scopes=list(scopes), days=30)
        return Client(headers={"Authorization": f"Bearer {plain}"})
    return make


@pytest.mark.django_db
def test_report_json_has_figures_and_drill_down_ids(transfer_records, reporting_officer, api_as):
    response = api_as(reporting_officer).get("/api/v1/reports/att", {"year": YEAR})
    assert response.status_code == 200, response.content
    body = response.json()
    exports = next(section for section in body["sections"] if section["key"] == "exports")
    row = next(row for row in exports["rows"] if row["key"] == "SA4/GHA")
    assert row["cells"]["items"]["value"] == 2
    assert sorted(row["cells"]["items"]["record_ids"]) == ids(
        "event", transfer_records["W5-export"], transfer_records["W6-export"])
    assert len(body["data_hash"]) == 64


@pytest.mark.django_db
def test_report_files_download(transfer_records, reporting_officer, api_as):
    client = api_as(reporting_officer)
    xlsx = client.get("/api/v1/reports/unroca", {"year": YEAR, "format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="unroca-2023-SLE.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Report"
    html = client.get("/api/v1/reports/poa", {"year": YEAR, "format": "html", "language": "ar"})
    assert html["Content-Type"].startswith("text/html") and b'dir="rtl"' in html.content
    csv = client.get("/api/v1/reports/iafq", {"year": YEAR, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_snapshots_through_the_api(transfer_records, reporting_officer, east_reporting_officer, api_as):
    client = api_as(reporting_officer)
    created = client.post("/api/v1/reports/att/snapshots", {"year": YEAR, "note": "as submitted"},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["version"] == 1
    again = client.post("/api/v1/reports/att/snapshots", {"year": YEAR}, content_type="application/json")
    assert again.json()["version"] == 2
    listed = client.get("/api/v1/reports/att/snapshots", {"year": YEAR}).json()
    assert [snapshot["version"] for snapshot in listed] == [2, 1]
    one = client.get(f"/api/v1/reports/snapshots/{created.json()['id']}").json()
    assert one["report"]["data_hash"] == created.json()["data_hash"] and one["note"] == "as submitted"
    # A reporting officer of a region sees neither the national snapshots nor their content.
    east = api_as(east_reporting_officer)
    assert east.get("/api/v1/reports/att/snapshots").json() == []
    assert east.get(f"/api/v1/reports/snapshots/{created.json()['id']}").status_code == 404


@pytest.mark.django_db
def test_refusals(transfer_records, reporting_officer, national_registrar, east_reporting_officer, api_as):
    assert api_as(national_registrar, (REPORTS_READ, REGISTRY_READ)).get(
        "/api/v1/reports/att", {"year": YEAR}).status_code == 403
    assert api_as(reporting_officer, (REGISTRY_READ,)).get("/api/v1/reports/att", {"year": YEAR}).status_code == 403
    east = api_as(east_reporting_officer)
    assert east.get("/api/v1/reports/att", {"year": YEAR}).status_code == 403
    assert east.get("/api/v1/reports/att", {"year": YEAR, "jurisdiction": "SL-N"}).status_code == 403
    assert east.get("/api/v1/reports/att", {"year": YEAR, "jurisdiction": "SL-E"}).status_code == 200
    assert east.get("/api/v1/reports/nato", {"year": YEAR}).status_code == 422
    assert east.get("/api/v1/reports/att", {"year": YEAR, "jurisdiction": "XX"}).status_code == 404
    assert Client().get("/api/v1/reports/att", {"year": YEAR}).status_code == 401
