"""The services on a real database: workflow, refusals, quantities, scoping, documents, audit."""

from __future__ import annotations

from datetime import date

import pytest

from salw.core.errors import NotFound, PermissionRefused, ValidationFailed
from salw.core.files import stored_file_path as document_path
from salw.core.models import AuditEntry
from salw.licensing import selectors, services
from salw.licensing.models import ApplicationStatusChange
from salw.registry.models import Event
from salw.registry.services import actor_create, weapon_register
from tests.licensing.conftest import LOW_RISKS, NO_PROHIBITION, assessed, licensed, new_export

pytestmark = pytest.mark.django_db


def test_an_export_from_receipt_to_full_delivery(officer, national):
    application = new_export(officer, national)
    assert application.status == "draft" and application.reference.startswith("APP-2023-")
    licence = licensed(officer, application)
    application.refresh_from_db()
    assert application.status == "licence_issued"
    assert [item.licensed_quantity for item in selectors.current_items(application)] == [10, 4]
    services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1),
                             lines=[{"line": 1, "quantity": 6}])
    application.refresh_from_db()
    assert application.status == "partially_delivered"
    services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 4, 1),
                             lines=[{"line": 1, "quantity": 4}, {"line": 2, "quantity": 4}])
    application.refresh_from_db()
    assert application.status == "delivered"
    assert [(q.licensed, q.delivered, q.remaining) for q in selectors.licence_quantities(licence)] == [
        (10, 10, 0), (4, 4, 0)]
    history = list(ApplicationStatusChange.objects.filter(application=application).values_list("to_status", flat=True))
    assert history == ["draft", "submitted", "under_assessment", "approved", "licence_issued",
                       "partially_delivered", "delivered"]
    actions = set(AuditEntry.objects.filter(object_id__in=[application.id.hex, licence.id.hex])
                  .values_list("action", flat=True))
    assert {"application_create", "party_add", "application_item_add", "application_submit", "assessment_start",
            "assessment_save", "application_decide", "licence_issue", "delivery_record"} <= actions


def test_article_6_yes_refuses_approval_and_refusal_is_recorded(officer, national):
    application = new_export(officer, national)
    assessed(officer, application, article_6={**NO_PROHIBITION, "6.1": {"answer": "yes", "note": "UN embargo"}})
    with pytest.raises(ValidationFailed, match=r"Article 6 prohibits this transfer \(6.1\)"):
        services.application_decide(actor=officer, application=application, outcome="approve", reasons="fine")
    decision = services.application_decide(actor=officer, application=application, outcome="refuse",
                                           reasons="UN Security Council arms embargo")
    application.refresh_from_db()
    assert (application.status, decision.outcome, decision.decided_by_name) == ("refused", "refuse",
                                                                                "licensing-officer")
    with pytest.raises(ValidationFailed, match="cannot issue licence"):
        services.licence_issue(actor=officer, application=application, valid_from=date(2023, 1, 1),
                               valid_until=date(2023, 12, 31))


def test_overriding_risk_refuses_approval(officer, national):
    application = new_export(officer, national)
    assessed(officer, application, overriding_risk=True, article_7={**LOW_RISKS, "7.1b.ii": {"risk": "substantial"}})
    with pytest.raises(ValidationFailed, match=r"Article 7\(3\) requires refusal"):
        services.application_decide(actor=officer, application=application, outcome="approve_with_conditions",
                                    reasons="x", conditions="no re-export")


def test_submission_needs_items_and_the_parties_of_the_direction(officer, national):
    application = new_export(officer, national, parties=[], items=[])
    with pytest.raises(ValidationFailed) as refused:
        services.application_submit(actor=officer, application=application)
    assert [p.message for p in refused.value.problems] == [
        "an application needs at least one item", "a export application needs its importer",
        "a export application needs its end user"]


def test_refusals_name_roles_in_the_officers_language(officer, national):
    from django.utils import translation

    application = new_export(officer, national, parties=[], items=[])
    with translation.override("es"), pytest.raises(ValidationFailed) as refused:
        services.application_submit(actor=officer, application=application)
    with translation.override("es"):
        importer = translation.gettext("importer")
    messages = [p.message for p in refused.value.problems]
    assert importer != "importer" and any(importer in message for message in messages)
    assert not any("needs its" in message for message in messages)


