"""The dashboard counts only what the user may see."""

from __future__ import annotations

from datetime import date

from salw.registry.services import event_record, weapon_register


def test_dashboard_figures_are_those_of_the_users_jurisdiction(login, east_registrar, east_rifle, north_pistol,
                                                               system_actor, eastern):
    this_year = date.today().replace(month=1, day=1)
    lost = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-2", serial_number="LZ 1",
                           weapon_type="sa_revolver_pistol.pistol", status="in_service")
    event_record(actor=system_actor, weapon=lost, event_type="lost", occurred_on=this_year)
    found = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-3", serial_number="",
                            marking_status="obliterated", status="seized", status_date=this_year)
    response = login(east_registrar).get("/")
    assert response.status_code == 200
    figures = response.context
    assert figures["weapons"] == 3
    assert (figures["lost_this_year"], figures["stolen_this_year"], figures["seized_this_year"]) == (1, 0, 1)
    assert figures["open_traces"] == 1
    # The stolen and the lost weapon are not holdings; the northern pistol is not visible.
    assert sum(tally.count for tally in figures["by_weapon_type"]) == 1
    assert [row.jurisdiction for row in figures["completeness"]] == ["Eastern"]
    shares = dict(figures["completeness"][0].shares)
    assert shares["Serial"] == 67 and shares["Type"] == 67
    html = response.content.decode()
    assert "Holdings by weapon type" in html and "Data completeness" in html
    assert "Glock" not in html and found.record_id not in html


def test_a_traced_seizure_is_no_longer_an_open_trace(login, east_registrar, system_actor, eastern):
    seized = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-5", serial_number="SZ 5",
                             status="seized")
    client = login(east_registrar)
    assert client.get("/").context["open_traces"] == 1
    event_record(actor=system_actor, weapon=seized, event_type="traced")
    assert client.get("/").context["open_traces"] == 0


def test_national_view_sees_both_regions(login, national_auditor, east_rifle, north_pistol):
    figures = login(national_auditor).get("/").context
    assert figures["weapons"] == 2
    assert [row.jurisdiction for row in figures["completeness"]] == ["Eastern", "Northern"]


def test_figures_are_counted_once_per_state_of_the_registry(system_actor, eastern, east_registrar,
                                                           monkeypatch):
    from salw.web import dashboard_queries

    counted = []
    real = dashboard_queries.events_in_year  # read once each time the figures are counted
    monkeypatch.setattr(dashboard_queries, "events_in_year",
                        lambda weapons, types, year: counted.append(year) or real(weapons, types, year))
    weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="C-1", serial_number="C1")
    first = dashboard_queries.dashboard_figures(east_registrar, 2026)
    again = dashboard_queries.dashboard_figures(east_registrar, 2026)
    assert len(counted) == 1 and again["weapons"] == first["weapons"]
    event_record(actor=system_actor, weapon=weapon, event_type="lost", occurred_on=date(2026, 2, 1))
    after = dashboard_queries.dashboard_figures(east_registrar, 2026)
    assert len(counted) == 2, "a new event is a new state: counted again"
    assert after["lost_this_year"] == first["lost_this_year"] + 1
