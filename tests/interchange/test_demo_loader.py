"""The synthetic demo registry loads through the import writer and tells a consistent story."""

from __future__ import annotations

import pytest

from salw.core.errors import ValidationFailed
from salw.core.models import Jurisdiction
from salw.interchange.demo_loader import DEMO_SOURCE, demo_load, demo_present
from salw.registry import domain
from salw.registry.models import Actor, Event, Weapon
from salw.registry.selectors import event_chain_breaks


def test_demo_loads_a_consistent_registry(system_actor):
    summary = demo_load(actor=system_actor, weapons=400, seed=11)
    assert summary["weapons"] == 400 and demo_present()
    assert Weapon.objects.filter(source=DEMO_SOURCE).count() == 400
    assert summary["events"] == Event.objects.filter(weapon__source=DEMO_SOURCE).count() >= 800
    # Province and district tree (the test tree already has Eastern and Northern; the demo adds the rest).
    assert Jurisdiction.objects.filter(kind="district").count() >= 16
    assert Actor.objects.filter(holder_type="non_state_armed_group").exists()
    # Every weapon's current state is exactly the projection of its own events.
    for weapon in Weapon.objects.filter(source=DEMO_SOURCE)[:150]:
        facts = [domain.EventFacts(e.seq, e.event_type, e.occurred_on, e.holder_id, e.holder_type,
                                   e.location_tuple, False) for e in weapon.events.order_by("seq")]
        state = domain.project(facts)
        assert (state.status or "", state.status_date, state.holder_id) == (
            weapon.status, weapon.status_date, weapon.holder_id), weapon.record_id
    assert event_chain_breaks() == []


def test_demo_is_deterministic(system_actor):
    demo_load(actor=system_actor, weapons=50, seed=3)
    first = list(Weapon.objects.order_by("record_id").values_list("record_id", "serial_number", "status"))
    assert len(first) == 50 and len({serial for _, serial, _ in first}) > 40


def test_loading_the_demo_twice_is_refused_and_changes_nothing(system_actor):
    demo_load(actor=system_actor, weapons=30, seed=3)
    before = (Weapon.objects.count(), Event.objects.count())

    with pytest.raises(ValidationFailed, match="already loaded"):
        demo_load(actor=system_actor, weapons=30, seed=3)

    assert (Weapon.objects.count(), Event.objects.count()) == before
