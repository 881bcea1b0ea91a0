"""A registrar of one region never sees another region's weapons, through any endpoint."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from salw.core.models import AuditEntry
from salw.registry.models import Event, Weapon


@pytest.fixture
def east(caller, east_registrar):
    return caller(east_registrar)


def test_lists_show_only_ones_own_region(east, east_rifle, north_pistol):
    ids = [item["id"] for item in east.get("/weapons").json()["items"]]
    assert ids == [str(east_rifle.id)]


@pytest.mark.parametrize("params", [{"serial": "KT4412"}, {"serial": "kt 441"}, {"q": "Glock"},
                                    {"q": "N-1"}, {"jurisdiction": "SL-N"}, {"status": "in_storage"}])
def test_searches_and_filters_never_reach_another_region(east, east_rifle, north_pistol, params):
    items = east.get("/weapons", params).json()["items"]
    assert str(north_pistol.id) not in [item["id"] for item in items]


def test_serial_search_finds_ones_own(east, east_rifle, north_pistol):
    items = east.get("/weapons", {"serial": "kt-4411"}).json()["items"]
    assert [item["id"] for item in items] == [str(east_rifle.id)]


def test_another_regions_weapon_is_not_found_rather_than_forbidden(east, north_pistol):
    for path in (f"/weapons/{north_pistol.id}", f"/weapons/{north_pistol.id}/timeline"):
        response = east.get(path)
        assert response.status_code == 404, path
        # Word for word what a weapon that does not exist gets: nothing tells the two apart.
        assert response.json() == east.get(path.replace(str(north_pistol.id), str(uuid.uuid4()))).json()


def test_another_regions_weapon_cannot_be_written_to(east, north_pistol):
    before = Event.objects.count()
    response = east.post(f"/weapons/{north_pistol.id}/events", {"event_type": "lost"})
    assert response.status_code == 404
    event = Event.objects.filter(weapon=north_pistol).first()
    assert east.post(f"/events/{event.seq}/void", {"reason": "mistake"}).status_code == 404
    assert Event.objects.count() == before


def test_stats_count_only_ones_own_region(east, caller, national_admin, east_rifle, north_pistol):
    assert east.get("/stats").json() == {"weapons": 1, "events": 2, "seizures": 0, "lost": 0, "stolen": 1,
                                         "traces": 0}
    everything = caller(national_admin).get("/stats").json()
    assert everything["weapons"] == 2 and everything["events"] == 3


def test_stats_match_the_command_line(caller, national_admin, east_rifle, north_pistol):
    import json

    from click.testing import CliRunner

    from salw.cli.main import cli

    result = CliRunner().invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert caller(national_admin).get("/stats").json() == json.loads(result.stdout)


def test_the_national_level_sees_both_regions(caller, national_admin, east_rifle, north_pistol):
    ids = {item["id"] for item in caller(national_admin).get("/weapons").json()["items"]}
    assert ids == {str(east_rifle.id), str(north_pistol.id)}


def test_a_session_is_scoped_like_a_token(east_registrar, east_rifle, north_pistol):
    from tests.api.conftest import PASSWORD

    browser = Client()
    assert browser.login(username=east_registrar.username, password=PASSWORD)
    assert [i["id"] for i in browser.get("/api/v1/weapons").json()["items"]] == [str(east_rifle.id)]
    assert browser.get(f"/api/v1/weapons/{north_pistol.id}").status_code == 404


def test_a_user_without_roles_sees_nothing(caller, make_user, east_rifle):
    nobody = caller(make_user("nobody"))
    assert nobody.get("/weapons").json() == {"items": [], "next_cursor": None}
    assert nobody.get(f"/weapons/{east_rifle.id}").status_code == 404
    assert nobody.get("/stats").json()["weapons"] == 0


def test_the_audit_log_is_for_national_auditors_and_administrators(caller, make_user, national, eastern,
                                                                    east_registrar, national_admin):
    from salw.accounts.domain import REGISTRY_READ

    assert caller(make_user("aud", ("auditor", national, "view"))).get("/audit").status_code == 200
    assert caller(national_admin).get("/audit").status_code == 200
    assert caller(make_user("east-aud", ("auditor", eastern, "view"))).get("/audit").status_code == 403
    assert caller(east_registrar).get("/audit").status_code == 403
    assert caller(national_admin, [REGISTRY_READ]).get("/audit").status_code == 403
    assert AuditEntry.objects.filter(action="permission_refused").count() == 3
    assert Weapon.objects.count() == 0