def test_deliveries_may_not_exceed_the_licence_nor_fall_outside_its_validity(officer, national):
    licence = licensed(officer, new_export(officer, national), quantities={1: 8})
    with pytest.raises(ValidationFailed, match="item 1: 9 would exceed the licence"):
        services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1),
                                 lines=[{"line": 1, "quantity": 9}])
    with pytest.raises(ValidationFailed, match="outside the licence's validity"):
        services.delivery_record(actor=officer, licence=licence, shipped_on=date(2024, 3, 1),
                                 lines=[{"line": 1, "quantity": 1}])
    with pytest.raises(ValidationFailed, match="not between 0 and the 10 applied for"):
        services.licence_issue(actor=officer, application=new_export(officer, national), valid_from=date(2023, 1, 1),
                               valid_until=date(2023, 2, 1), quantities={1: 11})


def test_expiry_and_revocation_end_the_licence(officer, national):
    licence = licensed(officer, new_export(officer, national), valid_until=date(2023, 6, 30))
    with pytest.raises(ValidationFailed, match="valid until"):
        services.licence_expire(actor=officer, licence=licence, today=date(2023, 6, 30))
    services.licence_expire(actor=officer, licence=licence, today=date(2023, 7, 1))
    assert licence.application.status == "expired"
    with pytest.raises(ValidationFailed, match="not in force"):
        services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 6, 1),
                                 lines=[{"line": 1, "quantity": 1}])
    other = licensed(officer, new_export(officer, national))
    services.licence_revoke(actor=officer, licence=other, reason="end user flagged by a trace", on=date(2023, 5, 1))
    assert other.application.status == "revoked" and other.end_reason == "end user flagged by a trace"


def test_export_serials_become_registry_exported_events_with_the_delivery_reference(officer, national,
                                                                                 system_actor):
    ghana = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police Service",
                         country="GHA")
    weapon = weapon_register(actor=system_actor, jurisdiction=national, record_id="L-1", serial_number="AK 0001",
                             weapon_type="sa_assault_rifle", status="in_storage", status_date=date(2022, 1, 1))
    parties = [{"role": "importer", "name": "Ghana Police Service", "country": "GHA", "registry_actor": ghana},
               {"role": "end_user", "name": "Ghana Police Service", "country": "GHA", "registry_actor": ghana}]
    licence = licensed(officer, new_export(officer, national, parties=parties))
    delivery = services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1),
                                        transit_countries=["CIV"],
                                        lines=[{"line": 1, "quantity": 2, "serials": ["ak-0001", "ZZ9"]}])
    delivered = {w.serial_number: w for w in delivery.lines.get().weapons.all()}
    assert delivered["ak-0001"].weapon_id == weapon.id and delivered["ZZ9"].weapon_id is None
    event = Event.objects.get(seq=delivered["ak-0001"].registry_event_seq)
    assert (event.event_type, event.document_ref, event.counterparty_id) == ("exported", delivery.reference, ghana.id)
    weapon.refresh_from_db()
    assert weapon.status == "exported"
    assert delivery.transit_country_list == ["CIV"]
    services.delivery_check(actor=officer, delivery=delivery, status="confirmed",
                            method="delivery_verification_certificate", checked_on=date(2023, 4, 2))
    with pytest.raises(ValidationFailed, match="describe the discrepancy"):
        services.delivery_check(actor=officer, delivery=delivery, status="discrepancy", method="on_site_inspection",
                                checked_on=date(2023, 4, 2))


def test_officers_capture_only_in_their_jurisdiction_and_readers_see_only_theirs(
        officer, east_officer, north_analyst, auditor, national, eastern, northern):
    east = new_export(east_officer, eastern)
    north = new_export(officer, northern)
    with pytest.raises(PermissionRefused):
        new_export(east_officer, northern)
    with pytest.raises(PermissionRefused):
        services.application_submit(actor=east_officer, application=north)
    with pytest.raises(PermissionRefused):
        new_export(north_analyst, northern)
    assert list(selectors.applications_visible_to(east_officer)) == [east]
    assert list(selectors.applications_visible_to(north_analyst)) == [north]
    assert set(selectors.applications_visible_to(auditor)) == {east, north}
    with pytest.raises(NotFound):
        selectors.application_for(north_analyst, east.id)


