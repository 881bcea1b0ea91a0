"""The shipped releases, loaded as `salw init` loads them, checked against rows read by hand in the CSVs."""

from __future__ import annotations

import pytest

from salw.context.domain import ConflictYearRecord, GwCrosswalk, locate_conflicts, parse_gw_codes
from salw.context.loader import gw_crosswalk
from salw.context.models import ConflictYear, CountryYearValue, DataRelease, Indicator
from salw.core.models import AuditEntry

pytestmark = pytest.mark.usefixtures("shipped_context")


def value(country: str, year: int, indicator: str) -> float | None:
    found = CountryYearValue.objects.filter(country=country, year=year, indicator_id=indicator).first()
    return None if found is None else found.value


def test_each_source_release_is_recorded_with_its_version_and_licence(db):
    releases = {release.source: release for release in DataRelease.objects.all()}
    assert releases["ucdp"].version == "23.1"
    assert (releases["ucdp"].first_year, releases["ucdp"].last_year) == (1946, 2022)
    assert releases["wgi"].version == "2023 update (data to 2022)"
    assert (releases["wgi"].first_year, releases["wgi"].last_year) == (1996, 2022)
    assert (releases["economy"].first_year, releases["economy"].last_year) == (1960, 2023)
    assert {release.licence for release in releases.values()} == {"CC BY 4.0"}
    assert Indicator.objects.get(code="wgi_pv").version == "2023 update (data to 2022)"
    assert AuditEntry.objects.filter(action="context_release_import").count() >= 3


def test_wgi_estimates_of_liberia_2003(db):
    # wgi_1996_2022.csv, row LBR 2003: va_est -1.4459, pv_est -2.1594, ge_est -1.4177
    assert value("LBR", 2003, "wgi_va") == pytest.approx(-1.4459)
    assert value("LBR", 2003, "wgi_pv") == pytest.approx(-2.1594)
    assert value("LBR", 2003, "wgi_ge") == pytest.approx(-1.4177)
    assert value("SLE", 2021, "wgi_pv") == pytest.approx(-0.097)


def test_economy_of_liberia(db):
    # gapminder_economy_1960_2023.csv, rows lbr 2003 and 2013
    assert value("LBR", 2003, "gdp_per_capita") == pytest.approx(528.5674)
    assert value("LBR", 2003, "population") == pytest.approx(3_037_000)
    assert value("LBR", 2013, "population_density") == pytest.approx(46.41)


def test_missing_values_have_no_row(db):
    # WGI skips 1997, 1999 and 2001; Gapminder's population series ends in 2013.
    assert value("LBR", 1997, "wgi_pv") is None
    assert value("LBR", 2020, "population") is None
    assert not CountryYearValue.objects.filter(indicator_id="wgi_pv", year=2001).exists()


def test_conflicts_become_country_years(db):
    # Conflict 341, Liberia 2003: intensity 2, Government of Liberia vs LURD, MODEL.
    assert value("LBR", 2003, "ucdp_max_intensity") == 2
    assert value("LBR", 2003, "ucdp_conflicts") == 1
    conflict = ConflictYear.objects.get(country="LBR", year=2003)
    assert conflict.conflict_id == 341
    assert conflict.non_state_sides == "LURD; MODEL"
    # Conflict 382, Sierra Leone 2000: internationalised intrastate (type 4), RUF and WSB.
    assert value("SLE", 2000, "ucdp_internationalised") == 1
    assert ConflictYear.objects.get(country="SLE", year=2000).non_state_sides == "RUF; WSB"


def test_a_state_without_a_listed_conflict_had_none(db):
    assert value("SLE", 2010, "ucdp_max_intensity") == 0
    assert value("SLE", 2010, "ucdp_conflicts") == 0
    # Before independence (1961) Sierra Leone was not a state: nothing, not zero.
    assert value("SLE", 1950, "ucdp_conflicts") is None


def test_a_conflict_fought_in_several_states_counts_in_each(db):
    # Conflict 13692 (2001): gwno_loc "2, 200, 700", i.e. the United States, the United Kingdom, Afghanistan.
    located = set(ConflictYear.objects.filter(conflict_id=13692, year=2001).values_list("country", flat=True))
    assert located == {"USA", "GBR", "AFG"}
    # Conflict 11343 (1973): gwno_loc "651, 666", Egypt and Israel, intensity 2.
    assert value("EGY", 1973, "ucdp_max_intensity") == 2
    assert value("ISR", 1973, "ucdp_max_intensity") == 2


def test_the_crosswalk_follows_the_state_through_time():
    crosswalk = gw_crosswalk()
    assert crosswalk.iso3_for(345, 1999) == "YUG"
    assert crosswalk.iso3_for(340, 2010) == "SRB"
    assert crosswalk.iso3_for(626, 2015) == "SSD"
    assert crosswalk.iso3_for(751, 1948) == ""  # Hyderabad: no ISO code
    assert "SSD" not in crosswalk.countries_in(2010) and "SSD" in crosswalk.countries_in(2012)


def test_gw_code_lists_are_parsed_strictly():
    assert parse_gw_codes("651, 666") == [651, 666]
    assert parse_gw_codes("") == []
    with pytest.raises(ValueError):
        parse_gw_codes("651; 666")


def test_a_location_without_an_iso_code_is_reported_not_dropped_silently():
    crosswalk = GwCrosswalk(gw_crosswalk().states)
    record = ConflictYearRecord(1, 1948, "Hyderabad", "Government of India", "Government of Hyderabad", "750",
                                "751", 1, 2, (750, 751))
    located, unplaced = locate_conflicts([record], crosswalk)
    assert [item.country for item in located] == ["IND"]
    assert unplaced == [(record, 751)]
