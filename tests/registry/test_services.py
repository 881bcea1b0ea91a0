"""Registry services: registration, events, voiding, corrections, access."""

from __future__ import annotations

import json
from datetime import date

import pytest

from salw.core.errors import PermissionRefused, ValidationFailed
from salw.core.models import AuditEntry
from salw.registry.models import Event, Weapon
from salw.registry.selectors import weapon_timeline, weapons_visible_to
from salw.registry.services import (
    actor_create,
    event_record,
    event_void,
    marking_add,
    weapon_correct,
    weapon_register,
)


@pytest.fixture
def rifle(system_actor, eastern):
    unit = actor_create(actor=system_actor, holder_type="state_armed_forces", name="5th Battalion")
    return weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-1", serial_number="кт 4411",
                           manufacturer="Izhmash", model="AKM", calibre="7,62 x 39", weapon_type="sa_assault_rifle",
                           status="in_service", status_date=date(2015, 1, 1), holder=unit)


def test_register_resolves_vocabulary_and_writes_history(rifle):
    assert rifle.serial_key == "KT4411"
    assert rifle.manufacturer_id is not None and rifle.calibre_id is not None
    assert rifle.status == "in_service" and rifle.holder.name == "5th Battalion"
    assert [e.event_type for e in rifle.events.all()] == ["issued"]
    assert AuditEntry.objects.filter(action="weapon_register", object_id=rifle.id.hex).exists()


def test_loss_then_recovery_moves_status(system_actor, rifle):
    event_record(actor=system_actor, weapon=rifle, event_type="stolen", occurred_on=date(2020, 2, 3))
    assert Weapon.objects.get(pk=rifle.pk).status == "stolen"
    event_record(actor=system_actor, weapon=rifle, event_type="seized", occurred_on=date(2021, 7, 9))
    refreshed = Weapon.objects.get(pk=rifle.pk)
    assert (refreshed.status, refreshed.status_date) == ("seized", date(2021, 7, 9))


def test_void_restores_previous_state_and_keeps_the_mistake(system_actor, rifle):
    wrong = event_record(actor=system_actor, weapon=rifle, event_type="destroyed", occurred_on=date(2022, 1, 1))
    assert Weapon.objects.get(pk=rifle.pk).status == "destroyed"
    event_void(actor=system_actor, event=wrong, reason="another weapon was destroyed")
    assert Weapon.objects.get(pk=rifle.pk).status == "in_service"
    timeline = weapon_timeline(rifle)
    assert any(e.seq == wrong.seq and e.voided_by_event for e in timeline)
    assert Event.objects.filter(voids=wrong).count() == 1
    with pytest.raises(ValidationFailed):
        event_void(actor=system_actor, event=wrong, reason="again")


def test_destroyed_weapon_cannot_be_issued(system_actor, rifle):
    event_record(actor=system_actor, weapon=rifle, event_type="destroyed", occurred_on=date(2022, 1, 1))
    with pytest.raises(ValidationFailed, match="destroyed"):
        event_record(actor=system_actor, weapon=rifle, event_type="issued")


def test_correction_records_old_and_new(system_actor, rifle):
    weapon_correct(actor=system_actor, weapon=rifle, changes={"serial_number": "KT4417"}, reason="misread 1 as 7")
    correction = rifle.events.get(event_type="record_corrected")
    assert json.loads(correction.details) == {"serial_number": ["кт 4411", "KT4417"]}
    assert Weapon.objects.get(pk=rifle.pk).serial_key == "KT4417"


def test_marking_is_kept_verbatim(system_actor, rifle):
    marking = marking_add(actor=system_actor, weapon=rifle, occasion="import", text="SL 2003", component="receiver")
    assert marking.normalised == "SL2003" and marking.text == "SL 2003"


def test_registrar_is_confined_to_jurisdiction(make_user, eastern, northern, rifle):
    registrar = make_user("east-registrar", ("registrar", eastern, "capture"))
    weapon_register(actor=registrar, jurisdiction=eastern, record_id="E-2", serial_number="X1")
    with pytest.raises(PermissionRefused):
        weapon_register(actor=registrar, jurisdiction=northern, record_id="N-1", serial_number="X2")
    viewer = make_user("north-analyst", ("analyst", northern, "view"))
    assert not weapons_visible_to(viewer).filter(pk=rifle.pk).exists()
    with pytest.raises(PermissionRefused):
        event_record(actor=viewer, weapon=rifle, event_type="lost")


def test_obliterated_weapon_needs_no_serial(system_actor, national):
    weapon = weapon_register(actor=system_actor, jurisdiction=national, record_id="O-1",
                             marking_status="obliterated")
    assert weapon.serial_number == ""
    with pytest.raises(ValidationFailed):
        weapon_register(actor=system_actor, jurisdiction=national, record_id="O-2")
