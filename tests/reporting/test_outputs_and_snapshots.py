"""Renderers, snapshots that survive later changes, the data-quality view, access and scoping."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.utils import translation
from openpyxl import load_workbook

from salw.core.errors import PermissionRefused
from salw.registry.services import actor_create, event_record, event_void
from salw.reporting.quality import data_quality
from salw.reporting.renderers import render
from salw.reporting.selectors import records_described, report_build, snapshot_report
from salw.reporting.services import report_snapshot_create, row_annotation_save
from tests.reporting.conftest import YEAR, Registry


@pytest.mark.django_db
def test_xlsx_has_the_instrument_layout(transfer_records, reporting_officer):
    report = report_build(reporting_officer, instrument="att", year=YEAR)
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames[0] == "Report"
    cover = workbook["Report"]
    assert cover["A1"].value == report.title
    assert cover["B3"].value == "Sierra Leone (SLE)"
    exports = workbook[workbook.sheetnames[1]]
    assert exports["A1"].value == "Exports: category VIII, small arms and light weapons"
    assert [cell.value for cell in exports[4]] == ["Category / sub-category", "Final importing State",
                                                  "Number of items", "Value", "Description of items", "Comments"]
    assert [cell.value for cell in exports[5]][:3] == ["SA2 Rifles and carbines", "France (FRA)", 1]
    assert [cell.value for cell in exports[6]][:3] == ["SA4 Assault rifles", "Ghana (GHA)", 2]
    assert [cell.value for cell in exports[7]][:3] == ["Total", None, 3]


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_stays_text(transfer_records, reporting_officer):
    row_annotation_save(actor=reporting_officer, instrument="att", year=YEAR, section="exports",
                        row_key="SA4/GHA", note='=HYPERLINK("http://example.org","x")')
    report = report_build(reporting_officer, instrument="att", year=YEAR)
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig"))))
    comments = [row[-1] for row in rows if row[:2] == ["SA4 Assault rifles", "Ghana (GHA)"]]
    assert comments == ['\'=HYPERLINK("http://example.org","x")']
    exports = load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[1]
    assert exports["F6"].value == '\'=HYPERLINK("http://example.org","x")'
    assert exports["F6"].data_type == "s"


@pytest.mark.django_db
def test_withheld_rows_keep_labels_but_not_figures(transfer_records, reporting_officer):
    row_annotation_save(actor=reporting_officer, instrument="att", year=YEAR, section="exports",
                        row_key="SA4/GHA", withheld="commercially_sensitive")
    report = report_build(reporting_officer, instrument="att", year=YEAR)
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig"))))
    (withheld,) = [row for row in rows if row[:2] == ["SA4 Assault rifles", "Ghana (GHA)"]]
    assert withheld[2:5] == ["—", "—", "—"] and withheld[-1] == "Withheld: commercially sensitive"


@pytest.mark.django_db
def test_html_prints_on_a4_and_turns_right_to_left_in_arabic(transfer_records, reporting_officer):
    english = render(report_build(reporting_officer, instrument="unroca", year=YEAR), "html").decode()
    assert '<html lang="en" dir="ltr">' in english and "size: A4" in english
    assert "<script" not in english and "http" not in english.split("<body>")[1]
    arabic = render(report_build(reporting_officer, instrument="unroca", year=YEAR, language="ar"), "html").decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    unknown = report_build(reporting_officer, instrument="unroca", year=YEAR, language="xx")
    assert unknown.language == "en"


@pytest.mark.django_db
def test_nil_report_in_every_format(reporting_officer):
    report = report_build(reporting_officer, instrument="att", year=2021)
    assert "Nil report: no exports" in render(report, "html").decode()
    assert "Nil report: no imports" in render(report, "csv").decode("utf-8-sig")
    assert load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[1]["A5"].value.startswith("Nil report")


@pytest.mark.django_db
def test_snapshot_reproduces_the_report_after_records_change(transfer_records, reporting_officer, system_actor,
                                                            eastern):
    first = report_snapshot_create(actor=reporting_officer, instrument="att", year=YEAR)
    assert (first.version, first.generated_by_name) == (1, "reporting-officer")
    saved_csv = render(snapshot_report(first), "csv")

    event_void(actor=system_actor, event=transfer_records["W5-export"], reason="the export was cancelled")
    ghana = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police")
    weapon = Registry(system_actor, "LATE").weapon(eastern, "sa_smg", status="in_storage", serial="NEW1")
    event_record(actor=system_actor, weapon=weapon, event_type="exported", occurred_on=date(YEAR, 12, 1),
                 counterparty=ghana)

    now = report_build(reporting_officer, instrument="att", year=YEAR)
    assert now.section("exports").cell("SA4/GHA", "items").value == 1
    assert now.data_hash() != first.data_hash

    reproduced = snapshot_report(first)
    assert reproduced.data_hash() == first.data_hash
    assert reproduced.section("exports").cell("SA4/GHA", "items").value == 2
    assert render(reproduced, "csv") == saved_csv

    second = report_snapshot_create(actor=reporting_officer, instrument="att", year=YEAR)
    assert second.version == 2 and second.data_hash == now.data_hash()
    assert json.loads(second.report_json)["data_hash"] == second.data_hash


@pytest.mark.django_db
def test_drill_down_describes_the_counted_records(transfer_records, reporting_officer, east_reporting_officer,
                                                  national, eastern):
    cell = report_build(reporting_officer, instrument="att", year=YEAR).section("exports").cell("SA2/FRA", "items")
    (record,) = records_described(reporting_officer, cell.record_ids, jurisdiction=national)
    assert record.record_id == cell.record_ids[0] and record.day == date(2023, 7, 1)
    assert "Armes de France (FRA)" in record.summary
    # W7 is a Northern weapon: the east's reporting officer cannot list it, even by its id.
    with pytest.raises(PermissionRefused):
        records_described(east_reporting_officer, cell.record_ids, jurisdiction=national)
    assert records_described(east_reporting_officer, cell.record_ids, jurisdiction=eastern) == []


@pytest.mark.django_db
def test_only_reporting_officers_and_administrators_make_reports(transfer_records, national_registrar,
                                                                 east_reporting_officer, make_user, eastern,
                                                                 northern):
    with pytest.raises(PermissionRefused):
        report_build(national_registrar, instrument="att", year=YEAR)
    with pytest.raises(PermissionRefused):
        report_build(east_reporting_officer, instrument="att", year=YEAR)  # national by default
    with pytest.raises(PermissionRefused):
        report_build(east_reporting_officer, instrument="att", year=YEAR, jurisdiction=northern)
    with translation.override("fr"), pytest.raises(PermissionRefused) as refused:
        report_build(east_reporting_officer, instrument="att", year=YEAR, jurisdiction=northern)
    assert northern.name in str(refused.value) and "you may not" not in str(refused.value)
    east = report_build(east_reporting_officer, instrument="att", year=YEAR, jurisdiction=eastern)
    assert east.section("exports").cell("total", "items").value == 2
    viewer = make_user("east-report-viewer", ("reporting_officer", eastern, "view"))
    report_build(viewer, instrument="att", year=YEAR, jurisdiction=eastern)
    with pytest.raises(PermissionRefused):
        report_snapshot_create(actor=viewer, instrument="att", year=YEAR, jurisdiction=eastern)
    admin = make_user("admin", ("administrator", eastern, "capture"))
    assert report_snapshot_create(actor=admin, instrument="att", year=YEAR, jurisdiction=eastern).version == 1


@pytest.mark.django_db
def test_data_quality_lists_what_to_fix(transfer_records, reporting_officer, system_actor, eastern):
    r = transfer_records
    abroad = actor_create(actor=system_actor, holder_type="dealer", name="Lagos Arms", country="NGA")
    moved = event_record(actor=system_actor, weapon=r["W1"], event_type="transferred", occurred_on=date(YEAR, 12, 2),
                         counterparty=abroad)
    quality = data_quality(reporting_officer, year=YEAR, timely_days=30)
    unclassifiable = {problem.key: problem.record_ids for problem in quality.unclassifiable}
    assert unclassifiable == {
        "transfer_without_category": [f"event:{r['W9-export'].seq}", f"event:{r['W11-export'].seq}"],
        "transfer_without_partner": [f"event:{r['W10-export'].seq}"],
        "transfer_abroad_as_domestic": [f"event:{moved.seq}"],
    }
    missing = {problem.key: problem.count for problem in quality.missing}
    assert missing == {"weapon_without_type": 1}
    units = {unit.jurisdiction_code: unit for unit in quality.units}
    # Records kept at the regions themselves make them reporting units next to their districts.
    assert set(units) == {"SL-E", "SL-N", "SL-E-KENEMA", "SL-N-BOMBALI"}
    assert units["SL-E"].months[2] == 2 and units["SL-E"].months[5] == 2 and units["SL-N"].months[4] == 1
    assert units["SL-E"].total == 8 and units["SL-N"].total == 2 and units["SL-E-KENEMA"].total == 0
    # Events of 2023 recorded now, long after they happened: none is on time.
    assert quality.timely == 0 and quality.with_known_delay == 10
    assert quality.completeness == pytest.approx(8 / 48)
    assert json.loads(json.dumps(quality.as_dict()))["problem_count"] == 5
