"""PoA/ITI national report and UNODC IAFQ tables with SDG 16.4.2, against hand-counted records."""

from __future__ import annotations

from datetime import date

import pytest

from salw.reporting.domain import record_id
from salw.reporting.selectors import report_build
from salw.reporting.services import narrative_section_save
from salw.tracing.selectors import response_time_statistics, sdg_16_4_2
from tests.reporting.conftest import YEAR, ids


def indicator_values(section) -> dict:
    return {row.key: row.cells["value"].value for row in section.rows}


@pytest.mark.django_db
def test_poa_quantitative_parts(poa_records, reporting_officer):
    r = poa_records
    report = report_build(reporting_officer, instrument="poa", year=YEAR)

    marking = report.section("marking_records")
    assert indicator_values(marking) == {"weapons_registered": 4, "weapons_on_register": 5, "weapons_marked": 2}
    assert sorted(marking.cell("weapons_registered", "value").record_ids) == ids(
        "weapon", r["P2"], r["P3"], r["P4"], r["P6"])
    assert sorted(marking.cell("weapons_marked", "value").record_ids) == ids("weapon", r["P2"], r["P4"])

    tracing = report.section("tracing")
    assert indicator_values(tracing) == {
        "requests_sent": 3, "requests_sent_replied": 2, "requests_sent_answered": 1,
        "median_days_to_reply": 20.0, "requests_received": 1, "requests_received_replied": 1}
    assert sorted(tracing.cell("requests_sent", "value").record_ids) == ids("trace_request", r["TR1"], r["TR2"], r["TR3"])
    assert sorted(tracing.cell("requests_received", "value").record_ids) == ids("trace_request", r["TR5"])

    by_state = report.section("tracing_by_state")
    assert {row.key: {key: cell.value for key, cell in row.cells.items()} for row in by_state.rows} == {
        "BEL": {"sent": 1, "replied": 1, "answered": 1, "median_days": 30.0},
        "FRA": {"sent": 1, "replied": 1, "answered": 0, "median_days": 10.0},
        "RUS": {"sent": 1, "replied": 0, "answered": 0, "median_days": None},
    }

    collection = report.section("collection_destruction")
    assert indicator_values(collection) == {"seized": 2, "found": 0, "surrendered": 1, "destroyed": 2,
                                            "deactivated": 0}
    assert sorted(collection.cell("seized", "value").record_ids) == ids("seized_item", r["I1"], r["I2"])
    assert sorted(collection.cell("destroyed", "value").record_ids) == ids("event", r["P3-destroyed"], r["P4-destroyed"])

    losses = report.section("stockpile_losses")
    assert indicator_values(losses) == {"lost": 1, "stolen": 1, "from_state_stocks": 1}
    assert sorted(losses.cell("lost", "value").record_ids) == ids("event", r["P2-lost"])
    assert sorted(losses.cell("from_state_stocks", "value").record_ids) == ids("event", r["P1-stolen"])


@pytest.mark.django_db
def test_poa_response_times_agree_with_the_tracing_statistics(poa_records, reporting_officer):
    report = report_build(reporting_officer, instrument="poa", year=YEAR)
    statistics = response_time_statistics(reporting_officer, sent_from=date(YEAR, 1, 1), sent_to=date(YEAR, 12, 31))
    by_state = report.section("tracing_by_state")
    for figure in statistics:
        row = by_state.row(figure.recipient_country)
        assert (row.cells["sent"].value, row.cells["replied"].value, row.cells["answered"].value,
                row.cells["median_days"].value) == (figure.sent, figure.replied, figure.answered, figure.median_days)


@pytest.mark.django_db
def test_poa_narrative_parts_are_placeholders_until_written(poa_records, reporting_officer):
    report = report_build(reporting_officer, instrument="poa", year=YEAR)
    assert [part.key for part in report.narrative][:2] == ["point_of_contact", "laws"]
    assert all(part.text == "" for part in report.narrative)
    narrative_section_save(actor=reporting_officer, instrument="poa", year=YEAR, key="point_of_contact",
                           text="National Commission on Small Arms, Freetown")
    report = report_build(reporting_officer, instrument="poa", year=YEAR)
    assert report.narrative[0].text == "National Commission on Small Arms, Freetown"


