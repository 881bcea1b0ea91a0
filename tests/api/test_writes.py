"""Writes through the API go through the registry's services: events, timeline and audit log."""

from __future__ import annotations

import json

from salw.core.models import AuditEntry
from salw.registry.models import Actor, Event, Marking, Weapon
from salw.registry.services import marking_add


def test_register_record_and_void(caller, east_registrar):
    api = caller(east_registrar)
    created = api.post("/weapons", {
        "jurisdiction": "SL-E-KENEMA", "record_id": "API-1", "serial_number": "AB 123", "manufacturer": "Izhmash",
        "model": "AKM", "calibre": "7.62x39mm", "weapon_type": "sa_assault_rifle", "status": "in_service",
        "status_date": "2014-02-01", "holder_type": "state_law_enforcement", "holder_name": "Kenema police",
    })
    assert created.status_code == 201, created.content
    weapon = created.json()
    assert weapon["jurisdiction"] == "SL-E-KENEMA" and weapon["status"] == "in_service"
    assert weapon["holder"] == "Kenema police" and weapon["calibre_code"]
    stored = Weapon.objects.get(pk=weapon["id"])
    assert stored.serial_key == "AB123" and Actor.objects.filter(name="Kenema police").count() == 1

    recorded = api.post(f"/weapons/{weapon['id']}/events",
                        {"event_type": "lost", "occurred_on": "2020-07-07", "note": "missing at inventory"})
    assert recorded.status_code == 201, recorded.content
    lost = recorded.json()
    assert lost["event_type"] == "lost" and lost["recorded_by"] == "east-registrar"
    assert api.get(f"/weapons/{weapon['id']}").json()["status"] == "lost"

    timeline = api.get(f"/weapons/{weapon['id']}/timeline").json()["events"]
    assert [event["event_type"] for event in timeline] == ["issued", "lost"]
    assert timeline[1]["note"] == "missing at inventory"

    voided = api.post(f"/events/{lost['seq']}/void", {"reason": "found in the wrong rack"})
    assert voided.status_code == 201, voided.content
    assert voided.json()["voids"] == lost["seq"]
    timeline = api.get(f"/weapons/{weapon['id']}/timeline").json()["events"]
    marked = {event["seq"]: event for event in timeline}
    assert marked[lost["seq"]]["voided_by"] == voided.json()["seq"]
    assert api.get(f"/weapons/{weapon['id']}").json()["status"] == "in_service"

    entries = AuditEntry.objects.filter(actor_name="east-registrar").order_by("seq")
    assert [entry.action for entry in entries] == ["actor_create", "weapon_register", "event_record",
                                                   "event_void"]
    assert json.loads(entries[2].changes)["event"] == lost["seq"]


def test_detail_carries_the_markings(caller, east_registrar, system_actor, east_rifle):
    marking_add(actor=system_actor, weapon=east_rifle, occasion="import", text="SL 2011", component="receiver")
    markings = caller(east_registrar).get(f"/weapons/{east_rifle.id}").json()["markings"]
    assert [(m["occasion"], m["text"], m["component"]) for m in markings] == [("import", "SL 2011", "receiver")]
    assert Marking.objects.count() == 1


def test_a_refused_event_writes_nothing(caller, east_registrar, east_rifle):
    api = caller(east_registrar)
    before = (Event.objects.count(), AuditEntry.objects.count())
    response = api.post(f"/weapons/{east_rifle.id}/events", {"event_type": "teleported"})
    assert response.status_code == 422 and "teleported" in response.json()["error"]["message"]
    assert (Event.objects.count(), AuditEntry.objects.count()) == before


def test_an_unknown_weapon_type_is_refused_by_name(caller, east_registrar):
    response = caller(east_registrar).post("/weapons", {"jurisdiction": "SL-E", "record_id": "W-1",
                                                        "serial_number": "W1", "weapon_type": "ray_gun"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["location"] == "weapon_type"
    assert not Weapon.objects.exists()


def test_a_view_only_user_cannot_write(caller, make_user, eastern, east_rifle):
    analyst = caller(make_user("east-analyst", ("analyst", eastern, "view")))
    assert analyst.get(f"/weapons/{east_rifle.id}").status_code == 200
    response = analyst.post(f"/weapons/{east_rifle.id}/events", {"event_type": "found"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="permission_refused", actor_name="east-analyst").exists()
