"""Trace request workflow: legal and illegal transitions, due dates, overdue requests, reminders."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from django.conf import settings

from salw.core.errors import PermissionRefused, ValidationFailed
from salw.core.models import AuditEntry
from salw.settings.options import resolve
from salw.tracing import workflow
from salw.tracing.models import TraceRequest, TraceStatusChange
from salw.tracing.selectors import overdue_trace_requests
from salw.tracing.services import (
    trace_request_acknowledge,
    trace_request_close,
    trace_request_create,
    trace_request_send,
    trace_response_record,
)
from tests.tracing.cases.builders import record_seizure, weapon_item

pytestmark = pytest.mark.usefixtures("fake_matching")

LEGAL = [
    ("draft", "sent"), ("draft", "closed"),
    ("sent", "acknowledged"), ("sent", "answered"), ("sent", "partial"), ("sent", "unable_to_trace"),
    ("sent", "closed"),
    ("acknowledged", "answered"), ("acknowledged", "partial"), ("acknowledged", "unable_to_trace"),
    ("acknowledged", "closed"),
    ("partial", "answered"), ("partial", "unable_to_trace"), ("partial", "closed"),
    ("answered", "closed"), ("unable_to_trace", "closed"),
]
ILLEGAL = [
    ("draft", "acknowledged"), ("draft", "answered"), ("sent", "draft"), ("acknowledged", "sent"),
    ("answered", "partial"), ("answered", "sent"), ("unable_to_trace", "answered"), ("closed", "sent"),
    ("closed", "draft"), ("partial", "acknowledged"), ("sent", "sent"), ("draft", "archived"),
]


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_legal_transitions(current, target):
    assert workflow.transition_problem(current, target) is None


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_transitions(current, target):
    assert workflow.transition_problem(current, target)


def test_every_pair_is_either_listed_legal_or_refused():
    legal = set(LEGAL)
    for current in workflow.STATUSES:
        for target in workflow.STATUSES:
            allowed = workflow.transition_problem(current, target) is None
            assert allowed == ((current, target) in legal), (current, target)


@pytest.mark.parametrize(("today", "status", "overdue"), [
    (date(2024, 1, 31), "sent", False),  # the due day itself is not late
    (date(2024, 2, 1), "sent", True),
    (date(2024, 2, 1), "acknowledged", True),
    (date(2024, 2, 1), "partial", False),
    (date(2024, 2, 1), "answered", False),
    (date(2024, 2, 1), "draft", False),
    (date(2024, 2, 1), "closed", False),
])
def test_overdue_rule(today, status, overdue):
    assert workflow.is_overdue(status, date(2024, 1, 31), today) is overdue


@pytest.fixture
def item(people, eastern):
    seizure = record_seizure(people.east_officer, eastern, date(2023, 12, 20), [weapon_item("KT 4411")],
                             case_reference="KEN/2023/88")
    return seizure.items.get()


def _draft(actor, item, **extra):
    return trace_request_create(actor=actor, item=item, recipient_country="RUS",
                                legal_basis="Firearms and Ammunition Control Act 2012, s. 40",
                                illicit_basis="found in illicit possession", **extra)


def test_request_copies_the_item_and_starts_as_draft(people, item):
    request = _draft(people.east_officer, item, recipient_agency="NPC tracing", priority="urgent")
    assert request.status == "draft" and request.direction == "outgoing"
    assert (request.serial_number, request.manufacturer, request.model, request.calibre,
            request.weapon_type, request.country_of_manufacture, request.year_of_manufacture) == (
        "KT 4411", "Izhmash", "AKM", "7.62x39mm", "sa_assault_rifle", "RUS", 1975)
    assert (request.seizure_kind, request.seizure_date, request.requesting_country) == (
        "seized", date(2023, 12, 20), "SLE")
    # A snapshot: correcting the item later does not change what was asked.
    item.serial_number = "KT 4417"
    item.save()
    assert TraceRequest.objects.get(pk=request.pk).serial_number == "KT 4411"
    assert AuditEntry.objects.filter(action="trace_request_create", object_id=request.id.hex).exists()


def test_send_sets_the_default_due_date(people, item):
    request = trace_request_send(actor=people.east_officer, request=_draft(people.east_officer, item),
                                 sent_on=date(2024, 1, 1))
    assert (request.status, request.sent_on, request.due_on) == ("sent", date(2024, 1, 1), date(2024, 1, 31))


def test_due_days_come_from_the_option(people, item, monkeypatch):
    monkeypatch.setitem(settings.SALW_OPTIONS, "trace_response_days", 10)
    request = trace_request_send(actor=people.east_officer, request=_draft(people.east_officer, item),
                                 sent_on=date(2024, 1, 1))
    assert request.due_on == date(2024, 1, 11)


def test_the_option_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SALW_TRACE_RESPONSE_DAYS", "45")
    assert resolve({"data_dir": tmp_path})["trace_response_days"] == 45
    monkeypatch.delenv("SALW_TRACE_RESPONSE_DAYS")
    assert resolve({"data_dir": tmp_path})["trace_response_days"] == 30


def test_a_due_date_given_at_creation_is_kept(people, item):
    request = _draft(people.east_officer, item, due_on=date(2024, 1, 15))
    trace_request_send(actor=people.east_officer, request=request, sent_on=date(2024, 1, 1))
    assert request.due_on == date(2024, 1, 15)


def test_full_workflow_and_history(people, item):
    officer = people.east_officer
    request = _draft(officer, item)
    trace_request_send(actor=officer, request=request, sent_on=date(2024, 1, 1))
    trace_request_acknowledge(actor=officer, request=request, acknowledged_on=date(2024, 1, 3))
    trace_response_record(actor=officer, request=request, result="partial", received_on=date(2024, 1, 20),
                          responder="GUVD", findings="exported 1976 to an unnamed State")
    trace_response_record(actor=officer, request=request, result="answered", received_on=date(2024, 2, 2),
                          last_legal_holder_name="Ministry of Defence", last_legal_holder_country="LBR")
    trace_request_close(actor=officer, request=request, closed_on=date(2024, 2, 5))
    history = list(TraceStatusChange.objects.filter(request=request).values_list("from_status", "to_status", "on"))
    assert history == [
        ("", "draft", history[0][2]),
        ("draft", "sent", date(2024, 1, 1)),
        ("sent", "acknowledged", date(2024, 1, 3)),
        ("acknowledged", "partial", date(2024, 1, 20)),
        ("partial", "answered", date(2024, 2, 2)),
        ("answered", "closed", date(2024, 2, 5)),
    ]
    assert TraceRequest.objects.get(pk=request.pk).status == "closed"


def test_illegal_steps_are_refused_and_change_nothing(people, item):
    officer = people.east_officer
    request = _draft(officer, item)
    with pytest.raises(ValidationFailed, match="draft trace request cannot become acknowledged"):
        trace_request_acknowledge(actor=officer, request=request, acknowledged_on=date(2024, 1, 3))
    with pytest.raises(ValidationFailed, match="cannot become answered"):
        trace_response_record(actor=officer, request=request, result="answered", received_on=date(2024, 1, 3))
    assert TraceRequest.objects.get(pk=request.pk).status == "draft"
    assert request.responses.count() == 0
    trace_request_send(actor=officer, request=request, sent_on=date(2024, 1, 1))
    with pytest.raises(ValidationFailed, match="before the request was sent"):
        trace_response_record(actor=officer, request=request, result="answered", received_on=date(2023, 12, 31))
    trace_request_close(actor=officer, request=request, closed_on=date(2024, 3, 1))
    with pytest.raises(ValidationFailed):
        trace_request_send(actor=officer, request=request, sent_on=date(2024, 3, 2))


def test_overdue_selector_and_reminders_command(people, item, eastern):
    officer = people.east_officer
    late = trace_request_send(actor=officer, request=_draft(officer, item, reference="TR-LATE"),
                              sent_on=date(2024, 1, 1))  # due 2024-01-31
    acknowledged = trace_request_send(actor=officer, request=_draft(officer, item, reference="TR-ACK"),
                                      sent_on=date(2024, 1, 10))  # due 2024-02-09
    trace_request_acknowledge(actor=officer, request=acknowledged, acknowledged_on=date(2024, 1, 12))
    on_time = trace_request_send(actor=officer, request=_draft(officer, item, reference="TR-DUE-TODAY"),
                                 sent_on=date(2024, 1, 16))  # due 2024-02-15
    answered = trace_request_send(actor=officer, request=_draft(officer, item, reference="TR-ANSWERED"),
                                  sent_on=date(2024, 1, 1))
    trace_response_record(actor=officer, request=answered, result="answered", received_on=date(2024, 2, 1))
    _draft(officer, item, reference="TR-DRAFT")

    overdue = overdue_trace_requests(officer, today=date(2024, 2, 15))
    assert [request.reference for request in overdue] == ["TR-LATE", "TR-ACK"]
    assert (late.due_on, acknowledged.due_on, on_time.due_on) == (
        date(2024, 1, 31), date(2024, 2, 9), date(2024, 2, 15))
    # Someone who may not see the Eastern region sees none of them.
    assert overdue_trace_requests(people.north_officer, today=date(2024, 2, 15)) == []

    from salw.cli.main import cli

    result = CliRunner().invoke(cli, ["trace-request", "reminders", "--today", "2024-02-15"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("TR-")]
    assert [line.split()[0] for line in lines] == ["TR-LATE", "TR-ACK"]
    assert "15 days overdue" in lines[0] and "6 days overdue" in lines[1]
    # The same list under "salw trace", next to the identification commands.
    again = CliRunner().invoke(cli, ["trace", "reminders", "--today", "2024-02-15"])
    assert again.exit_code == 0 and again.output == result.output


def test_only_capturing_tracing_officers_of_the_place_may_act(people, item):
    with pytest.raises(PermissionRefused):
        _draft(people.north_officer, item)
    with pytest.raises(PermissionRefused):
        _draft(people.east_analyst, item)
    request = _draft(people.national_admin, item)
    with pytest.raises(PermissionRefused):
        trace_request_send(actor=people.north_officer, request=request)
