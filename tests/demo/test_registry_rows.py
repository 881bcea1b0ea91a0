"""The SYNTHETIC demo data: deterministic, in the §1 columns, internally consistent, realistic serials.

Pure Python: runs without Django (``pytest tests/demo -p no:django``).
"""

from __future__ import annotations

import collections
import itertools
import re
import subprocess
import sys
from datetime import date
from types import SimpleNamespace

import pytest

from salw.demo.registry_rows import (
    COLUMNS,
    EARLIEST_STATUS_DATE,
    EVENT_STATUS,
    EVENT_TYPES,
    LATEST_STATUS_DATE,
    STATUSES,
    generate_registry_rows,
    generate_weapon_histories,
)
from salw.demo.serials import FAMILIES, SerialFactory
from salw.demo.sierra_leone import DISTRICTS_BY_CODE, NON_STATE_GROUPS, PROVINCES, STATE_UNITS

# domain.md §1.3; dot refinements of these codes are allowed
WEAPON_TYPE_CODES = {
    "sa_revolver_pistol", "sa_rifle_carbine", "sa_smg", "sa_assault_rifle", "sa_lmg", "sa_other", "lw_hmg",
    "lw_grenade_launcher", "lw_at_gun", "lw_recoilless", "lw_at_launcher", "lw_mortar_lt75", "lw_other",
    "x_aa_gun", "x_manpads", "x_mortar_75_99", "unknown",
}
HOLDER_TYPES = {"state_armed_forces", "state_law_enforcement", "state_other", "licensed_civilian", "dealer",
                "manufacturer", "non_state_armed_group", "criminal_group", "unknown"}
MARKING_STATUSES = {"legible", "partly_obliterated", "obliterated"}
ISO3 = {"SLE", "LBR", "GIN", "CIV", "RUS", "CHN", "ROU", "BGR", "SRB", "DEU", "PAK", "BEL", "GBR", "IND",
        "AUT", "ITA", "TUR", "USA"}
PROVINCE_NAMES = {province["name"] for province in PROVINCES}
SLE_BOUNDS = (-13.31, 6.92, -10.27, 10.0)  # lon/lat box of Sierra Leone
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

N = 20_000


@pytest.fixture(scope="module")
def rows():
    return list(generate_registry_rows(N, seed=2026))


@pytest.fixture(scope="module")
def histories():
    return list(generate_weapon_histories(5_000, seed=2026))


def _base(weapon_type: str) -> str:
    return weapon_type.split(".", 1)[0]


def _canonical_makers() -> dict[str, frozenset[str]]:
    """Written manufacturer name -> the manufacturers it may stand for."""
    makers = collections.defaultdict(set)
    for family in FAMILIES.values():
        for variant in family["variants"]:
            for written in variant["manufacturer_written"]:
                makers[written].add(variant["manufacturer"])
    return {written: frozenset(names) for written, names in makers.items()}


# --- determinism -------------------------------------------------------------------------

def test_same_seed_gives_the_same_rows_and_other_seeds_do_not(rows):
    assert list(generate_registry_rows(2_000, seed=2026)) == rows[:2_000]
    assert list(generate_registry_rows(2_000, seed=2026)) == list(generate_registry_rows(2_000, seed=2026))
    other = list(generate_registry_rows(2_000, seed=7))
    assert other != rows[:2_000]
    assert sum(a["serial_number"] == b["serial_number"] for a, b in zip(other, rows, strict=False)) < 200


def test_histories_carry_exactly_the_same_rows(histories):
    assert [row for row, _ in histories] == list(generate_registry_rows(len(histories), seed=2026))
    again = list(itertools.islice(generate_weapon_histories(500, seed=2026), 500))
    assert again == histories[:500]


def test_generators_are_lazy_and_check_their_arguments():
    assert next(generate_registry_rows(10**12))["record_id"] == "SL-000001"
    assert list(generate_registry_rows(0)) == []
    with pytest.raises(ValueError, match="geography"):
        generate_registry_rows(5, country="LBR")
    with pytest.raises(ValueError, match="count"):
        generate_weapon_histories(-1)


