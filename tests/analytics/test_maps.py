"""Choropleth values, seizure clusters and the records behind shapes, with GeoJSON checked for shape."""

from __future__ import annotations

import pytest

from salw.analytics import maps
from salw.analytics.armed_groups import armed_groups
from salw.analytics.scope import analytics_scope
from salw.analytics.trends import all_trends

pytestmark = pytest.mark.django_db


def _valid_feature_collection(collection, geometry_types):
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in geometry_types
        assert isinstance(feature["properties"], dict)
        coordinates = feature["geometry"]["coordinates"]
        while isinstance(coordinates[0], list):
            coordinates = coordinates[0]
        longitude, latitude = coordinates[:2]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90


@pytest.mark.parametrize(("metric", "whole", "east_only", "north_only"), [
    ("holdings", 3, 2, 1),  # E1, E2 | N1
    ("losses", 4, 3, 1),  # E5 2020, E3 2021, E4 2022 | N2 2021
    ("seizures", 5, 4, 1),  # S1 2, S2, S3 | S4 (its ammunition line does not count)
])
def test_country_values_per_jurisdiction(picture, national_analyst, east_analyst, north_analyst,
                                         metric, whole, east_only, north_only):
    for user, expected in ((national_analyst, whole), (east_analyst, east_only), (north_analyst, north_only)):
        assert maps.country_values(user, analytics_scope(user), metric) == {"SLE": expected}


@pytest.mark.parametrize(("metric", "expected"), [
    ("holdings", {"SLE-790": 2, "SLE-762": 1}),
    ("losses", {"SLE-790": 3, "SLE-762": 1}),
    ("seizures", {"SLE-790": 4, "SLE-762": 1}),
])
def test_admin1_values(picture, national_analyst, metric, expected):
    assert maps.admin1_values(analytics_scope(national_analyst), metric) == (expected, 0)


def test_losses_follow_the_period(picture, national_analyst):
    scope = analytics_scope(national_analyst, first_year=2021, last_year=2021)
    assert maps.country_values(national_analyst, scope, "losses") == {"SLE": 2}


def test_country_and_admin1_geojson_are_valid_and_carry_values(picture, east_analyst):
    scope = analytics_scope(east_analyst)
    countries = maps.country_geojson(east_analyst, scope, "seizures")
    _valid_feature_collection(countries, {"Polygon", "MultiPolygon"})
    assert len(countries["features"]) == 177
    by_code = {feature["properties"]["code"]: feature["properties"] for feature in countries["features"]}
    assert by_code["SLE"]["value"] == 4 and by_code["SLE"]["few_cases"] is True  # 4 < 5
    assert by_code["LBR"]["value"] is None
    admin1 = maps.admin1_geojson(scope, "seizures")
    _valid_feature_collection(admin1, {"Polygon", "MultiPolygon"})
    values = {feature["properties"]["code"]: feature["properties"]["value"] for feature in admin1["features"]
              if feature["properties"]["value"]}
    assert values == {"SLE-790": 4}


def test_seizure_points_cluster_by_grid_cell(picture, national_analyst):
    scope = analytics_scope(national_analyst)
    fine = maps.seizure_points(scope, 0.5)
    _valid_feature_collection(fine, {"Point"})
    assert sorted(feature["properties"]["weapons"] for feature in fine["features"]) == [1, 1, 1, 2]
    # At 5 degrees, all four seizures (between 7.88 and 8.88 N, 10.34 and 12.04 W) share one cell.
    coarse = maps.seizure_points(scope, 5)
    assert [(feature["properties"]["weapons"], feature["properties"]["seizures"])
            for feature in coarse["features"]] == [(5, 4)]


def test_records_behind_a_shape_and_a_cluster(picture, national_analyst, north_analyst):
    scope = analytics_scope(national_analyst)
    records, total = maps.map_records(scope, metric="seizures", area="SLE-790")
    assert total == 4
    assert sorted({record["case_reference"] for record in records}) == ["KEN/21/001", "KEN/22/014", "KEN/22/090"]
    records, total = maps.map_records(scope, metric="holdings", country="SLE")
    assert sorted(record["record_id"] for record in records) == ["E1", "E2", "N1"]
    records, total = maps.map_records(scope, metric="losses", area="SLE-762")
    assert [(record["record_id"], record["status"]) for record in records] == [("N2", "stolen")]
    records, total = maps.map_records(scope, metric="seizures", bbox=(-10.6, 8.2, -10.3, 8.5))
    assert total == 3  # Koindu (2) and Kailahun (1)
    north = analytics_scope(north_analyst)
    assert maps.map_records(north, metric="seizures", area="SLE-790") == ([], 0)


def test_trends_per_year(picture, national_analyst, north_analyst):
    trends = {item["name"]: item for item in all_trends(analytics_scope(national_analyst))["breakdowns"]}
    assert [(row["year"], row["losses"], row["seizures"], row["traces"]) for row in trends["trends"]["rows"]] == [
        (2020, 1, 0, 0), (2021, 2, 3, 0), (2022, 1, 2, 1)]
    assert trends["mechanisms_by_year"]["rows"] == [
        {"year": 2021, "battlefield_capture": 1, "embezzlement": 1, "illicit_transfer_or_retransfer": 0,
         "stockpile_theft_or_loss": 1},
        {"year": 2022, "battlefield_capture": 0, "embezzlement": 0, "illicit_transfer_or_retransfer": 1,
         "stockpile_theft_or_loss": 0}]
    assert trends["weapon_types_by_year"]["rows"] == [
        {"year": 2021, "sa_assault_rifle": 1, "sa_lmg": 1, "sa_rifle_carbine": 1},
        {"year": 2022, "sa_assault_rifle": 2, "sa_lmg": 0, "sa_rifle_carbine": 0}]
    north = {item["name"]: item for item in all_trends(analytics_scope(north_analyst))["breakdowns"]}
    assert [(row["year"], row["losses"], row["seizures"], row["traces"]) for row in north["trends"]["rows"]] == [
        (2021, 1, 1, 0)]


def test_armed_groups_by_type_and_origin_with_confidence(picture, east_analyst, north_analyst):
    groups = armed_groups(analytics_scope(east_analyst))
    # E5 is held by the group now; E3 was stolen by it.
    assert [(row["group"], row["weapons"], row["by_type"], row["by_origin"], row["confidence"], row["source"])
            for row in groups.rows] == [
        ("West Side Boys remnant", 2, {"sa_assault_rifle": 1, "sa_lmg": 1}, {"CHN": 1, "RUS": 1}, "B",
         "UN Panel of Experts report 2021")]
    assert armed_groups(analytics_scope(north_analyst)).rows == []
