"""The flow model against the hand-counted picture in conftest.py, for three analysts."""

from __future__ import annotations

import pytest

from salw.analytics import flows
from salw.analytics.scope import analytics_scope
from salw.core.errors import PermissionRefused

pytestmark = pytest.mark.django_db


def _rows(breakdown, *columns):
    return [tuple(row[column] for column in columns) for row in breakdown.rows]


def test_country_pairs_count_diversion_country_else_last_legal_holder(picture, national_analyst):
    pairs = flows.by_country_pair(analytics_scope(national_analyst))
    # GIN: S3 (last legal holder in Guinea) and S4 (diverted in Kindia); LBR: S1b and S2; SLE: S1a.
    assert _rows(pairs, "from_country", "to_country", "weapons", "cross_border") == [
        ("GIN", "SLE", 2, True), ("LBR", "SLE", 2, True), ("SLE", "SLE", 1, False)]
    assert all(row["few_cases"] for row in pairs.rows)
    assert any("fewer than 5" in note for note in pairs.notes)


def test_each_region_counts_only_its_own_seizures(picture, east_analyst, north_analyst):
    east = flows.by_country_pair(analytics_scope(east_analyst))
    north = flows.by_country_pair(analytics_scope(north_analyst))
    assert _rows(east, "from_country", "weapons") == [("LBR", 2), ("GIN", 1), ("SLE", 1)]
    assert _rows(north, "from_country", "weapons") == [("GIN", 1)]


def test_admin1_areas_resolve_spellings_of_one_area(picture, national_analyst):
    areas = flows.by_admin1(analytics_scope(national_analyst))
    # "Eastern" and "Eastern Province" are one area: S1 (2) + S2 (1) + S3 (1) seized there.
    assert _rows(areas, "area", "name", "diverted_here", "seized_here") == [
        ("SLE-790", "Eastern", 1, 4), ("LBR-787", "Lofa", 2, 0), ("GIN-5643", "Kindia", 1, 0),
        ("SLE-762", "Northern", 0, 1)]


def test_mechanisms_weapon_types_holder_types_and_origins(picture, national_analyst):
    scope = analytics_scope(national_analyst)
    assert _rows(flows.by_mechanism(scope), "mechanism", "weapons") == [
        ("battlefield_capture", 1), ("embezzlement", 1), ("illicit_transfer_or_retransfer", 1),
        ("stockpile_theft_or_loss", 1)]
    assert _rows(flows.by_weapon_type(scope), "weapon_type", "weapons") == [
        ("sa_assault_rifle", 3), ("sa_lmg", 1), ("sa_rifle_carbine", 1)]
    assert _rows(flows.by_holder_type(scope), "holder_type", "weapons") == [("state_armed_forces", 1)]
    # Every seized weapon counts here, traced or not; the ammunition line of S4 does not.
    assert _rows(flows.by_origin(scope), "country_of_manufacture", "weapons") == [("CHN", 2), ("RUS", 2), ("BEL", 1)]


def test_periods_count_seized_traced_and_established_by_year_of_seizure(picture, national_analyst):
    periods = flows.by_period(analytics_scope(national_analyst))
    assert _rows(periods, "year", "seized", "traced", "diversion_established") == [(2021, 3, 3, 3), (2022, 2, 2, 1)]


def test_a_period_filter_keeps_only_that_years_seizures(picture, national_analyst):
    scope = analytics_scope(national_analyst, first_year=2022, last_year=2022)
    assert _rows(flows.by_country_pair(scope), "from_country", "weapons") == [("GIN", 1), ("LBR", 1)]


def test_time_to_crime_from_diversion_else_last_legal_transfer(picture, national_analyst, east_analyst,
                                                               north_analyst):
    # S1a 2021-03-04 -> 2021-06-10 = 98 days; S1b 2020-12-31 -> 2021-06-10 = 161; S2 2021-01-15 ->
    # 2022-02-01 = 382; S4 2020-05-01 -> 2021-05-05 = 369; S3 has no diversion date but matches E1,
    # issued 2015-03-01 -> 2022-09-01 = 2741.
    national = flows.time_to_crime_summary(analytics_scope(national_analyst))
    assert (national["cases"], national["from_diversion"], national["from_legal_transfer"]) == (5, 4, 1)
    assert national["median_days"] == 369.0
    assert (national["p25_days"], national["p75_days"]) == (161.0, 382.0)
    assert national["few_cases"] is False
    east = flows.time_to_crime_summary(analytics_scope(east_analyst))
    assert (east["cases"], east["median_days"], east["few_cases"]) == (4, 271.5, True)
    north = flows.time_to_crime_summary(analytics_scope(north_analyst))
    assert (north["cases"], north["median_days"]) == (1, 369.0)


