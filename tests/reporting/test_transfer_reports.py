"""ATT annual report and UNROCA SALW return from the registry's export and import events."""

from __future__ import annotations

import pytest

from salw.reporting.selectors import report_build
from salw.reporting.services import row_annotation_save
from tests.reporting.conftest import YEAR, ids


def figures(section) -> dict[str, dict]:
    return {row.key: {key: cell.value for key, cell in row.cells.items() if key != "description"}
            for row in section.rows}


@pytest.mark.django_db
def test_att_exports_and_imports_by_category_and_partner(transfer_records, reporting_officer):
    r = transfer_records
    report = report_build(reporting_officer, instrument="att", year=YEAR)

    exports = report.section("exports")
    assert figures(exports) == {
        "SA2/FRA": {"items": 1, "value": None},
        "SA4/GHA": {"items": 2, "value": None},
        "total": {"items": 3, "value": None},
    }
    assert exports.row("SA4/GHA").labels == ["SA4 Assault rifles", "Ghana (GHA)"]
    assert sorted(exports.cell("SA4/GHA", "items").record_ids) == ids("event", r["W5-export"], r["W6-export"])
    assert sorted(exports.cell("SA2/FRA", "items").record_ids) == ids("event", r["W7-export"])
    assert exports.cell("SA4/GHA", "description").value == "Izhmash AKM"
    assert not exports.is_nil

    imports = report.section("imports")
    assert figures(imports) == {
        "SA1/BEL": {"items": 2, "value": None},
        "SA4/BEL": {"items": 1, "value": None},
        "total": {"items": 3, "value": None},
    }
    assert sorted(imports.cell("SA1/BEL", "items").record_ids) == ids("event", r["W1-import"], r["W2-import"])

    left_out = report.section("not_reported")
    assert left_out.cell("no_category", "value").value == 2
    assert sorted(left_out.cell("no_category", "value").record_ids) == ids("event", r["W9-export"], r["W11-export"])
    assert sorted(left_out.cell("no_partner", "value").record_ids) == ids("event", r["W10-export"])
    assert "Values are not recorded; the number of items is reported." in report.notes


@pytest.mark.django_db
def test_att_for_a_region_counts_only_its_records(transfer_records, reporting_officer, northern):
    report = report_build(reporting_officer, instrument="att", year=YEAR, jurisdiction=northern)
    assert figures(report.section("exports")) == {"SA2/FRA": {"items": 1, "value": None},
                                                  "total": {"items": 1, "value": None}}
    assert figures(report.section("imports")) == {"SA4/BEL": {"items": 1, "value": None},
                                                  "total": {"items": 1, "value": None}}


@pytest.mark.django_db
def test_att_nil_report_when_nothing_was_transferred(transfer_records, reporting_officer):
    report = report_build(reporting_officer, instrument="att", year=2021)
    assert report.section("exports").is_nil and report.section("imports").is_nil
    assert report.section("exports").rows == []
    assert report.section("exports").nil_text.startswith("Nil report")


@pytest.mark.django_db
def test_att_notes_and_withholding_per_row(transfer_records, reporting_officer):
    row_annotation_save(actor=reporting_officer, instrument="att", year=YEAR, section="exports",
                        row_key="SA4/GHA", note="Police equipment programme", withheld="national_security")
    report = report_build(reporting_officer, instrument="att", year=YEAR)
    row = report.section("exports").row("SA4/GHA")
    assert (row.note, row.withheld) == ("Police equipment programme", "national_security")
    assert report.withheld_reasons == ["national_security"]
    assert any("withheld in accordance with Article 13(3)" in note for note in report.notes)


@pytest.mark.django_db
def test_unroca_lists_every_category_in_form_order(transfer_records, reporting_officer):
    r = transfer_records
    report = report_build(reporting_officer, instrument="unroca", year=YEAR)

    exports = report.section("exports")
    assert [row.key for row in exports.rows] == [
        "SA1", "SA2/FRA/FRA", "SA3", "SA4/GHA/RUS", "SA5", "SA6",
        "LW1", "LW2", "LW3", "LW4", "LW5", "LW6", "LW7"]
    assert exports.cell("SA4/GHA/RUS", "items").value == 2
    assert exports.row("SA4/GHA/RUS").labels == ["SA4 Assault rifles", "Ghana (GHA)", "Russia (RUS)"]
    assert sorted(exports.cell("SA2/FRA/FRA", "items").record_ids) == ids("event", r["W7-export"])
    assert exports.cell("SA1", "items").value is None
    assert exports.row("SA1").labels == ["SA1 Revolvers and self-loading pistols", "", ""]

    imports = report.section("imports")
    assert {row.key: row.cells["items"].value for row in imports.rows if row.cells["items"].value} == {
        "SA1/BEL": 1, "SA1/BEL/AUT": 1, "SA4/BEL": 1}
    assert sorted(imports.cell("SA1/BEL/AUT", "items").record_ids) == ids("event", r["W2-import"])


def test_a_withheld_row_is_left_out_of_the_total_so_it_cannot_be_worked_out(transfer_records, reporting_officer):
    row_annotation_save(actor=reporting_officer, instrument="att", year=YEAR, section="exports", row_key="SA4/GHA",
                        withheld="national_security")
    exports = report_build(reporting_officer, instrument="att", year=YEAR).section("exports")
    assert figures(exports)["total"] == {"items": 1, "value": None}  # SA2/FRA only; SA4/GHA's 2 are withheld
    assert exports.row("total").note == "rows withheld under Article 13(3) are not counted in this total"
    assert exports.cell("total", "items").record_ids == exports.cell("SA2/FRA", "items").record_ids
    row_annotation_save(actor=reporting_officer, instrument="att", year=YEAR, section="exports", row_key="SA4/GHA",
                        withheld="")
    again = report_build(reporting_officer, instrument="att", year=YEAR).section("exports")
    assert figures(again)["total"] == {"items": 3, "value": None} and again.row("total").note == ""
