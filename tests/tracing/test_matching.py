"""identify(): the marking search over the live registry, kept current and scoped to the actor."""

from __future__ import annotations

import pytest
from django.utils import timezone

from salw.registry.services import weapon_correct, weapon_register
from salw.tracing.domain import WeaponDescription
from salw.tracing.matching import OPERATING_THRESHOLD, current_index, identify

pytestmark = pytest.mark.django_db


def _register(actor, jurisdiction, record_id, serial, **fields):
    values = {"manufacturer": "Izhmash", "model": "AKM", "calibre": "7.62x39mm",
              "weapon_type": "sa_assault_rifle", "country_of_manufacture": "RUS", **fields}
    return weapon_register(actor=actor, jurisdiction=jurisdiction, record_id=record_id,
                           serial_number=serial, **values)


def test_a_misread_serial_finds_the_weapon_with_reasons(system_actor, eastern):
    weapon = _register(system_actor, eastern, "E-1", "AK 1234567")
    _register(system_actor, eastern, "E-2", "AK 1234568")
    matches = identify(WeaponDescription(serial_number="АК1234S67", manufacturer="Izhevsk"))
    assert matches[0].weapon_id == weapon.id and matches[0].record_id == "E-1"
    assert matches[0].score >= OPERATING_THRESHOLD
    assert any("S" in line and "5" in line for line in matches[0].explanation)
    assert any("alias" in line for line in matches[0].explanation)


def test_records_added_or_corrected_after_a_search_are_found_without_a_rebuild(system_actor, eastern):
    _register(system_actor, eastern, "E-1", "KT-0001")
    assert identify(WeaponDescription(serial_number="KT-0001"))[0].record_id == "E-1"
    built = current_index()
    added = _register(system_actor, eastern, "E-2", "ZX-7777")
    assert identify(WeaponDescription(serial_number="ZX7777"))[0].weapon_id == added.id
    weapon_correct(actor=system_actor, weapon=added, changes={"serial_number": "ZX-7778"},
                   reason="serial misread at registration")
    found = identify(WeaponDescription(serial_number="ZX7778"), top=5)
    assert [match.record_id for match in found] == ["E-2"]
    assert current_index() is built, "caught up in place, not rebuilt"
    assert built.active == 2


def test_an_actor_only_gets_candidates_from_their_jurisdiction(system_actor, eastern, northern, make_user):
    _register(system_actor, eastern, "E-1", "AK555555")
    _register(system_actor, northern, "N-1", "AK555555")
    east_registrar = make_user("east-registrar", ("registrar", eastern, "capture"))
    seen = identify(WeaponDescription(serial_number="AK555555"), actor=east_registrar)
    assert [match.record_id for match in seen] == ["E-1"]
    everything = identify(WeaponDescription(serial_number="AK555555"))
    assert sorted(match.record_id for match in everything) == ["E-1", "N-1"]
    nobody = make_user("no-roles")
    assert identify(WeaponDescription(serial_number="AK555555"), actor=nobody) == []


def test_a_saved_index_is_loaded_by_the_next_process_and_caught_up(system_actor, eastern, settings, tmp_path):
    from salw.tracing import matching

    settings.SALW_DATA_DIR = tmp_path
    _register(system_actor, eastern, "E-1", "KT-0001")
    saved = matching.rebuild_index()
    assert (tmp_path / "trace-index" / "manifest.json").exists()
    matching.forget_index()  # as if a new process started
    _register(system_actor, eastern, "E-2", "KT-0002")
    loaded = current_index()
    assert loaded is not saved and loaded.watermark >= saved.watermark
    assert sorted(match.record_id for match in identify(WeaponDescription(serial_number="KT000?"))) == \
        ["E-1", "E-2"]


def test_a_saved_index_of_a_replaced_database_is_rebuilt(system_actor, eastern, settings, tmp_path):
    from salw.registry.models import Weapon
    from salw.tracing import matching

    settings.SALW_DATA_DIR = tmp_path
    old = _register(system_actor, eastern, "E-1", "KT-0001")
    matching.rebuild_index()
    matching.forget_index()
    # Changed behind the index's back (a restore, another installation's file): its change time
    # stays old, so only the count of records at the watermark can tell.
    Weapon.objects.filter(id=old.id).update(voided_at=timezone.now())
    assert identify(WeaponDescription(serial_number="KT-0001")) == []
    assert current_index().active == 0
