"""``salw licence receive|submit|assess|decide|issue|deliver|check`` in process, on the test database."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from salw.cli.licensing import licence_group
from salw.core.models import AuditEntry
from salw.licensing.models import Application, Decision, Delivery, Licence
from salw.registry.models import Event
from salw.registry.services import actor_create, weapon_register
from tests.licensing.conftest import EXPORT_ITEMS, LOW_RISKS, NO_PROHIBITION

pytestmark = pytest.mark.django_db

APPLICATION = {
    "direction": "export", "applicant": "Freetown Arms Ltd", "received_on": "2023-01-10", "reference": "APP-CLI-1",
    "end_use": "Police service weapons",
    "parties": [{"role": "exporter", "name": "Freetown Arms Ltd", "country": "SLE"},
                {"role": "importer", "name": "Ghana Police Service", "country": "GHA"},
                {"role": "end_user", "name": "Ghana Police Service", "country": "GHA"}],
    "items": EXPORT_ITEMS,
}
ASSESSMENT = {"article_6": NO_PROHIBITION, "article_7": LOW_RISKS, "mitigation_measures": "EUC verified",
              "overriding_risk": False, "overriding_risk_rationale": "risks are low and mitigated",
              "diversion_risk": "low", "diversion_measures": "delivery verification certificate",
              "risk_snapshot": True}


def write(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def run(*args):
    result = CliRunner().invoke(licence_group, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def test_an_export_from_a_json_file_to_the_delivery_check(tmp_path, national, system_actor):
    police = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police Service",
                          country="GHA")
    weapon = weapon_register(actor=system_actor, jurisdiction=national, record_id="L-1", serial_number="AK 0001",
                             weapon_type="sa_assault_rifle", status="in_storage", status_date=date(2022, 1, 1))
    document = json.loads(json.dumps(APPLICATION))
    document["parties"][2]["registry_actor_id"] = str(police.id)

    received = run("receive", write(tmp_path, "application.json", document))
    assert received.exit_code == 0, received.output
    assert received.output == "APP-CLI-1: received (draft), export from Freetown Arms Ltd, 3 parties, 2 items.\n"
    application = Application.objects.get(reference="APP-CLI-1")
    assert (application.status, application.jurisdiction_id, application.received_on, application.end_use) == \
        ("draft", national.id, date(2023, 1, 10), "Police service weapons")
    assert [(p.role, p.name, p.country, p.registry_actor_id) for p in application.parties.order_by("created_at")] == [
        ("exporter", "Freetown Arms Ltd", "SLE", None), ("importer", "Ghana Police Service", "GHA", None),
        ("end_user", "Ghana Police Service", "GHA", police.id)]
    assert [(i.line, i.description, i.quantity, i.weapon_type_id, i.unroca, i.calibre, i.value, i.currency)
            for i in application.items.order_by("line")] == [
        (1, "AKM assault rifle", 10, "sa_assault_rifle", "SA4", "7.62x39mm", Decimal("5000.00"), "USD"),
        (2, "Pistol", 4, "sa_revolver_pistol.pistol", "SA1", "9x19mm", None, "")]

    submitted = run("submit", "APP-CLI-1")
    assert submitted.exit_code == 0 and submitted.output == "APP-CLI-1: submitted (submitted).\n"

    assessed = run("assess", "APP-CLI-1", "--file", write(tmp_path, "assessment.json", ASSESSMENT))
    assert assessed.exit_code == 0, assessed.output
    assert assessed.output == "APP-CLI-1: assessment saved (under assessment), risk panel kept (1 country).\n"
    application.refresh_from_db()
    assessment = application.assessment
    assert application.status == "under_assessment"
    assert assessment.article_6["6.3"] == {"answer": "no", "note": "checked the UN list"}
    assert assessment.article_7["7.4"] == {"risk": "low", "evidence": "no reports"}
    assert (assessment.overriding_risk, assessment.diversion_risk, assessment.mitigation_measures) == \
        (False, "low", "EUC verified")
    assert [country["country"] for country in assessment.risk_snapshot["countries"]] == ["GHA"]
    assert assessment.risk_snapshot_at is not None

    decided = run("decide", "APP-CLI-1", "--outcome", "approve", "--reasons", "low risk, verified end user")
    assert decided.exit_code == 0 and decided.output == "APP-CLI-1: decision approve recorded (approved).\n"
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.reasons, decision.decided_by_name) == \
        ("approve", "low risk, verified end user", system_actor_name())

    issued = run("issue", "APP-CLI-1", "--from", "2023-02-01", "--until", "2024-01-31", "--number", "LIC-CLI-1",
                 "--conditions", "no re-export without consent", "--quantity", "1=8")
    assert issued.exit_code == 0, issued.output
    assert issued.output == "LIC-CLI-1: issued for APP-CLI-1, valid 2023-02-01 to 2024-01-31 (licence issued).\n"
    licence = Licence.objects.get(number="LIC-CLI-1")
    assert (licence.valid_from, licence.valid_until, licence.conditions) == \
        (date(2023, 2, 1), date(2024, 1, 31), "no re-export without consent")
    assert [i.licensed_quantity for i in application.items.order_by("line")] == [8, 4]

    shipment = {"shipped_on": "2023-03-01", "delivered_on": "2023-03-05", "reference": "AWB-2023-77",
                "transit_countries": ["CIV"], "notes": "by air",
                "lines": [{"line": 1, "quantity": 2, "value": "1000.00", "currency": "usd",
                           "serials": ["ak-0001", "ZZ9"]}]}
    delivered = run("deliver", "LIC-CLI-1", "--file", write(tmp_path, "delivery.json", shipment))
    assert delivered.exit_code == 0, delivered.output
    assert delivered.output == ("AWB-2023-77: recorded under licence LIC-CLI-1, shipped 2023-03-01, 2 item(s), "
                                "2 serial number(s) (partially delivered).\n")
    delivery = Delivery.objects.get(reference="AWB-2023-77")
    line = delivery.lines.get()
    assert (delivery.shipped_on, delivery.delivered_on, delivery.transit_country_list, delivery.notes) == \
        (date(2023, 3, 1), date(2023, 3, 5), ["CIV"], "by air")
    assert (line.item.line, line.quantity, line.value, line.currency) == (1, 2, Decimal("1000.00"), "USD")
    serials = {w.serial_number: w for w in line.weapons.all()}
    assert set(serials) == {"ak-0001", "ZZ9"} and serials["ak-0001"].weapon_id == weapon.id
    event = Event.objects.get(seq=serials["ak-0001"].registry_event_seq)
    assert (event.event_type, event.document_ref, event.counterparty_id) == ("exported", "AWB-2023-77", police.id)
    application.refresh_from_db()
    assert application.status == "partially_delivered"

    checked = run("check", "AWB-2023-77", "--status", "confirmed", "--method", "delivery_verification_certificate",
                  "--on", "2023-04-02", "--note", "DVC from the Ghana Police Service")
    assert checked.exit_code == 0, checked.output
    assert checked.output == ("AWB-2023-77: check confirmed on 2023-04-02 (delivery verification certificate), "
                              "licence LIC-CLI-1.\n")
    delivery.refresh_from_db()
    assert (delivery.check_status, delivery.check_method, delivery.checked_on, delivery.check_note) == \
        ("confirmed", "delivery_verification_certificate", date(2023, 4, 2), "DVC from the Ghana Police Service")

    # Every step went through the services: one audit entry each, in order.
    actions = list(AuditEntry.objects.filter(object_id__in=[application.id.hex, licence.id.hex, delivery.id.hex])
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["application_create", "party_add", "party_add", "party_add", "application_item_add",
                       "application_item_add", "application_submit", "assessment_start", "assessment_save",
                       "application_decide", "licence_issue", "delivery_record", "delivery_check"]


def system_actor_name() -> str:
    from salw.core.access import SystemActor

    return SystemActor().name


def test_a_bad_application_file_is_refused_with_every_problem_and_nothing_stored(tmp_path, national):
    audit_before = AuditEntry.objects.count()

    broken = write(tmp_path, "broken.json", '{"direction": "export",\n "applicant": }')
    result = run("receive", broken)
    assert result.exit_code == 1
    assert f"{broken}: not valid JSON (line 2, column 15: Expecting value)" in result.output
    assert f"{broken}: refused, 1 problem(s); nothing was stored." in result.output

    # The form of the file: every mistake, with its JSON path.
    misshapen = dict(APPLICATION, direction="exprt", received_on="10/01/2023", parteis=[],
                     parties=[{"role": "buyer", "name": "Ghana Police Service", "country": "GHA"}, "GHA"],
                     items=[{"description": "Pistol", "quantity": 0, "value": "12.345"}])
    path = write(tmp_path, "misshapen.json", misshapen)
    result = run("receive", path)
    assert result.exit_code == 1
    for line in (f"{path}: at $.direction: expected one of export, import, transit, brokering (found 'exprt')",
                 f"{path}: at $.received_on: expected a date written YYYY-MM-DD (found '10/01/2023')",
                 f"{path}: at $.parteis: unknown field; expected: jurisdiction, direction,",
                 f"{path}: at $.parties[0].role: expected one of exporter, importer,",
                 f"{path}: at $.parties[1]: expected a JSON object (found 'GHA')",
                 f"{path}: at $.items[0].quantity: expected a whole number from 1 to",
                 f"{path}: at $.items[0].value: an amount has at most two decimals (found '12.345')",
                 f"{path}: refused, 7 problem(s); nothing was stored."):
        assert line in result.output

    # A well-formed file the records refuse: an unknown country and weapon type, each where it is.
    unknown = dict(APPLICATION, parties=[APPLICATION["parties"][0],
                                         {"role": "importer", "name": "Nowhere Police", "country": "ZZZ"}],
                   items=[dict(EXPORT_ITEMS[0], weapon_type="sa_ray_gun"), EXPORT_ITEMS[1]])
    path = write(tmp_path, "unknown.json", unknown)
    result = run("receive", path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: at $.parties[1]: country: ZZZ is not a known country",
        f"{path}: at $.items[0]: unknown weapon type 'sa_ray_gun'",
        f"{path}: refused, 2 problem(s); nothing was stored."]

    path = write(tmp_path, "elsewhere.json", dict(APPLICATION, jurisdiction="XX-NOWHERE"))
    result = run("receive", path)
    assert result.exit_code == 1
    assert f"{path}: at $.jurisdiction: no jurisdiction with code 'XX-NOWHERE'" in result.output

    # No importer: a draft may be completed later, but received and submitted at once it is refused.
    no_importer = dict(APPLICATION, parties=[APPLICATION["parties"][0], APPLICATION["parties"][2]])
    path = write(tmp_path, "no-importer.json", no_importer)
    result = run("receive", path, "--submit")
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{path}: a export application needs its importer",
                                          f"{path}: refused, 1 problem(s); nothing was stored."]
    assert Application.objects.count() == 0 and AuditEntry.objects.count() == audit_before

    result = run("receive", path)
    assert result.exit_code == 0 and result.output.startswith("APP-CLI-1: received (draft)")
    refused = run("submit", "APP-CLI-1")
    assert refused.exit_code == 1 and refused.output == "a export application needs its importer\n"
    assert Application.objects.get().status == "draft"


def test_an_approval_the_treaty_forbids_is_refused(tmp_path, national):
    assert run("receive", write(tmp_path, "application.json", APPLICATION), "--submit").exit_code == 0

    bad = {"article_6": {"6.9": {"answer": "no"}, "6.3": {"answer": "maybe"}}, "overriding_risk": "no"}
    path = write(tmp_path, "bad-assessment.json", bad)
    result = run("assess", "APP-CLI-1", "--file", path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: at $.article_6[\"6.9\"]: unknown criterion; one of: 6.1, 6.2, 6.3",
        f"{path}: at $.article_6[\"6.3\"].answer: expected one of yes, no (found 'maybe')",
        f"{path}: at $.overriding_risk: expected true, false or null (found 'no')",
        f"{path}: refused, 3 problem(s); nothing was stored."]
    assert Application.objects.get().status == "submitted"

    genocide = dict(ASSESSMENT, article_6=dict(NO_PROHIBITION, **{"6.3": {"answer": "yes", "note": "UN report"}}))
    assessed = run("assess", "APP-CLI-1", "--file", write(tmp_path, "assessment.json", genocide))
    assert assessed.exit_code == 0, assessed.output
    assert assessed.output.endswith("risk panel kept (1 country); the treaty leaves one outcome: refuse.\n")

    refused = run("decide", "APP-CLI-1", "--outcome", "approve", "--reasons", "good customer")
    assert refused.exit_code == 1
    assert "Article 6 prohibits this transfer (6.3): it must be refused" in refused.output
    assert Application.objects.get().status == "under_assessment" and not Decision.objects.exists()

    decided = run("decide", "APP-CLI-1", "--outcome", "refuse", "--reasons", "Article 6(3)")
    assert decided.exit_code == 0 and decided.output == "APP-CLI-1: decision refuse recorded (refused).\n"
    late = run("issue", "APP-CLI-1", "--from", "2023-02-01", "--until", "2024-01-31")
    assert late.exit_code == 1
    assert late.output == "cannot issue licence an application that is refused; only from: approved\n"


def test_unknown_references_bad_options_and_refused_shipments(tmp_path, national):
    shipment = {"shipped_on": "2023-03-01", "lines": [{"line": 1, "quantity": 20}]}
    delivery_file = write(tmp_path, "delivery.json", shipment)
    assert run("submit", "NOPE").output == "no application 'NOPE', or not in your jurisdiction\n"
    assert run("submit", "NOPE").exit_code == 1
    assert run("deliver", "NOPE", "--file", delivery_file).output == "no licence 'NOPE', or not in your jurisdiction\n"
    missing = run("check", "NOPE", "--status", "confirmed", "--method", "customs_record", "--on", "2023-04-01")
    assert missing.exit_code == 1 and missing.output == "no delivery 'NOPE', or not in your jurisdiction\n"

    assert run("receive", write(tmp_path, "application.json", APPLICATION), "--submit").exit_code == 0
    assert run("assess", "APP-CLI-1", "--file", write(tmp_path, "assessment.json", ASSESSMENT)).exit_code == 0
    assert run("decide", "APP-CLI-1", "--outcome", "approve", "--reasons", "low risk").exit_code == 0
    usage = run("issue", "APP-CLI-1", "--from", "2023-02-01", "--until", "2024-01-31", "--quantity", "1:8")
    assert usage.exit_code == 2 and "'1:8' is not LINE=QUANTITY" in usage.output
    too_many = run("issue", "APP-CLI-1", "--from", "2023-02-01", "--until", "2024-01-31", "--quantity", "1=11")
    assert too_many.exit_code == 1
    assert too_many.output == "item 1: 11 licensed is not between 0 and the 10 applied for\n"
    assert run("issue", "APP-CLI-1", "--from", "2023-02-01", "--until", "2024-01-31").exit_code == 0
    number = Licence.objects.get().number

    result = run("deliver", number, "--file", delivery_file)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{delivery_file}: item 1: 20 would exceed the licence (10 licensed, 0 already delivered, 10 remaining)",
        f"{delivery_file}: refused, 1 problem(s); nothing was stored."]
    misshapen = write(tmp_path, "misshapen.json", {"shipped_on": "2023-03-01",
                                                   "lines": [{"quantity": 1, "serials": "AK 1"}]})
    result = run("deliver", number, "--file", misshapen)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{misshapen}: at $.lines[0].line: required number is missing",
                                          f"{misshapen}: at $.lines[0].serials: expected a list (found 'AK 1')",
                                          f"{misshapen}: refused, 2 problem(s); nothing was stored."]
    assert not Delivery.objects.exists()
    assert Application.objects.get().status == "licence_issued"
