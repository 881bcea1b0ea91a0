"""Seizures: validation, photographs, automatic matching, alerts to the responsible users only."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from salw.core.errors import PermissionRefused, ValidationFailed
from salw.core.models import AuditEntry
from salw.registry.services import actor_create, event_record, weapon_register
from salw.tracing.models import Alert, ItemMatch, MarkingPhoto, SeizedItem, Seizure
from salw.tracing.selectors import alerts_for, seized_items_visible_to, seizures_visible_to
from salw.tracing.services import (
    alert_acknowledge,
    alert_mark_read,
    marking_photo_add,
    seized_item_add,
    seizure_record,
)
from tests.tracing.cases.builders import StandInMatch, record_seizure, weapon_item

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _alerted(seizure) -> dict[str, str]:
    return dict(Alert.objects.filter(match__item__seizure=seizure).values_list("recipient__username", "kind"))


def _seize_matching(fake_matching, officer, eastern, weapon, score=0.93):
    fake_matching.candidates = [StandInMatch(weapon.id, weapon.source, weapon.record_id, score,
                                             ["serial identical (KT4411)"])]
    return record_seizure(officer, eastern, date(2024, 3, 2), [weapon_item("KT-4411")])


def test_a_hit_on_a_weapon_in_service_alerts_its_jurisdiction(system_actor, people, northern, eastern,
                                                              fake_matching):
    weapon = weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-1", serial_number="KT4411",
                             status="in_service", status_date=date(2015, 1, 1))
    seizure = _seize_matching(fake_matching, people.east_officer, eastern, weapon)
    assert _alerted(seizure) == {"north-officer": "registry_hit", "north-registrar": "registry_hit",
                                 "national-admin": "registry_hit"}


def test_a_stolen_weapon_alerts_where_it_was_held_and_where_it_was_lost(system_actor, people, northern,
                                                                          eastern, kenema, fake_matching):
    police = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Makeni police",
                          jurisdiction=northern)
    detachment = actor_create(actor=system_actor, holder_type="state_law_enforcement",
                              name="Kenema detachment", jurisdiction=kenema)
    weapon = weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-2", serial_number="KT4411",
                             holder=police, status="in_service", status_date=date(2015, 1, 1))
    event_record(actor=system_actor, weapon=weapon, event_type="stolen", occurred_on=date(2022, 5, 1),
                 holder=detachment)
    seizure = _seize_matching(fake_matching, people.east_officer, eastern, weapon)
    assert _alerted(seizure) == {
        "north-officer": "reported_missing", "north-registrar": "reported_missing",
        "national-admin": "reported_missing", "kenema-officer": "reported_missing",
        "east-officer": "reported_missing",
    }
    match = ItemMatch.objects.get(item__seizure=seizure)
    assert (match.weapon_id, match.record_id, match.score, match.weapon_status) == (weapon.id, "N-2", 0.93, "stolen")
    assert match.explanation == ["serial identical (KT4411)"]


def test_a_lost_weapon_alerts_its_last_legal_holders_jurisdiction(system_actor, people, national, northern,
                                                                   kenema, fake_matching):
    dealer = actor_create(actor=system_actor, holder_type="dealer", name="Kenema Arms Ltd", jurisdiction=kenema)
    weapon = weapon_register(actor=system_actor, jurisdiction=national, record_id="S-1", serial_number="KT4411",
                             holder=dealer, status="in_storage", status_date=date(2016, 1, 1))
    event_record(actor=system_actor, weapon=weapon, event_type="lost", occurred_on=date(2021, 1, 1))
    seizure = _seize_matching(fake_matching, people.north_officer, northern, weapon)
    assert _alerted(seizure) == {"national-admin": "reported_missing", "kenema-officer": "reported_missing",
                                 "east-officer": "reported_missing"}


def test_candidates_below_the_threshold_are_neither_stored_nor_alerted(system_actor, people, northern,
                                                                        eastern, fake_matching):
    weapon = weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-3", serial_number="KT4411",
                             status="stolen", status_date=date(2020, 1, 1))
    seizure = _seize_matching(fake_matching, people.east_officer, eastern, weapon, score=0.79)
    assert not ItemMatch.objects.filter(item__seizure=seizure).exists()
    assert _alerted(seizure) == {}


def test_the_engine_is_asked_about_the_whole_registry_with_the_items_description(people, eastern,
                                                                                 fake_matching):
    record_seizure(people.east_officer, eastern, date(2024, 3, 2),
                   [weapon_item("KT-4411"), {"item_kind": "ammunition", "quantity": 500, "calibre": "7.62x39mm"}])
    assert len(fake_matching.asked) == 1  # ammunition is not matched against weapons
    description, top, actor = fake_matching.asked[0]
    assert (description.serial_number, description.manufacturer, description.model, description.calibre,
            description.weapon_type, description.country_of_manufacture, description.year_of_manufacture) == (
        "KT-4411", "Izhmash", "AKM", "7.62x39mm", "sa_assault_rifle", "RUS", 1975)
    assert (top, actor) == (10, None)


def test_alerts_read_and_acknowledged_by_their_recipient_only(system_actor, people, northern, eastern,
                                                               fake_matching):
    weapon = weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-4", serial_number="KT4411",
                             status="stolen", status_date=date(2020, 1, 1))
    _seize_matching(fake_matching, people.east_officer, eastern, weapon)
    alert = alerts_for(people.north_officer).get()
    assert "N-4" in alert.message and "stolen" in alert.message
    assert list(alerts_for(people.east_analyst)) == []
    with pytest.raises(PermissionRefused):
        alert_mark_read(actor=people.national_admin, alert=alert)
    alert_mark_read(actor=people.north_officer, alert=alert)
    assert list(alerts_for(people.north_officer, unread_only=True)) == []
    assert alerts_for(people.north_officer, unacknowledged_only=True).count() == 1
    alert_acknowledge(actor=people.north_officer, alert=alert, note="unit informed")
    assert alerts_for(people.north_officer, unacknowledged_only=True).count() == 0
    assert AuditEntry.objects.filter(action="alert_acknowledge", object_id=alert.id.hex).count() == 1
    # The national administrator's own alert about the same match is still unread.
    assert alerts_for(people.national_admin, unread_only=True).count() == 1


def test_seizure_is_recorded_with_its_items_and_audited(people, eastern, fake_matching):
    seizure = seizure_record(
        actor=people.east_officer, jurisdiction=eastern, kind="surrendered", occurred_on=date(2024, 2, 1),
        legal_justification="voluntary_surrender", criminal_context="armed_conflict",
        criminal_context_text="former combatant", country="sle", admin1="Eastern", place="Kenema DDR site",
        latitude=7.88, longitude=-11.19, agency="National Commission on Small Arms", case_reference="DDR-7",
        items=[weapon_item("", marking_status="obliterated"),
               {"item_kind": "part", "quantity": 3, "other_marks": "bolt carriers"}],
    )
    assert (seizure.country, seizure.kind, seizure.criminal_context) == ("SLE", "surrendered", "armed_conflict")
    assert list(seizure.items.values_list("item_kind", "quantity", "marking_status")) == [
        ("weapon", 1, "obliterated"), ("part", 3, "legible")]
    assert AuditEntry.objects.filter(action="seizure_record", object_id=seizure.id.hex).count() == 1
    assert AuditEntry.objects.filter(action="seized_item_add").count() == 2


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": "bought"}, "kind must be one of"),
    ({"legal_justification": "hunch"}, "unknown legal justification"),
    ({"criminal_context": "mischief"}, "unknown criminal context"),
    ({"country": "XX"}, "ISO 3166-1 alpha-3"),
    ({"latitude": 7.9}, "both latitude and longitude"),
    ({"occurred_on": date(2999, 1, 1)}, "in the future"),
    ({"items": [weapon_item("A1", quantity=2)]}, "item 1: record each weapon as an item of its own"),
    ({"items": [weapon_item("A1"), weapon_item("A2", weapon_type="bazooka")]}, "item 2: unknown weapon type"),
    ({"items": [weapon_item("A1", year_of_manufacture=1950, antique=True)]}, "never an antique"),
    ({"items": [weapon_item("A1", colour="black")]}, "unknown item fields: colour"),
])
def test_bad_seizures_are_refused_whole(people, eastern, fake_matching, change, message):
    arguments = {"actor": people.east_officer, "jurisdiction": eastern, "kind": "seized",
                 "occurred_on": date(2024, 1, 5), "legal_justification": "illicit_possession",
                 "items": [weapon_item("A0")], **change}
    with pytest.raises(ValidationFailed, match=message):
        seizure_record(**arguments)
    assert Seizure.objects.count() == 0 and SeizedItem.objects.count() == 0


def test_seizures_are_captured_and_seen_within_jurisdiction(people, eastern, northern, kenema, fake_matching):
    east = record_seizure(people.east_officer, kenema, date(2024, 1, 5), [weapon_item("E1")])
    north = record_seizure(people.north_officer, northern, date(2024, 1, 6), [weapon_item("N1")])
    with pytest.raises(PermissionRefused):
        record_seizure(people.east_officer, northern, date(2024, 1, 5), [weapon_item("X")])
    with pytest.raises(PermissionRefused):
        record_seizure(people.east_analyst, eastern, date(2024, 1, 5), [weapon_item("X")])
    with pytest.raises(PermissionRefused):
        seized_item_add(actor=people.kenema_officer, seizure=north, serial_number="Y")
    assert list(seizures_visible_to(people.east_officer)) == [east]
    assert list(seizures_visible_to(people.east_analyst)) == [east]
    assert list(seizures_visible_to(people.north_viewer)) == [north]
    assert set(seizures_visible_to(people.national_admin)) == {east, north}
    assert [item.serial_number for item in seized_items_visible_to(people.kenema_officer)] == ["E1"]


def test_marking_photo_is_stored_once_by_its_hash(people, eastern, fake_matching):
    item = record_seizure(people.east_officer, eastern, date(2024, 1, 5), [weapon_item("E1")]).items.get()
    first = marking_photo_add(actor=people.east_officer, item=item, content=PNG, original_name="receiver.png")
    second = marking_photo_add(actor=people.east_officer, item=item, content=PNG, original_name="again.png")
    digest = hashlib.sha256(PNG).hexdigest()
    assert (first.sha256, first.content_type, first.size) == (digest, "image/png", 72)
    assert first.stored_path == second.stored_path == f"marking-photos/{digest[:2]}/{digest}.png"
    assert (Path(settings.MEDIA_ROOT) / first.stored_path).read_bytes() == PNG
    assert AuditEntry.objects.filter(action="marking_photo_add").count() == 2


@pytest.mark.parametrize(("content", "message"), [
    (b"MZ\x90\x00 not an image", "not a JPEG, PNG, TIFF or WebP image"),
    (b"", "empty"),
    (b"\xff\xd8\xff" + b"\x00" * (1024 * 1024), "more than the 1048576 bytes"),
])
def test_bad_photos_are_refused(people, eastern, fake_matching, monkeypatch, content, message):
    monkeypatch.setitem(settings.SALW_OPTIONS, "photo_max_mb", 1)
    item = record_seizure(people.east_officer, eastern, date(2024, 1, 5), [weapon_item("E1")]).items.get()
    with pytest.raises(ValidationFailed, match=message):
        marking_photo_add(actor=people.east_officer, item=item, content=content, original_name="x.jpg")
    assert MarkingPhoto.objects.count() == 0


def test_the_real_engine_recognises_a_stolen_weapon(system_actor, people, northern, eastern):
    weapon = weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-9",
                             serial_number="56-1234567", manufacturer="Norinco", model="Type 56",
                             calibre="7.62x39mm", weapon_type="sa_assault_rifle", country_of_manufacture="CHN",
                             year_of_manufacture=1981, status="in_service", status_date=date(2010, 1, 1))
    event_record(actor=system_actor, weapon=weapon, event_type="stolen", occurred_on=date(2019, 6, 1))
    seizure = record_seizure(people.east_officer, eastern, date(2024, 3, 2), [weapon_item(
        "56-1234567", manufacturer="Norinco", model="Type 56", country_of_manufacture="CHN",
        year_of_manufacture=1981)])
    assert ItemMatch.objects.get(item__seizure=seizure).weapon_id == weapon.id
    assert _alerted(seizure)["north-officer"] == "reported_missing"
