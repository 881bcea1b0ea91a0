"""Registry list, weapon page, registering a weapon and recording an event, through the browser's forms."""

from __future__ import annotations

from datetime import date

from salw.core.models import AuditEntry
from salw.registry.models import Event, Weapon
from salw.registry.services import event_record, weapon_register


def test_list_shows_only_weapons_in_the_jurisdiction(login, east_viewer, east_rifle, north_pistol):
    html = login(east_viewer).get("/weapons/").content.decode()
    assert "KT 4411" in html and "NP 9031" not in html


def test_list_filters(login, national_auditor, east_rifle, north_pistol, northern):
    client = login(national_auditor)

    def serials(**filters):
        page = client.get("/weapons/", filters).context["page"]
        return sorted(weapon.serial_number for weapon in page.items)

    assert serials() == ["KT 4411", "NP 9031"]
    assert serials(status="stolen") == ["KT 4411"]
    assert serials(weapon_type="sa_assault_rifle") == ["KT 4411"]
    assert serials(jurisdiction=str(northern.id)) == ["NP 9031"]
    assert serials(serial="np-90") == ["NP 9031"]
    assert serials(serial="kt4411", status="in_storage") == []


def test_a_jurisdiction_outside_ones_own_cannot_be_chosen(login, east_viewer, east_rifle, north_pistol, northern):
    response = login(east_viewer).get("/weapons/", {"jurisdiction": str(northern.id)})
    assert "jurisdiction" in response.context["form"].errors
    assert [w.serial_number for w in response.context["page"].items] == ["KT 4411"]


def test_serial_search_never_reaches_outside(login, north_analyst, east_rifle):
    html = login(north_analyst).get("/weapons/", {"serial": "KT4411"}).content.decode()
    assert "KT 4411" not in html and "No weapon matches" in html


