"""The trace exchange message: a round trip between two installations, and bad messages refused whole."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from click.testing import CliRunner

from salw.core.errors import ValidationFailed
from salw.core.models import AuditEntry
from salw.tracing.message import message_text
from salw.tracing.models import TraceRequest, TraceResponse, TraceStatusChange
from salw.tracing.services import (
    trace_message_export,
    trace_message_import,
    trace_request_close,
    trace_request_create,
    trace_request_send,
    trace_response_record,
)
from tests.tracing.cases.builders import record_seizure, weapon_item

pytestmark = pytest.mark.usefixtures("fake_matching")


@pytest.fixture
def sent_request(people, eastern):
    item = record_seizure(people.east_officer, eastern, date(2023, 12, 20), [weapon_item("KT 4411")],
                          case_reference="KEN/2023/88").items.get()
    request = trace_request_create(
        actor=people.east_officer, item=item, recipient_country="RUS", recipient_agency="NPC Moscow",
        legal_basis="Act 2012 s. 40", illicit_basis="illicit possession", intended_use="prosecution",
        confidentiality="Restricted", reference="SLE-TR-1", language="ru", priority="urgent")
    return trace_request_send(actor=people.east_officer, request=request, sent_on=date(2024, 1, 2))


def test_request_message_carries_every_identifying_field(system_actor, sent_request):
    content = trace_message_export(actor=system_actor, request=sent_request)
    assert content == {
        "format": "salw-trace-message", "version": 1, "kind": "trace_request",
        "request": {
            "id": str(sent_request.exchange_id), "reference": "SLE-TR-1",
            "requesting_country": "SLE", "requesting_agency": "Sierra Leone Police",
            "recipient_country": "RUS", "recipient_agency": "NPC Moscow",
            "channel": "national_point_of_contact", "priority": "urgent",
            "illicit_basis": "illicit possession", "legal_basis": "Act 2012 s. 40",
            "intended_use": "prosecution", "confidentiality": "Restricted", "language": "ru",
            "sent_on": "2024-01-02", "due_on": "2024-02-01",
            "weapon": {"serial_number": "KT 4411", "marking_status": "legible", "manufacturer": "Izhmash",
                       "model": "AKM", "calibre": "7.62x39mm", "weapon_type": "sa_assault_rifle",
                       "country_of_manufacture": "RUS", "year_of_manufacture": 1975, "other_marks": ""},
            "seizure": {"kind": "seized", "date": "2023-12-20", "country": "SLE",
                        "place": "checkpoint, Eastern"},
        },
    }
    assert AuditEntry.objects.filter(action="trace_message_export").count() == 1


def test_round_trip_request_then_reply(system_actor, sent_request):
    # The requested State imports the request...
    text = message_text(trace_message_export(actor=system_actor, request=sent_request))
    received = trace_message_import(actor=system_actor, text=text, file_name="request.json")
    incoming = received.request
    assert received.created and incoming.direction == "incoming" and incoming.status == "sent"
    assert (incoming.reference, incoming.serial_number, incoming.manufacturer, incoming.year_of_manufacture,
            incoming.requesting_country, incoming.due_on, incoming.exchange_id) == (
        "SLE-TR-1", "KT 4411", "Izhmash", 1975, "SLE", date(2024, 2, 1), sent_request.exchange_id)
    again = trace_message_import(actor=system_actor, text=text, file_name="request.json")
    assert not again.created and TraceRequest.objects.filter(direction="incoming").count() == 1

    # ...answers it, and sends the reply back.
    trace_response_record(
        actor=system_actor, request=incoming, result="answered", received_on=date(2024, 1, 20),
        responder="NPC Moscow", responder_country="RUS", last_legal_holder_name="Ministry of Defence of Liberia",
        last_legal_holder_country="LBR", diversion_country="LBR", diversion_place="Camp Schefflin",
        diversion_from=date(2003, 1, 1), diversion_to=date(2003, 12, 31),
        diversion_mechanism="stockpile_theft_or_loss", findings="exported 1976 under licence 76/113")
    reply = message_text(trace_message_export(actor=system_actor, request=incoming))
    assert json.loads(reply)["kind"] == "trace_response"
    imported = trace_message_import(actor=system_actor, text=reply, file_name="reply.json")
    assert imported.created and imported.request == sent_request
    response = TraceResponse.objects.get(request=sent_request)
    assert (response.result, response.received_on, response.responder, response.last_legal_holder_name,
            response.last_legal_holder_country, response.diversion_place, response.diversion_from,
            response.diversion_to, response.diversion_mechanism, response.findings) == (
        "answered", date(2024, 1, 20), "NPC Moscow", "Ministry of Defence of Liberia", "LBR",
        "Camp Schefflin", date(2003, 1, 1), date(2003, 12, 31), "stockpile_theft_or_loss",
        "exported 1976 under licence 76/113")
    assert TraceRequest.objects.get(pk=sent_request.pk).status == "answered"
    assert not trace_message_import(actor=system_actor, text=reply, file_name="reply.json").created
    assert TraceResponse.objects.filter(request=sent_request).count() == 1


def _request_message(sent_request, system_actor) -> dict:
    return trace_message_export(actor=system_actor, request=sent_request)


BAD_REQUESTS = [
    (lambda m: m.update(format="other"), "at $.format"),
    (lambda m: m.update(version=2), "at $.version: this installation reads version 1 only"),
    (lambda m: m.update(kind="gossip"), "at $.kind"),
    (lambda m: m["request"].pop("reference"), "at $.request.reference: required text is missing"),
    (lambda m: m["request"].update(sent_on="02/01/2024"), "at $.request.sent_on: expected a date"),
    (lambda m: m["request"].update(recipient_country="Russia"), "at $.request.recipient_country"),
    (lambda m: m["request"].update(id="not-a-uuid"), "at $.request.id: expected an id in UUID form"),
    (lambda m: m["request"]["weapon"].update(year_of_manufacture="1975"),
     "at $.request.weapon.year_of_manufacture"),
    (lambda m: m["request"]["weapon"].update(marking_status="scratched"), "at $.request.weapon.marking_status"),
    (lambda m: m["request"].update(weapon=[]), "at $.request.weapon: expected an object"),
    (lambda m: m["request"].update(due_on="2023-01-01"), "at $.request.due_on: the reply is due before"),
    (lambda m: m["request"]["weapon"].update(serial_number="", manufacturer="", model=""),
     "at $.request.weapon: a weapon to trace needs"),
]


@pytest.mark.parametrize(("spoil", "where"), BAD_REQUESTS)
def test_bad_request_messages_are_refused_naming_file_and_path(system_actor, sent_request, spoil, where):
    content = copy.deepcopy(_request_message(sent_request, system_actor))
    spoil(content)
    before = (TraceRequest.objects.count(), TraceStatusChange.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationFailed) as refused:
        trace_message_import(actor=system_actor, text=json.dumps(content), file_name="incoming-17.json")
    assert f"incoming-17.json: {where}" in str(refused.value)
    assert (TraceRequest.objects.count(), TraceStatusChange.objects.count(), AuditEntry.objects.count()) == before


def test_text_that_is_not_json_is_refused(system_actor, national):
    with pytest.raises(ValidationFailed, match=r"broken.json: at \$: not valid JSON \(line 1, column 2"):
        trace_message_import(actor=system_actor, text="{nope", file_name="broken.json")
    assert TraceRequest.objects.count() == 0


def test_a_reply_to_an_unknown_request_or_a_closed_one_stores_nothing(system_actor, sent_request):
    incoming = trace_message_import(actor=system_actor, file_name="r.json",
                                    text=message_text(_request_message(sent_request, system_actor))).request
    trace_response_record(actor=system_actor, request=incoming, result="unable_to_trace",
                          received_on=date(2024, 1, 9))
    reply = trace_message_export(actor=system_actor, request=incoming)

    unknown = copy.deepcopy(reply)
    unknown["request"]["id"] = "0190aaaa-0000-7000-8000-000000000000"
    with pytest.raises(ValidationFailed, match=r"unknown.json: at \$.request.id: no trace request"):
        trace_message_import(actor=system_actor, text=json.dumps(unknown), file_name="unknown.json")

    bad_result = copy.deepcopy(reply)
    bad_result["response"]["result"] = "done"
    with pytest.raises(ValidationFailed, match=r"at \$.response.result"):
        trace_message_import(actor=system_actor, text=json.dumps(bad_result), file_name="bad.json")

    trace_request_close(actor=system_actor, request=sent_request, closed_on=date(2024, 1, 8))
    with pytest.raises(ValidationFailed, match=r"late.json: at \$.response: .*closed trace request cannot"):
        trace_message_import(actor=system_actor, text=json.dumps(reply), file_name="late.json")
    assert TraceResponse.objects.filter(request=sent_request).count() == 0
    assert TraceRequest.objects.get(pk=sent_request.pk).status == "closed"


def test_command_line_export_and_import(system_actor, sent_request, tmp_path):
    from salw.cli.main import cli

    runner = CliRunner()
    exported = tmp_path / "to-russia.json"
    result = runner.invoke(cli, ["trace-request", "export", "SLE-TR-1", "--output", str(exported)])
    assert result.exit_code == 0, result.output
    assert json.loads(exported.read_text(encoding="utf-8"))["request"]["reference"] == "SLE-TR-1"

    result = runner.invoke(cli, ["trace-request", "import", str(exported)])
    assert result.exit_code == 0, result.output
    assert "to-russia.json: trace_request SLE-TR-1 stored." in result.output

    spoilt = json.loads(exported.read_text(encoding="utf-8"))
    spoilt["request"]["weapon"]["country_of_manufacture"] = "USSR"
    bad = tmp_path / "spoilt.json"
    bad.write_text(json.dumps(spoilt), encoding="utf-8")
    before = (TraceRequest.objects.count(), AuditEntry.objects.count())
    result = runner.invoke(cli, ["trace-request", "import", str(bad)])
    assert result.exit_code == 1
    assert "spoilt.json: at $.request.weapon.country_of_manufacture" in result.output
    assert (TraceRequest.objects.count(), AuditEntry.objects.count()) == before
