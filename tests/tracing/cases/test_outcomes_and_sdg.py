"""Outcome coding and SDG indicator 16.4.2 on a hand-built set of cases."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from salw.core.errors import PermissionRefused, ValidationFailed
from salw.core.models import AuditEntry
from salw.registry.services import actor_create
from salw.tracing.models import SeizedItem, Seizure, TraceOutcome
from salw.tracing.selectors import current_outcome, sdg_16_4_2
from salw.tracing.services import trace_outcome_record
from tests.tracing.cases.builders import record_seizure, weapon_item

pytestmark = pytest.mark.usefixtures("fake_matching")

DIVERSION = {"outcome": "diversion_established", "establishment_method": "trace_response",
             "diversion_country": "LBR", "diversion_from": date(2003, 1, 1), "diversion_to": date(2003, 12, 31),
             "diversion_mechanism": "stockpile_theft_or_loss"}
OTHER_MEANS = {"outcome": "origin_established_other", "establishment_method": "other",
               "established_by": "Transnational Organised Crime Unit"}


def _item(serial: str) -> SeizedItem:
    return SeizedItem.objects.get(serial_number=serial)


@pytest.fixture
def cases(system_actor, eastern, northern):
    """Seizures around 2023 in two regions; the serial numbers name the weapons W1..W9."""
    record_seizure(system_actor, eastern, date(2023, 2, 10), [
        weapon_item("W1"), weapon_item("W2"), weapon_item("W8"),
        {"item_kind": "ammunition", "quantity": 500, "calibre": "7.62x39mm"},
        {"item_kind": "part", "quantity": 1, "serial_number": "P1"},
    ], kind="seized", case_reference="E-2023-1")
    record_seizure(system_actor, northern, date(2023, 6, 1), [
        weapon_item("W3"), weapon_item("W4", year_of_manufacture=1890, antique=True), weapon_item("W7"),
    ], kind="found", case_reference="N-2023-1")
    record_seizure(system_actor, eastern, date(2023, 12, 31), [weapon_item("W5")], kind="surrendered",
                   case_reference="E-2023-2")
    record_seizure(system_actor, eastern, date(2022, 12, 31), [weapon_item("W6")], case_reference="E-2022-9")
    record_seizure(system_actor, northern, date(2024, 1, 1), [weapon_item("W9")], case_reference="N-2024-1")

    code = trace_outcome_record
    code(actor=system_actor, item=_item("W1"), **DIVERSION)
    code(actor=system_actor, item=_item("W2"), outcome="last_legal_holder", last_legal_holder_name="1st Bn")
    code(actor=system_actor, item=_item("W3"), **OTHER_MEANS)
    code(actor=system_actor, item=_item("W4"), **OTHER_MEANS)  # an antique: outside the indicator
    code(actor=system_actor, item=_item("W6"), **DIVERSION)  # seized in 2022
    code(actor=system_actor, item=_item("W9"), **DIVERSION)  # seized in 2024
    code(actor=system_actor, item=_item("W7"), **DIVERSION)
    code(actor=system_actor, item=_item("W7"), outcome="partial", reason="the reply was about another rifle")
    code(actor=system_actor, item=_item("W8"), outcome="partial")
    code(actor=system_actor, item=_item("W8"), reason="second reply completed the chain", **DIVERSION)
    # W5 is not coded at all.


def _serials(cases_list) -> list[str]:
    return [case.serial_number for case in cases_list]


def test_national_figure_for_2023(system_actor, cases):
    figure = sdg_16_4_2(system_actor, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31))
    assert (figure.numerator, figure.denominator, figure.proportion, figure.value_percent) == (3, 6, 0.5, 50.0)
    assert sorted(_serials(figure.numerator_cases)) == ["W1", "W3", "W8"]
    assert sorted(_serials(figure.denominator_cases)) == ["W1", "W2", "W3", "W5", "W7", "W8"]
    outcomes = {case.serial_number: case.outcome for case in figure.denominator_cases}
    assert outcomes == {"W1": "diversion_established", "W2": "last_legal_holder",
                        "W3": "origin_established_other", "W5": "", "W7": "partial",
                        "W8": "diversion_established"}


def test_regional_figures_for_2023(system_actor, cases, eastern, northern):
    east = sdg_16_4_2(system_actor, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
                      jurisdiction=eastern)
    assert (east.numerator, east.denominator, east.value_percent) == (2, 4, 50.0)
    north = sdg_16_4_2(system_actor, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
                       jurisdiction=northern)
    assert (north.numerator, north.denominator, north.value_percent) == (1, 2, 50.0)
    assert sorted(_serials(north.denominator_cases)) == ["W3", "W7"]


def test_other_periods(system_actor, cases):
    first_half = sdg_16_4_2(system_actor, period_start=date(2023, 1, 1), period_end=date(2023, 6, 30))
    assert (first_half.numerator, first_half.denominator) == (3, 5)  # W5 was surrendered on 31 December
    assert first_half.value_percent == 60.0
    empty = sdg_16_4_2(system_actor, period_start=date(2021, 1, 1), period_end=date(2021, 12, 31))
    assert (empty.numerator, empty.denominator, empty.proportion) == (0, 0, None)


def test_as_of_counts_what_was_known_then(system_actor, cases):
    """Recomputing a past period: codings recorded after the as-of date do not count yet."""
    january, march = (datetime(2024, 1, 20, 12, tzinfo=timezone.utc), datetime(2024, 3, 1, 12, tzinfo=timezone.utc))
    SeizedItem.objects.update(created_at=datetime(2024, 1, 15, tzinfo=timezone.utc))
    Seizure.objects.update(created_at=datetime(2024, 1, 15, tzinfo=timezone.utc))
    # The first codings were made in January; W3's only in March. The re-codings of W7 and W8
    # (and the voiding of their first codings) happened today.
    TraceOutcome.objects.filter(voided_at__isnull=False).update(created_at=january)
    for serial in ("W1", "W2", "W4", "W6", "W9"):
        TraceOutcome.objects.filter(item__serial_number=serial).update(created_at=january)
    TraceOutcome.objects.filter(item__serial_number="W3").update(created_at=march)

    then = sdg_16_4_2(system_actor, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
                      as_of=date(2024, 2, 1))
    # W1 (diversion) and W7 (its first coding, diversion, not yet voided then) count;
    # W3 was coded later, W8 was still "partial", W2 is a last legal holder only, W5 uncoded.
    assert (then.numerator, then.denominator) == (2, 6)
    assert sorted(_serials(then.numerator_cases)) == ["W1", "W7"]
    before_any_record = sdg_16_4_2(system_actor, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
                                   as_of=date(2024, 1, 14))
    assert (before_any_record.numerator, before_any_record.denominator) == (0, 0)


def test_command_line_json(cases):
    from salw.cli.main import cli

    result = CliRunner().invoke(cli, ["sdg16", "--year", "2023", "--jurisdiction", "SL-E", "--format", "json"])
    assert result.exit_code == 0, result.output
    figure = json.loads(result.output)
    assert (figure["numerator"], figure["denominator"], figure["proportion"], figure["value_percent"]) == (
        2, 4, 0.5, 50.0)
    assert figure["jurisdiction"] == "SL-E" and figure["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
    assert sorted(case["serial_number"] for case in figure["numerator_cases"]) == ["W1", "W8"]
    assert sorted(case["case_reference"] for case in figure["denominator_cases"]) == [
        "E-2023-1", "E-2023-1", "E-2023-1", "E-2023-2"]


def test_figures_are_scoped_to_what_the_actor_may_see(people, cases, eastern, northern):
    east = sdg_16_4_2(people.east_analyst, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
                      jurisdiction=eastern)
    assert (east.numerator, east.denominator) == (2, 4)
    with pytest.raises(PermissionRefused):
        sdg_16_4_2(people.east_analyst, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
                   jurisdiction=northern)
    with pytest.raises(PermissionRefused):  # the national figure needs a national role
        sdg_16_4_2(people.east_analyst, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31))


@pytest.mark.parametrize(("coding", "message"), [
    ({"outcome": "solved"}, "unknown outcome"),
    ({**DIVERSION, "diversion_mechanism": "magic"}, "unknown diversion mechanism"),
    ({**DIVERSION, "diversion_country": "", "diversion_place": ""}, "needs a place"),
    ({**DIVERSION, "diversion_from": None, "diversion_to": None}, "needs a date or a period"),
    ({**DIVERSION, "diversion_mechanism": ""}, "needs a mechanism"),
    ({**DIVERSION, "diversion_from": date(2004, 1, 1)}, "ends before it starts"),
    ({**DIVERSION, "illicit_origin_established": False}, "means the illicit origin is established"),
    ({"outcome": "last_legal_holder", "illicit_origin_established": True, "establishment_method": "other"},
     "leaves the illicit origin open"),
    ({**OTHER_MEANS, "establishment_method": ""}, "say how the illicit origin was established"),
    ({**OTHER_MEANS, "establishment_method": "rumour"}, "unknown method"),
])
def test_inconsistent_outcomes_are_refused(system_actor, eastern, coding, message):
    item = record_seizure(system_actor, eastern, date(2023, 1, 1), [weapon_item("Z1")]).items.get()
    with pytest.raises(ValidationFailed, match=message):
        trace_outcome_record(actor=system_actor, item=item, **coding)
    assert TraceOutcome.objects.count() == 0


def test_recoding_needs_a_reason_and_keeps_the_old_coding(system_actor, people, eastern):
    item = record_seizure(people.east_officer, eastern, date(2023, 1, 1), [weapon_item("Z1")]).items.get()
    holder = actor_create(actor=system_actor, holder_type="state_armed_forces", name="3rd Battalion",
                          country="LBR")
    first = trace_outcome_record(actor=people.east_officer, item=item, outcome="last_legal_holder",
                                 last_legal_holder=holder)
    assert (first.last_legal_holder_name, first.last_legal_holder_country) == ("3rd Battalion", "LBR")
    with pytest.raises(ValidationFailed, match="say why"):
        trace_outcome_record(actor=people.east_officer, item=item, **DIVERSION)
    second = trace_outcome_record(actor=people.east_officer, item=item, reason="reply 2", **DIVERSION)
    first.refresh_from_db()
    assert first.voided_at is not None and first.voided_by == people.east_officer and first.void_reason == "reply 2"
    assert current_outcome(item) == second and second.illicit_origin_established
    assert AuditEntry.objects.filter(action="trace_outcome_record", object_id=item.id.hex).count() == 2
    with pytest.raises(PermissionRefused):
        trace_outcome_record(actor=people.north_officer, item=item, outcome="partial", reason="x")