def test_htmx_request_gets_only_the_results(login, east_viewer, east_rifle):
    response = login(east_viewer).get("/weapons/", {"serial": "KT"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "KT 4411" in html and "<html" not in html and "<form" not in html


def test_keyset_pages_walk_forward_and_back(login, east_registrar, system_actor, eastern):
    for n in range(30):
        weapon_register(actor=system_actor, jurisdiction=eastern, record_id=f"P-{n}", serial_number=f"PG{n:03d}")
    client = login(east_registrar)
    first = client.get("/weapons/").context["page"]
    assert len(first.items) == 25 and first.previous_key is None and first.next_key is not None
    assert first.items[0].serial_number == "PG029"  # newest first
    second = client.get("/weapons/", {"after": str(first.next_key)}).context["page"]
    assert [w.serial_number for w in second.items] == [f"PG{n:03d}" for n in range(4, -1, -1)]
    assert second.next_key is None and second.previous_key is not None
    back = client.get("/weapons/", {"before": str(second.previous_key)}).context["page"]
    assert [w.id for w in back.items] == [w.id for w in first.items]
    assert client.get("/weapons/", {"after": "not-a-key"}).status_code == 200


def test_weapon_page_shows_markings_and_timeline(login, east_viewer, east_rifle, system_actor):
    from salw.registry.services import marking_add

    marking_add(actor=system_actor, weapon=east_rifle, occasion="import", text="SL 19 GOV", component="receiver")
    html = login(east_viewer).get(f"/weapons/{east_rifle.id}/").content.decode()
    assert "SL 19 GOV" in html and "receiver" in html
    assert "armoury break-in" in html and "2019-03-04" in html and "2012-05-01" in html
    assert "Record an event" not in html  # a viewer cannot record


def test_weapon_outside_the_jurisdiction_is_404(login, north_analyst, east_registrar, east_rifle, north_pistol):
    assert login(north_analyst).get(f"/weapons/{east_rifle.id}/").status_code == 404
    client = login(east_registrar)
    assert client.get(f"/weapons/{north_pistol.id}/").status_code == 404
    assert client.get(f"/weapons/{north_pistol.id}/events/new/").status_code == 404
    response = client.post(f"/weapons/{north_pistol.id}/events/new/", {"event_type": "lost"})
    assert response.status_code == 404 and north_pistol.events.count() == 1


def test_viewer_cannot_record_an_event(login, east_viewer, east_rifle):
    assert login(east_viewer).post(f"/weapons/{east_rifle.id}/events/new/",
                                   {"event_type": "found"}).status_code == 403


def test_register_form_shows_errors_next_to_fields(login, east_registrar, eastern):
    response = login(east_registrar).post("/weapons/new/", {
        "jurisdiction": str(eastern.id), "serial_number": "", "marking_status": "legible",
        "year_of_manufacture": "12", "holder_name": "2nd Battalion", "status_date": "2999-01-01"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"serial_number", "year_of_manufacture", "holder_type", "status_date"}
    html = response.content.decode()
    assert 'class="field has-error' in html and 'aria-invalid="true"' in html
    assert "Give the serial number, or mark the marking as obliterated." in html
    assert Weapon.objects.count() == 0


def test_register_form_refuses_a_jurisdiction_one_cannot_capture_in(login, east_registrar, northern):
    response = login(east_registrar).post("/weapons/new/", {
        "jurisdiction": str(northern.id), "serial_number": "X1", "marking_status": "legible"})
    assert "jurisdiction" in response.context["form"].errors and Weapon.objects.count() == 0


def test_duplicate_record_number_is_reported_on_its_field(login, east_registrar, eastern, east_rifle):
    response = login(east_registrar).post("/weapons/new/", {
        "jurisdiction": str(eastern.id), "record_id": "E-77", "serial_number": "X1", "marking_status": "legible"})
    assert "already exists" in response.context["form"].errors["record_id"][0]


def test_a_refusal_in_another_language_still_sits_on_its_field(login, east_registrar, eastern, east_rifle):
    response = login(east_registrar).post("/weapons/new/", {
        "jurisdiction": str(eastern.id), "record_id": "E-77", "serial_number": "X1", "marking_status": "legible"},
        HTTP_ACCEPT_LANGUAGE="fr")
    (message,) = response.context["form"].errors["record_id"]
    assert "'E-77'" in message and "already exists" not in message


def test_register_a_weapon(login, east_registrar, eastern):
    audit_before = AuditEntry.objects.count()
    response = login(east_registrar).post("/weapons/new/", {
        "jurisdiction": str(eastern.id), "serial_number": "AB 1207", "marking_status": "legible",
        "manufacturer": "FN Herstal", "model": "FAL", "calibre": "7.62x51mm", "weapon_type": "sa_rifle_carbine.rifle",
        "country_of_manufacture": "bel", "year_of_manufacture": "1981", "status": "in_service",
        "status_date": "2020-02-01", "holder_type": "state_law_enforcement", "holder_name": "Kenema police",
        "location_admin1": "Kenema"}, follow=True)
    weapon = Weapon.objects.get(serial_number="AB 1207")
    assert response.redirect_chain[-1][0] == f"/weapons/{weapon.id}/"
    assert weapon.record_id.startswith("WEB-") and weapon.country_of_manufacture == "BEL"
    assert weapon.holder.name == "Kenema police" and weapon.status == "in_service"
    assert "Weapon AB 1207 registered." in response.content.decode()
    assert AuditEntry.objects.filter(action="weapon_register", actor_name="east-registrar").exists()
    assert AuditEntry.objects.count() > audit_before


def test_record_a_loss(login, east_registrar, eastern, system_actor):
    weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-9", serial_number="LS 1",
                             status="in_service")
    response = login(east_registrar).post(f"/weapons/{weapon.id}/events/new/", {
        "event_type": "lost", "occurred_on": "2024-05-06", "location_admin1": "Kenema",
        "document_ref": "KPD/24/118", "note": "lost on patrol"}, follow=True)
    weapon.refresh_from_db()
    assert weapon.status == "lost" and str(weapon.status_date) == "2024-05-06"
    html = response.content.decode()
    assert "Recorded: lost." in html and "KPD/24/118" in html and "lost on patrol" in html


def test_event_form_shows_errors(login, east_registrar, east_rifle, system_actor):
    client = login(east_registrar)
    events_before = Event.objects.count()
    response = client.post(f"/weapons/{east_rifle.id}/events/new/", {"event_type": "transferred"})
    assert "holder_name" in response.context["form"].errors
    response = client.post(f"/weapons/{east_rifle.id}/events/new/", {"event_type": "registered"})
    assert "event_type" in response.context["form"].errors
    event_record(actor=system_actor, weapon=east_rifle, event_type="destroyed", occurred_on=date(2023, 1, 9))
    response = client.post(f"/weapons/{east_rifle.id}/events/new/", {"event_type": "found"})
    assert "void that event first" in response.context["form"].errors["event_type"][0]
    assert Event.objects.count() == events_before + 1