def table(section, columns=("seized", "found", "surrendered", "total")) -> dict:
    return {row.key: [row.cells[column].value for column in columns] for row in section.rows}


@pytest.mark.django_db
def test_iafq_tables(seizure_records, reporting_officer):
    r = seizure_records
    report = report_build(reporting_officer, instrument="iafq", year=YEAR)

    assert table(report.section("by_type")) == {
        "pistol": [1, 0, 0, 1], "revolver": [0, 0, 0, 0], "pistol_or_revolver": [0, 0, 1, 1],
        "rifle": [0, 0, 0, 0], "assault_rifle": [1, 0, 1, 2], "shotgun": [0, 1, 0, 1],
        "submachine_gun": [0, 0, 0, 0], "machine_gun": [0, 0, 0, 0], "light_weapon": [0, 0, 0, 0],
        "other": [0, 0, 0, 0], "unknown": [0, 1, 0, 1], "total": [2, 2, 2, 6]}
    assert sorted(report.section("by_type").cell("assault_rifle", "total").record_ids) == ids(
        "seized_item", r["A200"], r["C100"])
    assert table(report.section("by_legal_justification")) == {
        "found_abandoned": [0, 2, 0, 2], "illicit_possession": [2, 0, 0, 2], "voluntary_surrender": [0, 0, 2, 2],
        "total": [2, 2, 2, 6]}
    assert table(report.section("by_criminal_context")) == {
        "": [0, 2, 2, 4], "drug_trafficking": [2, 0, 0, 2], "total": [2, 2, 2, 6]}
    assert table(report.section("by_location")) == {
        "SLE/Eastern": [2, 2, 0, 4], "SLE/Northern": [0, 0, 2, 2], "total": [2, 2, 2, 6]}
    assert table(report.section("tracing_results"), ("weapons", "traced", "requested")) == {
        "diversion_established": [1, 1, 1], "no_record": [1, 0, 0], "not_coded": [3, 0, 0],
        "origin_established_other": [1, 1, 0], "total": [6, 2, 1]}
    assert table(report.section("parts_ammunition"), ("seized", "found", "surrendered")) == {
        "ammunition": [200, None, None], "part": [None, 3, None]}
    assert report.section("parts_ammunition").cell("ammunition", "seized").record_ids == [
        record_id("seized_item", r["S1-ammunition"].id)]

    sdg = report.section("sdg_16_4_2")
    assert indicator_values(sdg) == {"numerator": 2, "denominator": 6, "percent": 33.3}
    assert sorted(sdg.cell("numerator", "value").record_ids) == ids("seized_item", r["A200"], r["C100"])


@pytest.mark.django_db
def test_iafq_sdg_figure_is_the_tracing_selectors(seizure_records, reporting_officer, national):
    report = report_build(reporting_officer, instrument="iafq", year=YEAR)
    figure = sdg_16_4_2(reporting_officer, period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31),
                        jurisdiction=national)
    sdg = report.section("sdg_16_4_2")
    assert sdg.cell("numerator", "value").value == figure.numerator
    assert sdg.cell("denominator", "value").value == figure.denominator
    assert sdg.cell("percent", "value").value == round(figure.value_percent, 1)
    assert sorted(sdg.cell("denominator", "value").record_ids) == sorted(
        record_id("seized_item", case.item_id) for case in figure.denominator_cases)


@pytest.mark.django_db
def test_iafq_for_the_east_only(seizure_records, reporting_officer, eastern):
    report = report_build(reporting_officer, instrument="iafq", year=YEAR, jurisdiction=eastern)
    assert table(report.section("by_type"))["total"] == [2, 2, 0, 4]
    assert indicator_values(report.section("sdg_16_4_2")) == {"numerator": 1, "denominator": 4, "percent": 25.0}
