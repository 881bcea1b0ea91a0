"""Licensed deliveries in the ATT and UNROCA reports, counted once with the registry's own events."""

from __future__ import annotations

from datetime import date

import pytest

from salw.licensing import services
from salw.registry.services import actor_create, event_record, weapon_register
from salw.reporting.domain import record_id
from salw.reporting.selectors import records_described, report_build
from tests.licensing.conftest import licensed, new_export

pytestmark = pytest.mark.django_db


def figures(section) -> dict[str, dict]:
    return {row.key: {key: cell.value for key, cell in row.cells.items() if key != "description"}
            for row in section.rows}


@pytest.fixture
def reporting_officer(make_user, national):
    return make_user("reporting-officer", ("reporting_officer", national, "capture"))


@pytest.fixture
def transfers_2023(officer, system_actor, national):
    """2023, hand-counted.

    Export licence to the Ghana Police (10 assault rifles at USD 5,000, 4 pistols):
      D1 on 1 March: 6 assault rifles, value USD 3,000, serial AK0001 which the registry holds
         (so the delivery writes its `exported` event, carrying D1's reference);
      D2 on 1 April: 4 assault rifles and 4 pistols, no value stated.
    Registry only: one more assault rifle exported to the Ghana Police on 15 June, no licence.
    Import licence from FN Herstal (BEL): D3 on 1 May, 5 pistols at EUR 2,500.
    Transit licence FRA -> CIV: D4 on 1 June, 3 rifles: not this State's export or import.
    """
    ghana = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police Service",
                         country="GHA")
    rifle = weapon_register(actor=system_actor, jurisdiction=national, record_id="R-1", serial_number="AK0001",
                            weapon_type="sa_assault_rifle", status="in_storage", status_date=date(2022, 1, 1))
    unlicensed = weapon_register(actor=system_actor, jurisdiction=national, record_id="R-2", serial_number="AK0002",
                                 weapon_type="sa_assault_rifle", status="in_storage", status_date=date(2022, 1, 1))
    r = {"registry-export": event_record(actor=system_actor, weapon=unlicensed, event_type="exported",
                                         occurred_on=date(2023, 6, 15), counterparty=ghana)}
    export = licensed(officer, new_export(officer, national))
    r["D1"] = services.delivery_record(actor=officer, licence=export, shipped_on=date(2023, 3, 1), lines=[
        {"line": 1, "quantity": 6, "value": "3000.00", "serials": ["AK0001"]}])
    r["D2"] = services.delivery_record(actor=officer, licence=export, shipped_on=date(2023, 4, 1), lines=[
        {"line": 1, "quantity": 4}, {"line": 2, "quantity": 4}])
    imported = licensed(officer, new_export(officer, national, direction="import", parties=[
        {"role": "exporter", "name": "FN Herstal", "country": "BEL"},
        {"role": "end_user", "name": "Sierra Leone Police", "country": "SLE"}], items=[
        {"description": "Five-seven pistol", "quantity": 5, "weapon_type": "sa_revolver_pistol.pistol",
         "value": "2500", "currency": "EUR"}]))
    r["D3"] = services.delivery_record(actor=officer, licence=imported, shipped_on=date(2023, 5, 1), lines=[
        {"line": 1, "quantity": 5, "value": "2500"}])
    transit = licensed(officer, new_export(officer, national, direction="transit", parties=[
        {"role": "exporter", "name": "MAS", "country": "FRA"},
        {"role": "importer", "name": "Forces armées", "country": "CIV"}], items=[
        {"description": "MAS 36 rifle", "quantity": 3, "weapon_type": "sa_rifle_carbine"}]))
    r["D4"] = services.delivery_record(actor=officer, licence=transit, shipped_on=date(2023, 6, 1), lines=[
        {"line": 1, "quantity": 3}])
    r["rifle"] = rifle
    return r


def line_ids(*deliveries_and_lines) -> list[str]:
    return sorted(record_id("delivery_line", delivery.lines.get(item__line=line).id)
                  for delivery, line in deliveries_and_lines)


def test_att_counts_licensed_deliveries_once_beside_the_registry_events(transfers_2023, reporting_officer,
                                                                        national):
    r = transfers_2023
    report = report_build(reporting_officer, instrument="att", year=2023)
    exports = report.section("exports")
    # Assault rifles to Ghana: 6 (D1) + 4 (D2) + 1 (registry event) = 11, not 12: the rifle
    # shipped on D1 has a registry event too, which carries D1's reference and is left out.
    # Value: only D1 states one, USD 3,000.
    assert figures(exports) == {
        "SA1/GHA": {"items": 4, "value": None},
        "SA4/GHA": {"items": 11, "value": 3000.0},
        "total": {"items": 15, "value": 3000.0},
    }
    assert sorted(exports.cell("SA4/GHA", "items").record_ids) == sorted(
        line_ids((r["D1"], 1), (r["D2"], 1)) + [record_id("event", r["registry-export"].seq)])
    # Imports: 5 pistols from Belgium, EUR 2,500. The transit (D4) is in neither table.
    assert figures(report.section("imports")) == {
        "SA1/BEL": {"items": 5, "value": 2500.0},
        "total": {"items": 5, "value": 2500.0},
    }
    described = records_described(reporting_officer, line_ids((r["D3"], 1)), jurisdiction=national)
    assert described[0].summary.startswith(f"licence {r['D3'].licence.number} · delivery {r['D3'].reference}")


def test_unroca_counts_the_same_items(transfers_2023, reporting_officer):
    report = report_build(reporting_officer, instrument="unroca", year=2023)
    exported = {row.key: row.cells["items"].value for row in report.section("exports").rows
                if row.cells["items"].value}
    assert exported.get("SA4/GHA") == 11 and exported.get("SA1/GHA") == 4
