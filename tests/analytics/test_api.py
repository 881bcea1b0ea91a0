"""/api/v1/analytics: every aggregate as JSON, maps as GeoJSON, scoped to the caller, behind analytics:read."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiCaller, caller, token_for  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_flow_summary_and_one_breakdown(picture, caller, east_analyst):  # noqa: F811
    api = caller(east_analyst)
    summary = api.get("/analytics/flows").json()
    names = [item["name"] for item in summary["breakdowns"]]
    assert names == ["country_pairs", "admin1_areas", "periods", "weapon_types", "diversion_mechanisms",
                     "holder_types", "origins"]
    assert summary["time_to_crime"]["median_days"] == 271.5
    pairs = api.get("/analytics/flows/breakdowns/country_pairs", {"first_year": 2022}).json()
    assert [(row["from_country"], row["weapons"]) for row in pairs["rows"]] == [("GIN", 1), ("LBR", 1)]


def test_geojson_for_maps_and_records_behind_them(picture, caller, north_analyst):  # noqa: F811
    api = caller(north_analyst)
    countries = api.get("/analytics/map/countries", {"metric": "seizures"}).json()
    assert countries["type"] == "FeatureCollection"
    assert {f["properties"]["code"]: f["properties"]["value"] for f in countries["features"]
            if f["properties"]["value"]} == {"SLE": 1}
    areas = api.get("/analytics/map/admin1", {"metric": "losses"}).json()
    assert {f["properties"]["code"]: f["properties"]["value"] for f in areas["features"]
            if f["properties"]["value"]} == {"SLE-762": 1}
    points = api.get("/analytics/map/seizure-points", {"cell": 1}).json()
    assert [f["properties"]["weapons"] for f in points["features"]] == [1]
    lines = api.get("/analytics/flows/lines").json()
    assert [f["properties"]["key"] for f in lines["features"]] == ["GIN-5643>SLE-762"]
    records = api.get("/analytics/flows/records", {"line": "GIN-5643>SLE-762"}).json()
    assert (records["total"], records["records"][0]["case_reference"]) == (1, "MAK/21/007")
    # Another region's area: nothing, not a count.
    assert api.get("/analytics/map/records", {"metric": "seizures", "area": "SLE-790"}).json() == {
        "total": 0, "records": []}


def test_trends_and_armed_groups(picture, caller, national_analyst):  # noqa: F811
    api = caller(national_analyst)
    trends = api.get("/analytics/trends").json()
    assert [row["seizures"] for row in trends["breakdowns"][0]["rows"]] == [0, 3, 2]
    groups = api.get("/analytics/armed-groups").json()
    assert [(row["group"], row["weapons"]) for row in groups["rows"]] == [("West Side Boys remnant", 2)]


def test_refusals(picture, caller, national_analyst, north_registrar):  # noqa: F811
    assert caller(national_analyst, scopes=["reports:read"]).get("/analytics/flows").status_code == 403
    assert caller(north_registrar).get("/analytics/trends").status_code == 403
    bad = caller(national_analyst).get("/analytics/map/countries", {"metric": "rumours"})
    assert bad.status_code == 422
    assert "error" in bad.json()


def test_table_downloads_from_the_web(picture, client, national_analyst):
    client.force_login(national_analyst)
    response = client.get("/analytics/tables/diversion_mechanisms.csv", {"first_year": "2021", "last_year": "2021"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[1:4] == ["battlefield_capture,1,yes", "embezzlement,1,yes", "stockpile_theft_or_loss,1,yes"]
    xlsx = client.get("/analytics/tables/armed_groups.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/analytics/tables/secrets.csv").status_code == 404
    assert client.get("/analytics/").status_code == 200
    assert client.get("/analytics/charts/").status_code == 200
