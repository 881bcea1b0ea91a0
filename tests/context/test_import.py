"""`salw context import`: a newer release in the shipped layout, checked whole, stored all or nothing."""

from __future__ import annotations

import pytest

from salw.context.models import ConflictYear, CountryYearValue, DataRelease
from salw.core.errors import PermissionRefused, ValidationFailed
from salw.core.models import AuditEntry
from salw.interchange.context_files import context_file_import
from tests.context.conftest import shipped_rows, write_csv

WGI_HEADER = ["iso_a3", "country_name", "year", "va_est", "pv_est", "ge_est", "rq_est", "rl_est", "cc_est"]
UCDP_HEADER, _ = shipped_rows("ucdp_prio_acd_v23_1.csv", lambda row: False)


def wgi_row(iso3: str, year: int, estimate: str = "-1.0", **overrides) -> dict:
    row = {"iso_a3": iso3, "country_name": iso3, "year": str(year)}
    row.update({f"{dimension}_est": estimate for dimension in ("va", "pv", "ge", "rq", "rl", "cc")})
    row.update(overrides)
    return row


def stored(country: str, year: int, indicator: str) -> float | None:
    found = CountryYearValue.objects.filter(country=country, year=year, indicator_id=indicator).first()
    return None if found is None else found.value


def test_a_file_with_problems_is_refused_by_file_row_and_column_and_nothing_is_stored(system_actor, tmp_path):
    path = write_csv(tmp_path / "wgi_2024.csv", WGI_HEADER, [
        wgi_row("SLE", 2023),
        wgi_row("XXA", 2023),                      # row 3: unknown country
        wgi_row("LBR", 2023, pv_est="very weak"),  # row 4: not a number
        wgi_row("GIN", 2023, ge_est="-25"),        # row 5: out of range
        wgi_row("SLE", 2023),                      # row 6: duplicate country-year
        wgi_row("CIV", "twenty"),                  # row 7: not a year
    ])
    with pytest.raises(ValidationFailed) as refused:
        context_file_import(actor=system_actor, source="wgi", path=path)
    where = {(problem.file, problem.row, problem.column) for problem in refused.value.problems}
    assert where == {("wgi_2024.csv", 3, "iso_a3"), ("wgi_2024.csv", 4, "pv_est"), ("wgi_2024.csv", 5, "ge_est"),
                     ("wgi_2024.csv", 6, "year"), ("wgi_2024.csv", 7, "year")}
    assert not CountryYearValue.objects.exists() and not DataRelease.objects.exists()


def test_a_missing_column_is_named(system_actor, tmp_path):
    path = write_csv(tmp_path / "wgi.csv", [c for c in WGI_HEADER if c != "rl_est"], [wgi_row("SLE", 2023)])
    with pytest.raises(ValidationFailed) as refused:
        context_file_import(actor=system_actor, source="wgi", path=path)
    assert [(p.row, p.column) for p in refused.value.problems] == [(1, "rl_est")]


def test_an_unknown_gw_code_in_a_conflict_location_is_refused(system_actor, tmp_path):
    _, rows = shipped_rows("ucdp_prio_acd_v23_1.csv", lambda row: row["conflict_id"] == "341")
    rows[1]["gwno_loc"] = "450, 9999"
    path = write_csv(tmp_path / "ucdp.csv", UCDP_HEADER, rows)
    with pytest.raises(ValidationFailed) as refused:
        context_file_import(actor=system_actor, source="ucdp", path=path)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "gwno_loc")]
    assert not ConflictYear.objects.exists()


def test_a_newer_release_adds_years_and_replaces_revised_values(system_actor, tmp_path):
    first = write_csv(tmp_path / "wgi_2023.csv", WGI_HEADER, [wgi_row("SLE", 2021, "-0.5"), wgi_row("LBR", 2021)])
    context_file_import(actor=system_actor, source="wgi", path=first, version="2023 update")
    newer = write_csv(tmp_path / "wgi_2024.csv", WGI_HEADER, [
        wgi_row("SLE", 2021, "-0.4"),               # revised
        wgi_row("SLE", 2023, "-0.3"),               # new year
        wgi_row("LBR", 2021, pv_est=""),            # the newer release no longer gives this value
    ])
    summary = context_file_import(actor=system_actor, source="wgi", path=newer, version="2024 update")
    assert stored("SLE", 2021, "wgi_pv") == -0.4
    assert stored("SLE", 2023, "wgi_pv") == -0.3
    assert stored("LBR", 2021, "wgi_pv") is None and stored("LBR", 2021, "wgi_va") == -1.0
    assert CountryYearValue.objects.get(country="SLE", year=2021, indicator_id="wgi_pv").release.version \
        == "2024 update"
    assert summary["values"] == 6 + 6 + 5
    entry = AuditEntry.objects.filter(action="context_release_import").order_by("-seq").first()
    assert "2024 update" in entry.changes and "wgi_2024.csv" in entry.changes


def test_importing_the_same_file_again_changes_nothing(system_actor, tmp_path):
    path = write_csv(tmp_path / "wgi.csv", WGI_HEADER, [wgi_row("SLE", 2021)])
    context_file_import(actor=system_actor, source="wgi", path=path)
    again = context_file_import(actor=system_actor, source="wgi", path=path)
    assert again["already_imported"] is True
    assert DataRelease.objects.count() == 1


def test_a_newer_ucdp_release_ends_a_conflict_that_the_old_one_listed(system_actor, tmp_path):
    _, rows = shipped_rows("ucdp_prio_acd_v23_1.csv", lambda row: row["conflict_id"] == "341"
                           and row["year"] in {"2002", "2003"})
    old = write_csv(tmp_path / "ucdp_old.csv", UCDP_HEADER, rows)
    context_file_import(actor=system_actor, source="ucdp", path=old)
    assert stored("LBR", 2003, "ucdp_max_intensity") == 2
    # The newer release (same layout, new version) keeps 2002 only: 2003 becomes "no conflict".
    newer_rows = [{**row, "version": "24.1"} for row in rows if row["year"] == "2002"]
    # One conflict-year of 2003 elsewhere keeps 2003 inside the newer release's years.
    _, elsewhere = shipped_rows("ucdp_prio_acd_v23_1.csv", lambda row: row["conflict_id"] == "419"
                                and row["year"] == "2003")
    newer = write_csv(tmp_path / "ucdp_new.csv", UCDP_HEADER, newer_rows + [{**elsewhere[0], "version": "24.1"}])
    summary = context_file_import(actor=system_actor, source="ucdp", path=newer)
    assert summary["version"] == "24.1"
    assert stored("LBR", 2003, "ucdp_max_intensity") == 0
    assert stored("CIV", 2003, "ucdp_max_intensity") == 1
    assert not ConflictYear.objects.filter(country="LBR", year=2003).exists()


def test_only_an_administrator_imports(registrar, licensing_officer, administrator, tmp_path):
    path = write_csv(tmp_path / "wgi.csv", WGI_HEADER, [wgi_row("SLE", 2021)])
    for user in (registrar, licensing_officer):
        with pytest.raises(PermissionRefused):
            context_file_import(actor=user, source="wgi", path=path)
    assert context_file_import(actor=administrator, source="wgi", path=path)["values"] == 6