def test_flow_lines_join_areas_with_width_by_weapons(picture, national_analyst):
    lines = flows.flow_lines(analytics_scope(national_analyst))
    found = {feature["properties"]["key"]: feature["properties"] for feature in lines["features"]}
    assert {key: props["weapons"] for key, props in found.items()} == {
        "LBR-787>SLE-790": 2, "GIN-5643>SLE-762": 1, "GIN>SLE-790": 1, "SLE-790>SLE-790": 1}
    assert found["LBR-787>SLE-790"]["width"] == 12.0
    assert found["GIN>SLE-790"]["width"] == 2.0
    assert found["SLE-790>SLE-790"]["within_one_area"] is True
    for feature in lines["features"]:
        assert feature["geometry"]["type"] == "LineString"
        assert len(feature["geometry"]["coordinates"]) == 2


def test_the_records_behind_a_line_name_holders_and_armed_groups(picture, national_analyst):
    scope = analytics_scope(national_analyst)
    records, total = flows.flow_records(scope, line_key="SLE-790>SLE-790")
    assert total == 1
    record = records[0]
    assert (record.case_reference, record.serial_number, record.days_to_seizure) == ("KEN/21/001", "RU3003", 98)
    assert record.registry_holder_types == ["non_state_armed_group", "state_armed_forces"]
    assert record.armed_groups == ["West Side Boys remnant"]
    records, total = flows.flow_records(scope, line_key="LBR-787>SLE-790")
    assert total == 2
    assert sorted(record.case_reference for record in records) == ["KEN/21/001", "KEN/22/014"]


def test_no_line_or_record_leaks_from_another_region(picture, north_analyst):
    scope = analytics_scope(north_analyst)
    assert [feature["properties"]["key"] for feature in flows.flow_lines(scope)["features"]] == ["GIN-5643>SLE-762"]
    assert flows.flow_records(scope, line_key="LBR-787>SLE-790") == ([], 0)


def test_only_analysts_and_administrators_may_read(picture, north_registrar):
    with pytest.raises(PermissionRefused):
        analytics_scope(north_registrar)


@pytest.mark.django_db(transaction=True)
def test_a_summary_counted_on_several_connections_at_once_equals_one_counted_in_turn(picture, national_analyst,
                                                                                    monkeypatch):
    from django.db import transaction

    from salw.analytics import together
    from salw.analytics.memo import forget_all

    count_here = together._count_here
    counted_elsewhere = []

    def spied(context, language, count):
        counted_elsewhere.append(count)
        return count_here(context, language, count)

    monkeypatch.setattr(together, "_count_here", spied)
    scope = analytics_scope(national_analyst)
    at_once = flows.flow_summary(scope)
    assert counted_elsewhere  # outside a transaction: other connections counted
    counted_elsewhere.clear()
    forget_all()
    with transaction.atomic():
        in_turn = flows.flow_summary(scope)
    assert not counted_elsewhere
    assert at_once == in_turn
    assert at_once["time_to_crime"]["cases"] == 5
    periods = next(part for part in at_once["breakdowns"] if part["name"] == "periods")
    assert [(row["year"], row["seized"], row["traced"]) for row in periods["rows"]] == [(2021, 3, 3), (2022, 2, 2)]


def test_an_analyst_of_the_whole_tree_counts_without_a_jurisdiction_filter(picture, national_analyst, east_analyst,
                                                                          eastern):
    from salw.core.models import Jurisdiction

    assert analytics_scope(national_analyst).jurisdiction_ids is None
    east = analytics_scope(east_analyst).jurisdiction_ids
    assert east and eastern.id in east and east < frozenset(Jurisdiction.objects.values_list("id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_counts_made_on_other_connections_speak_the_readers_language(picture, national_analyst):
    from django.utils import translation

    from salw.analytics import trends

    with translation.override("fr"):
        charts = trends.all_trends(analytics_scope(national_analyst))
    notes = {chart["name"]: chart["notes"] for chart in charts["breakdowns"]}
    assert notes["mechanisms_by_year"][0].startswith("colonnes : mécanisme de détournement")
    assert notes["weapon_types_by_year"][0].startswith("colonnes : type d")