def test_end_user_documents_are_checked_and_stored_by_hash(officer, national, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    application = new_export(officer, national)
    pdf = b"%PDF-1.4\n% end-user certificate\n"
    document = services.end_user_document_add(
        actor=officer, application=application, document_type="euc", number="GH-EUC-2023-17",
        issuing_authority="Ministry of the Interior", issuing_country="gha", issued_on=date(2023, 1, 5),
        valid_until=date(2023, 12, 31), content=pdf, file_name="euc.pdf")
    assert (document.file_type, document.file_size, document.issuing_country) == ("application/pdf", len(pdf), "GHA")
    assert document_path(document.file_path).read_bytes() == pdf and document.file_sha256 in document.file_path
    with pytest.raises(ValidationFailed, match="not a PDF, JPEG, PNG or TIFF"):
        services.end_user_document_add(actor=officer, application=application, document_type="euc", number="2",
                                       issuing_authority="x", issuing_country="GHA", issued_on=date(2023, 1, 5),
                                       content=b"MZ\x90\x00", file_name="euc.pdf")
    with pytest.raises(ValidationFailed, match="say why"):
        services.end_user_document_verify(actor=officer, document=document, status="failed",
                                          verified_on=date(2023, 1, 20))
    services.end_user_document_verify(actor=officer, document=document, status="verified",
                                      verified_on=date(2023, 1, 20), note="confirmed by the embassy")
    document.refresh_from_db()
    assert (document.verification_status, document.verified_by_name) == ("verified", "licensing-officer")


def test_weapons_delivered_under_an_import_licence_join_the_registry(officer, east_officer, national, system_actor):
    from salw.registry.models import Weapon

    police = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Sierra Leone Police",
                          country="SLE")
    # Exported once, now coming back for repair: the registry's record gets the import.
    returning = weapon_register(actor=system_actor, jurisdiction=national, record_id="L-9", serial_number="AK 7001",
                                weapon_type="sa_assault_rifle", status="in_storage", status_date=date(2020, 1, 1))
    parties = [{"role": "exporter", "name": "Ceska Zbrojovka", "country": "CZE"},
               {"role": "importer", "name": "Sierra Leone Police", "country": "SLE", "registry_actor": police},
               {"role": "end_user", "name": "Sierra Leone Police", "country": "SLE", "registry_actor": police}]
    licence = licensed(officer, new_export(officer, national, parties=parties, direction="import"))
    delivery = services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1),
                                        delivered_on=date(2023, 3, 9),
                                        lines=[{"line": 1, "quantity": 2, "serials": ["AK 7001", "CZ-55 1234"]}])
    delivered = {w.serial_number: w for w in delivery.lines.get().weapons.all()}
    assert delivered["AK 7001"].weapon_id == returning.id
    new = Weapon.objects.get(id=delivered["CZ-55 1234"].weapon_id)
    assert (new.source, new.record_id, new.import_country, new.import_year, new.weapon_type_id, new.status,
            new.holder_id) == ("import", f"{delivery.reference}/CZ-55 1234", "CZE", 2023,
                                       "sa_assault_rifle", "in_storage", police.id)
    for serial in ("AK 7001", "CZ-55 1234"):
        event = Event.objects.get(seq=delivered[serial].registry_event_seq)
        assert (event.event_type, event.occurred_on, event.document_ref) == ("imported", date(2023, 3, 9),
                                                                            delivery.reference)
    # A licensing officer of another region may not record it there.
    with pytest.raises(PermissionRefused):
        services.delivery_record(actor=east_officer, licence=licence, shipped_on=date(2023, 4, 1),
                                 lines=[{"line": 1, "quantity": 1, "serials": ["CZ-55 9999"]}])
