"""Response times per requested State, counted by hand from the dates below."""

from __future__ import annotations

from datetime import date

import pytest

from salw.tracing.selectors import RecipientStatistics, response_time_statistics
from salw.tracing.services import (
    trace_message_export,
    trace_message_import,
    trace_request_acknowledge,
    trace_request_create,
    trace_request_send,
    trace_response_record,
)
from tests.tracing.cases.builders import record_seizure, weapon_item

pytestmark = pytest.mark.usefixtures("fake_matching")


@pytest.fixture
def requests(people, eastern, northern):
    east, north = people.east_officer, people.north_officer
    east_item = record_seizure(east, eastern, date(2023, 11, 1), [weapon_item("E1")]).items.get()
    north_item = record_seizure(north, northern, date(2023, 11, 1), [weapon_item("N1")]).items.get()

    def sent(officer, item, country, reference, on):
        request = trace_request_create(actor=officer, item=item, recipient_country=country, reference=reference,
                                       legal_basis="Act 2012", illicit_basis="illicit possession")
        return trace_request_send(actor=officer, request=request, sent_on=on)

    r1 = sent(east, east_item, "GIN", "R1", date(2024, 1, 1))
    trace_response_record(actor=east, request=r1, result="answered", received_on=date(2024, 1, 11))  # 10 days
    r2 = sent(east, east_item, "GIN", "R2", date(2024, 1, 5))
    trace_response_record(actor=east, request=r2, result="partial", received_on=date(2024, 2, 4))  # 30 days
    trace_response_record(actor=east, request=r2, result="answered", received_on=date(2024, 3, 5))
    sent(east, east_item, "GIN", "R3", date(2024, 2, 1))  # no reply; due 2024-03-02
    r4 = sent(east, east_item, "GIN", "R4", date(2024, 2, 10))
    trace_response_record(actor=east, request=r4, result="unable_to_trace", received_on=date(2024, 2, 14))  # 4
    r5 = sent(north, north_item, "LBR", "R5", date(2024, 3, 1))
    trace_request_acknowledge(actor=north, request=r5, acknowledged_on=date(2024, 3, 3))
    trace_response_record(actor=north, request=r5, result="answered", received_on=date(2024, 3, 8))  # 7 days
    trace_request_create(actor=north, item=north_item, recipient_country="LBR", reference="R6-DRAFT",
                         legal_basis="Act 2012", illicit_basis="illicit possession")
    # A request received from another State is not one of ours to time.
    trace_message_import(actor=people.national_admin, file_name="in.json",
                         text=_as_incoming(trace_message_export(actor=people.national_admin, request=r5)))


def _as_incoming(content: dict) -> str:
    import json

    content["request"]["id"] = "0190aaaa-0000-7000-8000-000000000001"
    content["request"]["recipient_country"] = "SLE"
    return json.dumps(content)


def test_statistics_per_recipient(people, requests):
    statistics = response_time_statistics(people.national_admin, today=date(2024, 4, 1))
    # GIN: four sent; replies after 10 (R1), 30 (R2, first reply) and 4 (R4) days; R3 unanswered and
    # overdue since 2024-03-02. Median of 4, 10, 30 is 10; mean 44 / 3.
    # LBR: one sent (the draft does not count), answered after 7 days.
    assert statistics == [
        RecipientStatistics(recipient_country="GIN", sent=4, replied=3, answered=2, overdue=1,
                            median_days=10.0, mean_days=pytest.approx(14.6667, abs=1e-4)),
        RecipientStatistics(recipient_country="LBR", sent=1, replied=1, answered=1, overdue=0,
                            median_days=7.0, mean_days=7.0),
    ]
    assert (statistics[0].answered_share, statistics[0].replied_share) == (0.5, 0.75)


def test_statistics_for_a_period_and_within_a_jurisdiction(people, requests):
    february = response_time_statistics(people.national_admin, sent_from=date(2024, 2, 1),
                                        sent_to=date(2024, 2, 29), today=date(2024, 4, 1))
    assert [(s.recipient_country, s.sent, s.replied, s.median_days) for s in february] == [("GIN", 2, 1, 4.0)]
    north_only = response_time_statistics(people.north_officer, today=date(2024, 4, 1))
    assert [(s.recipient_country, s.sent, s.replied, s.mean_days) for s in north_only] == [("LBR", 1, 1, 7.0)]
