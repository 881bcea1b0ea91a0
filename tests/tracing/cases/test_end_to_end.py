"""From a seizure to the SDG 16.4.2 figure, with the real matching engine and nothing stood in."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from salw.registry.services import event_record, weapon_register
from salw.tracing.models import Alert, ItemMatch
from salw.tracing.selectors import installation_counts, sdg_16_4_2
from salw.tracing.services import (
    trace_outcome_record,
    trace_request_acknowledge,
    trace_request_create,
    trace_request_send,
    trace_response_record,
)
from tests.tracing.cases.builders import record_seizure, weapon_item

YEAR_2024 = {"period_start": date(2024, 1, 1), "period_end": date(2024, 12, 31)}


def test_seizure_hit_alert_trace_reply_diversion_and_the_indicator(system_actor, people, northern, eastern):
    stolen = weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-77",
                             serial_number="АК 1234567", manufacturer="Izhmash", model="AKM",
                             calibre="7.62x39mm", weapon_type="sa_assault_rifle", country_of_manufacture="RUS",
                             year_of_manufacture=1975, status="in_service", status_date=date(2012, 1, 1))
    event_record(actor=system_actor, weapon=stolen, event_type="stolen", occurred_on=date(2021, 4, 2))
    for number in range(1234560, 1234567):  # the stolen rifle's production-run neighbours
        weapon_register(actor=system_actor, jurisdiction=northern, record_id=f"N-{number}",
                        serial_number=f"AK {number}", manufacturer="Izhmash", model="AKM")

    # An eastern patrol seizes two rifles: the stolen one, its serial read with look-alikes and
    # its maker by another name, and one the registry has never seen.
    seizure = record_seizure(people.east_officer, eastern, date(2024, 5, 6), [
        weapon_item("AK I234S67", manufacturer="Izhevsk", model="AK-M", year_of_manufacture=1975),
        weapon_item("ZZ-000001", manufacturer="Beretta", model="92", calibre="9mm",
                    weapon_type="sa_revolver_pistol.pistol", country_of_manufacture="ITA",
                    year_of_manufacture=2001),
    ])
    matches = ItemMatch.objects.filter(item__seizure=seizure)
    assert [(match.item.serial_number, match.weapon_id) for match in matches] == [("AK I234S67", stolen.id)]
    alerted = sorted(Alert.objects.filter(match__item__seizure=seizure).values_list("recipient__username", "kind"))
    # Those who capture for the north, where it was stolen, national level included; not the
    # north's view-only registrar, and nobody in the east.
    assert alerted == [("national-admin", "reported_missing"), ("north-officer", "reported_missing"),
                       ("north-registrar", "reported_missing")]

    before = sdg_16_4_2(system_actor, **YEAR_2024)
    assert (before.numerator, before.denominator) == (0, 2)

    item = matches.get().item
    request = trace_request_create(actor=people.east_officer, item=item, recipient_country="RUS",
                                   legal_basis="Arms and Ammunition Act 2012, s. 40",
                                   illicit_basis="reported stolen from a state armoury")
    trace_request_send(actor=people.east_officer, request=request, sent_on=date(2024, 5, 7))
    trace_request_acknowledge(actor=people.east_officer, request=request, acknowledged_on=date(2024, 5, 20))
    trace_response_record(actor=people.east_officer, request=request, result="answered",
                          received_on=date(2024, 6, 30), responder="National point of contact",
                          responder_country="RUS", last_legal_holder_name="Sierra Leone Army",
                          last_legal_holder_country="SLE", diversion_country="SLE",
                          diversion_mechanism="stockpile_theft_or_loss")
    trace_outcome_record(actor=people.east_officer, item=item, trace_request=request,
                         outcome="diversion_established", establishment_method="trace_response",
                         diversion_country="SLE", diversion_from=date(2021, 4, 1),
                         diversion_to=date(2021, 4, 2), diversion_mechanism="stockpile_theft_or_loss")

    after = sdg_16_4_2(system_actor, **YEAR_2024)
    assert (after.numerator, after.denominator) == (1, 2)
    assert after.proportion == 0.5
    assert [case.serial_number for case in after.numerator_cases] == ["AK I234S67"]
    assert sdg_16_4_2(people.north_officer, jurisdiction=northern, **YEAR_2024).denominator == 0, \
        "both were seized in the east"
    assert sdg_16_4_2(people.east_officer, jurisdiction=eastern, **YEAR_2024).numerator == 1
    assert sdg_16_4_2(system_actor, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31)).denominator == 0

    counts = installation_counts(system_actor)
    assert (counts["weapons"], counts["seizures"], counts["traces"]) == (8, 2, 1)


def test_the_command_line_reports_the_same_figures(system_actor, people, eastern):
    record_seizure(people.east_officer, eastern, date(2024, 2, 1), [weapon_item("QX-1"), weapon_item("QX-2")])
    from salw.cli.main import cli

    result = CliRunner().invoke(cli, ["sdg16", "--year", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    figure = json.loads(result.output)
    assert (figure["numerator"], figure["denominator"]) == (0, 2)