def test_the_demo_package_never_imports_django():
    code = ("import sys, salw.demo.registry_rows as m; list(m.generate_weapon_histories(50)); "
            "sys.exit(any(name == 'django' or name.startswith('django.') for name in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


# --- the §1 contract -----------------------------------------------------------------------

def test_every_row_has_exactly_the_interchange_columns_as_strings(rows):
    from salw.interchange.registry_format import COLUMNS as INTERCHANGE_COLUMNS

    assert COLUMNS == tuple(INTERCHANGE_COLUMNS)
    for row in rows:
        assert tuple(row) == COLUMNS
        assert all(type(value) is str for value in row.values())
    assert len({row["record_id"] for row in rows}) == len(rows)
    assert rows[0]["record_id"] == "SL-000001"


def test_codes_are_valid(rows):
    for row in rows:
        assert row["marking_status"] in MARKING_STATUSES
        assert (row["serial_number"] == "") == (row["marking_status"] == "obliterated")
        if row["marking_status"] == "partly_obliterated":
            assert "?" in row["serial_number"]
        assert _base(row["weapon_type"]) in WEAPON_TYPE_CODES
        assert row["holder_type"] in HOLDER_TYPES and row["holder_name"]
        assert row["status"] in STATUSES
        for column in ("country_of_manufacture", "import_country"):
            assert row[column] == "" or row[column] in ISO3
        assert row["location_country"] == "SLE"
        assert row["location_admin1"] in PROVINCE_NAMES
        assert bool(row["latitude"]) == bool(row["longitude"])
        if row["latitude"]:
            assert re.fullmatch(r"-?\d+\.\d{5}", row["latitude"]) and re.fullmatch(r"-?\d+\.\d{5}", row["longitude"])
            lon, lat = float(row["longitude"]), float(row["latitude"])
            assert SLE_BOUNDS[0] <= lon <= SLE_BOUNDS[2] and SLE_BOUNDS[1] <= lat <= SLE_BOUNDS[3]
        if row["holder_type"] in ("non_state_armed_group", "criminal_group"):
            assert row["status"] == "stolen" and "(synthetic)" in row["holder_name"]


def test_dates_are_iso_and_ordered(rows):
    for row in rows:
        assert ISO_DATE.match(row["status_date"])
        status_date = date.fromisoformat(row["status_date"])
        assert EARLIEST_STATUS_DATE <= status_date <= LATEST_STATUS_DATE
        if row["year_of_manufacture"]:
            assert 1900 <= int(row["year_of_manufacture"]) <= status_date.year
        assert bool(row["import_country"]) == bool(row["import_year"])
        if row["import_year"]:
            assert status_date.year >= int(row["import_year"]) >= int(row["year_of_manufacture"] or 0)


def test_shares_are_realistic(rows):
    share = collections.Counter()
    for row in rows:
        share[row["status"]] += 1
        share[row["marking_status"]] += 1
        share["imported"] += bool(row["import_country"])
        share["coordinates"] += bool(row["latitude"])
        share[row["holder_type"]] += 1
    pct = {key: 100 * value / len(rows) for key, value in share.items()}
    assert 64 <= pct["in_service"] <= 76 and 11 <= pct["in_storage"] <= 20
    assert all(0.1 <= pct[status] <= 6 for status in STATUSES[2:]), pct
    assert 1.2 <= pct["partly_obliterated"] <= 3.2 and 0.2 <= pct["obliterated"] <= 1.0
    assert 20 <= pct["imported"] <= 40 and 77 <= pct["coordinates"] <= 83
    assert pct["state_armed_forces"] + pct["state_law_enforcement"] + pct["state_other"] > 75
    assert pct["licensed_civilian"] > 3 and pct["dealer"] > 0.5


class _StubResolver(SimpleNamespace):
    """Vocabulary look-ups without a database: known codes as given, every other look-up None."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


def test_rows_pass_the_importers_own_checks(rows):
    """The §1 validator of salw import accepts every row (vocabulary stubbed: no database here)."""
    from salw.interchange.registry_format import RecordValidator

    facts = {code: SimpleNamespace(name=code, bounds=SLE_BOUNDS if code == "SLE" else None) for code in ISO3}
    types = WEAPON_TYPE_CODES | {row["weapon_type"] for row in rows if _base(row["weapon_type"]) in WEAPON_TYPE_CODES}
    resolver = _StubResolver(weapon_types=types, countries=facts, iso2_to_iso3={})
    validator = RecordValidator(file_name="demo.csv", header=list(COLUMNS), resolver=resolver,
                                default_source="demo", today=date(2026, 12, 31))
    for number, row in enumerate(rows[:5_000], start=2):
        record, problems = validator.validate(number, [row[column] for column in COLUMNS])
        assert record is not None and not problems, (row, problems)


# --- serials -------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(.*?)(\d+)(\D*)$")


def _split(serial: str):
    match = _NUMBER.match(serial)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else None


def test_production_runs_produce_near_neighbour_serials(rows):
    legible = [row["serial_number"] for row in rows[:5_000] if row["marking_status"] == "legible"]
    by_shape = collections.defaultdict(set)
    for serial in legible:
        parts = _split(serial)
        if parts:
            by_shape[(parts[0], parts[2])].add(parts[1])
    with_neighbour = 0
    for serial in legible:
        parts = _split(serial)
        numbers = by_shape[(parts[0], parts[2])] if parts else set()
        if parts and any(parts[1] + step in numbers or parts[1] - step in numbers for step in range(1, 6)):
            with_neighbour += 1
    assert with_neighbour / len(legible) > 0.6, with_neighbour / len(legible)


def test_the_same_serial_appears_under_different_manufacturers(rows):
    makers = _canonical_makers()
    seen = collections.defaultdict(set)
    for row in rows:
        if row["marking_status"] == "legible" and row["manufacturer"]:
            seen[row["serial_number"]].add(makers[row["manufacturer"]])
    shared = [serial for serial, names in seen.items()
              if any(a.isdisjoint(b) for a, b in itertools.combinations(names, 2))]
    assert len(shared) >= 1, "no serial under two different manufacturers"


def test_serial_factory_runs_are_sequential_and_deterministic():
    first, second = SerialFactory(5, open_runs=1), SerialFactory(5, open_runs=1)
    serials = [first.next_serial("hk_g3") for _ in range(200)]
    assert serials == [second.next_serial("hk_g3") for _ in range(200)]
    steps = [int(b) - int(a) for a, b in itertools.pairwise(serials)]
    assert sum(1 <= step <= 5 for step in steps) > 150  # consecutive numbers, the odd gap, new runs
    serial, run = SerialFactory(5).next_item("chinese_type56")
    assert run.family == "chinese_type56" and run.manufacturer in FAMILIES["chinese_type56"]["manufacturers"]
    assert any(str(run.next - step) in serial for step in range(1, 6))  # the number the run just gave


def test_families_describe_makers_models_calibres_types_countries_years_and_weight():
    for name, family in FAMILIES.items():
        assert family["manufacturers"] and family["models"] and family["calibres"], name
        assert _base(family["weapon_type"]) in WEAPON_TYPE_CODES, name
        assert family["country_of_manufacture"] in ISO3 and set(family["countries"]) <= ISO3, name
        assert 1900 < family["years"][0] <= family["years"][1] <= 2025 and family["weight"] > 0, name
    makers = {m for family in FAMILIES.values() for m in family["manufacturers"]}
    models = {m for family in FAMILIES.values() for m in family["models"]}
    types = {t for family in FAMILIES.values() for t in family["weapon_types"]}
    assert {"Izhmash", "Tula Arms Plant", "Norinco", "State Factory 66", "Zastava", "Cugir", "Arsenal AD",
            "Glock", "Beretta", "FN Herstal", "Heckler & Koch", "Royal Small Arms Factory Enfield", "Baikal",
            "Pakistan Ordnance Factories"} <= makers
    assert {"AK-47", "AKM", "AK-74", "Type 56", "M70", "PM md. 63", "SKS", "PKM", "RPK", "G3A3", "FN FAL",
            "Lee–Enfield No.4", "Makarov PM", "TT-33", "Glock 17", "Browning Hi-Power", "RPG-7", "DShK",
            "12-gauge pump shotgun", "60mm mortar", "M79"} <= models
    assert {"sa_assault_rifle", "sa_revolver_pistol.pistol", "sa_rifle_carbine.rifle", "sa_lmg", "lw_hmg",
            "lw_at_launcher.rpg", "sa_other.shotgun", "lw_mortar_lt75", "lw_grenade_launcher"} <= types


def test_serial_shapes_look_like_the_families(rows):
    by_family_model = collections.defaultdict(list)
    for row in rows:
        if row["marking_status"] == "legible":
            by_family_model[row["model"]].append(row["serial_number"])
            if row["country_of_manufacture"] == "RUS":
                by_family_model["Russian " + row["model"]].append(row["serial_number"])
    assert all(re.fullmatch(r"[A-Z]{3}\d{3}", s) for s in by_family_model["Glock 17"])
    assert all(re.fullmatch(r"BER\d{6}Z", s) for s in by_family_model["Beretta 92FS"])
    assert all(re.fullmatch(r"\d+", s) for s in by_family_model["G3A3"])
    assert all(re.fullmatch(r"\d{4} [A-Z]{2} \d{4}|[A-Z]{2}\d{4}|[A-Z]{2}-\d{4}-\d{4}", s)
               for s in by_family_model["PM md. 63"])
    akm = by_family_model["Russian AKM"]
    assert all(re.fullmatch(r"[А-ЯA-Z]{1,4} ?\d{4,6}", s) for s in akm) and any(re.search("[А-Я]", s) for s in akm)
    type56 = [s for model, serials in by_family_model.items() if model.startswith("Type 56") for s in serials]
    assert all(re.fullmatch(r"(/?(66|26|386|416)\\? ?)?\d{7,8}", s) for s in type56)
    assert any(re.fullmatch(r"(66|26|386|416) \d{7,8}", s) for s in type56)  # factory code written
    assert any(re.fullmatch(r"\d{7,8}", s) for s in type56)  # or not


# --- histories -----------------------------------------------------------------------------

def test_event_chains_are_consistent_with_the_final_status(histories):
    from salw.registry import domain

    assert all(domain.EVENT_STATUS[kind] == status for kind, status in EVENT_STATUS.items())
    provinces_of = collections.defaultdict(set)
    for district, province in DISTRICTS_BY_CODE.values():
        provinces_of[district["name"]].add(province["name"])
    recovered_after_loss = 0
    for row, events in histories:
        assert 2 <= len(events) <= 6, events
        dates = [event["date"] for event in events]
        assert all(ISO_DATE.match(value) for value in dates) and dates == sorted(dates), events
        status = None
        for event in events:
            assert event["event_type"] in EVENT_TYPES and event["note"]
            assert set(event) == {"event_type", "date", "holder_type", "holder_name", "location_admin1",
                                  "district", "note"}
            status = EVENT_STATUS[event["event_type"]] or status
            if event["district"]:
                assert event["location_admin1"] in provinces_of[event["district"]]
        last = events[-1]
        assert EVENT_STATUS[last["event_type"]] == status == row["status"]
        assert last["date"] == row["status_date"]
        assert (last["holder_type"], last["holder_name"]) == (row["holder_type"], row["holder_name"])
        assert last["location_admin1"] == row["location_admin1"]
        if row["year_of_manufacture"]:
            assert events[0]["event_type"] == "manufactured"
            assert events[0]["date"][:4] == row["year_of_manufacture"]
        imports = [event for event in events if event["event_type"] == "imported"]
        if row["import_country"]:
            assert len(imports) == 1 and imports[0]["date"][:4] == row["import_year"]
            assert row["import_country"] in imports[0]["note"]
        else:
            assert not imports
        kinds = [event["event_type"] for event in events]
        if any(k in ("lost", "stolen") for k in kinds[:-1]) and kinds[-1] in ("found", "seized", "surrendered"):
            recovered_after_loss += 1
    assert recovered_after_loss > 20


def test_histories_project_to_the_row_with_the_registry_rules(histories):
    """salw's own projection (registry.domain.project) gives each row's status and date."""
    from salw.registry import domain

    for row, events in histories[:1_000]:
        facts = [domain.EventFacts(seq=n, event_type=e["event_type"], occurred_on=date.fromisoformat(e["date"]),
                                   holder_id=None, holder_type=e["holder_type"], location=None, voided=False)
                 for n, e in enumerate(events)]
        state = domain.project(facts)
        assert (state.status, state.status_date.isoformat()) == (row["status"], row["status_date"])
        assert state.holder_type == row["holder_type"]


# --- Sierra Leone ----------------------------------------------------------------------------

def test_sierra_leone_tree_units_and_fictional_groups():
    assert [p["code"] for p in PROVINCES] == ["SL-E", "SL-N", "SL-NW", "SL-S", "SL-W"]
    assert sum(len(p["districts"]) for p in PROVINCES) == 16
    for province in PROVINCES:
        for district in province["districts"]:
            assert district["code"].startswith(province["code"] + "-")
            assert 6.9 < district["lat"] < 10.0 and -13.3 < district["lon"] < -10.2 and district["radius_km"] > 0
    assert DISTRICTS_BY_CODE["SL-E-KAILAHUN"][0]["name"] == "Kailahun"
    assert {u["holder_type"] for u in STATE_UNITS} == {"state_armed_forces", "state_law_enforcement",
                                                        "state_other"}
    assert all(u["district_code"] in DISTRICTS_BY_CODE for u in STATE_UNITS)
    for group in NON_STATE_GROUPS:
        assert group["holder_type"] in ("non_state_armed_group", "criminal_group")
        assert "(synthetic)" in group["name"] and group["source"] and group["confidence"] in "ABCDEF"
