"""Importing registry files: what people really send, and everything they get wrong."""

from __future__ import annotations

import codecs

import pytest
from openpyxl import Workbook

from salw.core.models import AuditEntry
from salw.interchange.services import registry_import
from salw.registry.models import Actor, Event, Weapon
from tests.helpers import REGISTRY_HEADER, registry_row, write_registry_csv


def _state():
    return (Weapon.objects.count(), Event.objects.count(), AuditEntry.objects.count(), Actor.objects.count())


def _import(actor, path, **options):
    return registry_import(actor=actor, path=path, **options)


def test_clean_file_creates_weapons_events_and_one_audit_entry(tmp_path, system_actor):
    rows = [registry_row(record_id=f"R-{n}", serial_number=f"KT44{n:02d}") for n in range(5)]
    rows.append(registry_row(record_id="R-9", serial_number="", marking_status="obliterated", status="seized",
                             holder_type="", holder_name=""))
    audit_before = AuditEntry.objects.count()
    report = _import(system_actor, write_registry_csv(tmp_path / "r.csv", rows))
    assert report.ok, report.problems
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    weapon = Weapon.objects.get(record_id="R-3")
    assert weapon.jurisdiction.code == "SL-E"  # location_admin1 "Eastern"
    assert weapon.holder.name == "1st Battalion" and weapon.manufacturer_id is not None
    assert list(weapon.events.values_list("event_type", flat=True)) == ["issued"]
    assert Weapon.objects.get(record_id="R-9").events.get().event_type == "seized"
    assert Actor.objects.filter(name="1st Battalion").count() == 1
    assert AuditEntry.objects.count() == audit_before + 1


def test_reimport_of_same_file_changes_nothing(tmp_path, system_actor):
    path = write_registry_csv(tmp_path / "r.csv", [registry_row(record_id=f"R-{n}") for n in range(3)])
    assert _import(system_actor, path).created == 3
    before = _state()
    report = _import(system_actor, path)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert _state() == before


def test_reimport_with_changes_updates_through_events(tmp_path, system_actor):
    _import(system_actor, write_registry_csv(tmp_path / "a.csv", [registry_row(record_id="R-1")]))
    changed = registry_row(record_id="R-1", status="stolen", status_date="2021-06-30", model="AKMS")
    report = _import(system_actor, write_registry_csv(tmp_path / "b.csv", [changed]))
    assert report.ok and report.updated == 1 and Weapon.objects.count() == 1
    weapon = Weapon.objects.get(record_id="R-1")
    assert (weapon.status, str(weapon.status_date), weapon.model) == ("stolen", "2021-06-30", "AKMS")
    assert list(weapon.events.order_by("seq").values_list("event_type", flat=True)) == [
        "issued", "record_corrected", "stolen"]
    assert '"model":["AKM","AKMS"]' in weapon.events.get(event_type="record_corrected").details


def test_dry_run_reports_and_changes_nothing(tmp_path, system_actor):
    before = _state()
    report = _import(system_actor, write_registry_csv(tmp_path / "r.csv", [registry_row()]), dry_run=True)
    assert report.ok and report.created == 1 and report.dry_run
    assert _state() == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_are_detected(tmp_path, system_actor, encoding):
    row = registry_row(holder_name="Gendarmerie de Côte d'Ivoire", manufacturer="Manufacture d'armes de Saint-Étienne")
    report = _import(system_actor, write_registry_csv(tmp_path / "r.csv", [row], encoding=encoding))
    assert report.ok, report.problems
    assert Weapon.objects.get().holder.name == "Gendarmerie de Côte d'Ivoire"


def test_utf16_tab_separated_text_from_a_spreadsheet(tmp_path, system_actor):
    path = write_registry_csv(tmp_path / "r.txt", [registry_row()], encoding="utf-16-le", delimiter="\t")
    path.write_bytes(codecs.BOM_UTF16_LE + path.read_bytes())
    report = _import(system_actor, path)
    assert report.ok, report.problems and report.delimiter == "\t"


def test_semicolons_and_day_first_dates(tmp_path, system_actor):
    row = registry_row(status_date="31/12/2019", latitude="7,88", longitude="-11,19")
    path = write_registry_csv(tmp_path / "r.csv", [row], delimiter=";")
    refused = _import(system_actor, path)
    assert not refused.ok and refused.problems[0].column == "status_date"
    report = _import(system_actor, path, date_format="dd/mm/yyyy")
    assert report.ok, report.problems
    assert str(Weapon.objects.get().status_date) == "2019-12-31"


def test_xlsx(tmp_path, system_actor):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(REGISTRY_HEADER)
    row = registry_row(year_of_manufacture=1975)
    sheet.append([row.get(name, "") for name in REGISTRY_HEADER])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    report = _import(system_actor, path)
    assert report.ok, report.problems
    assert Weapon.objects.get().year_of_manufacture == 1975


def _refused(actor, path, **options):
    before = _state()
    report = _import(actor, path, **options)
    assert not report.ok
    assert _state() == before, "a refused file must change nothing"
    return report.problems


def _cells(problems):
    return [(p.row, p.column) for p in problems]


def test_bad_cells_are_all_reported_with_row_and_column(tmp_path, system_actor):
    rows = [
        registry_row(record_id="A"),
        registry_row(record_id="B", status_date="2019-02-30"),
        registry_row(record_id="C", country_of_manufacture="RU"),
        registry_row(record_id="D", latitude="95"),
        registry_row(record_id="E", latitude="-11.19", longitude="7.88"),
        registry_row(record_id="F", status="missing"),
        registry_row(record_id="G", weapon_type="rifle"),
        registry_row(record_id="H", year_of_manufacture="19x5"),
        registry_row(record_id="I", serial_number="1.23457E+11"),
        registry_row(record_id="J", serial_number=""),
        registry_row(record_id="K", status_date="2999-01-01"),
    ]
    problems = _refused(system_actor, write_registry_csv(tmp_path / "bad.csv", rows))
    assert _cells(problems) == [
        (3, "status_date"), (4, "country_of_manufacture"), (5, "latitude"), (6, "latitude"), (7, "status"),
        (8, "weapon_type"), (9, "year_of_manufacture"), (10, "serial_number"), (11, "serial_number"),
        (12, "status_date"),
    ]
    assert all(p.file == "bad.csv" for p in problems)
    assert "write RUS" in problems[1].message
    assert "swapped" in problems[3].message


def test_missing_and_extra_columns(tmp_path, system_actor):
    header = [name for name in REGISTRY_HEADER if name != "serial_number"] + ["colour"]
    problems = _refused(system_actor, write_registry_csv(tmp_path / "h.csv", [registry_row()], header=header))
    assert sorted(_cells(problems)) == [(1, "colour"), (1, "serial_number")]


def test_duplicate_record_ids_in_one_file(tmp_path, system_actor):
    rows = [registry_row(record_id=f"R-{n}") for n in range(5)] + [registry_row(record_id="R-2")]
    problems = _refused(system_actor, write_registry_csv(tmp_path / "d.csv", rows))
    assert _cells(problems) == [(7, "record_id")] and "rows 4, 7" in problems[0].message


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd|x"])
def test_formula_strings_are_refused(tmp_path, system_actor, value):
    problems = _refused(system_actor, write_registry_csv(tmp_path / "f.csv", [registry_row(holder_name=value)]))
    assert _cells(problems) == [(2, "holder_name")]


def test_nul_bytes_and_huge_fields(tmp_path, system_actor):
    rows = [registry_row(record_id="A", model="AK\x0047"), registry_row(record_id="B", holder_name="x" * 5000)]
    problems = _refused(system_actor, write_registry_csv(tmp_path / "n.csv", rows))
    assert _cells(problems) == [(2, "model"), (3, "holder_name")]


def test_empty_file_and_binary_garbage(tmp_path, system_actor):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "empty" in _refused(system_actor, empty)[0].message
    garbage = tmp_path / "photo.csv"
    garbage.write_bytes(bytes(range(256)) * 20)
    assert _refused(system_actor, garbage)


def test_wrong_encoding_given_is_reported(tmp_path, system_actor):
    path = write_registry_csv(tmp_path / "r.csv", [registry_row(holder_name="Côte")], encoding="cp1252")
    problems = _refused(system_actor, path, encoding="utf-8")
    assert "utf-8" in problems[0].message and problems[0].row == 2


def test_ragged_row(tmp_path, system_actor):
    path = write_registry_csv(tmp_path / "r.csv", [registry_row()])
    path.write_text(path.read_text() + "X-1,AB12\n", encoding="utf-8")
    assert _cells(_refused(system_actor, path)) == [(3, None)]


def test_first_problem_in_late_row_rolls_back_earlier_batches(tmp_path, system_actor):
    rows = [registry_row(record_id=f"R-{n}", serial_number=f"S{n}") for n in range(4500)]
    rows.append(registry_row(record_id="BAD", status_date="yesterday"))
    problems = _refused(system_actor, write_registry_csv(tmp_path / "big.csv", rows))
    assert _cells(problems) == [(4502, "status_date")]


def test_a_large_import_gives_the_query_planner_fresh_statistics(tmp_path, system_actor):
    from django.db import connection

    rows = [registry_row(record_id=f"R-{n}", serial_number=f"ST{n:06d}") for n in range(10_000)]
    report = _import(system_actor, write_registry_csv(tmp_path / "large.csv", rows))
    assert report.created == 10_000
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The rows are not committed (the test's transaction): only our own ANALYZE can have counted them.
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Weapon._meta.db_table])
            assert cursor.fetchone()[0] == Weapon.objects.count()
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx = %s",
                           [Weapon._meta.db_table, "weapon_jurisdiction_idx"])
            # Before the import there was no estimate at all.
            assert int(cursor.fetchone()[0].split()[0]) >= 10_000


@pytest.mark.parametrize("in_second_process", [False, True])
def test_problems_are_written_in_the_importers_language(tmp_path, system_actor, monkeypatch, in_second_process):
    from django.utils import translation

    from salw.interchange import validation_pipeline

    if in_second_process:  # the reading process of a large file, on a machine with two cores
        monkeypatch.setattr(validation_pipeline, "PARALLEL_FROM_BYTES", 0)
        monkeypatch.setattr(validation_pipeline.os, "cpu_count", lambda: 2)
    path = write_registry_csv(tmp_path / "bad.csv", [registry_row(record_id="A"),
                                                     registry_row(record_id="B", latitude="95")])
    with translation.override("fr"):
        (problem,) = _refused(system_actor, path)
        described = problem.describe()
    assert (problem.row, problem.column) == (3, "latitude")
    assert described.startswith("bad.csv, ligne 3, colonne 'latitude'")
    assert "entre -90 et 90" in problem.message


def _imported_state():
    weapons = Weapon.objects.order_by("record_id").values_list(
        "record_id", "serial_key", "year_of_manufacture", "import_year", "status", "status_date", "holder__name", "latitude",
        "longitude", "jurisdiction__code", "manufacturer_id", "row_hash")
    events = Event.objects.order_by("seq").values_list("weapon__record_id", "event_type", "occurred_on",
                                                       "holder__name", "location_admin1", "details")
    return list(weapons), list(events)


def test_a_file_read_in_a_second_process_is_written_as_if_read_in_one(tmp_path, system_actor, monkeypatch):
    """Repeated cells travel between the processes once per batch: every value must still arrive as it was."""
    from django.db import transaction

    from salw.core.audit import audit_verify
    from salw.interchange import validation_pipeline
    from salw.registry.selectors import event_chain_breaks

    rows = [registry_row(record_id=f"R-{n}", serial_number=f"AB{n:04d}", year_of_manufacture=str(1970 + n % 3),
                         status_date="" if n % 4 == 0 else f"2015-03-0{1 + n % 3}",
                         holder_name=("1st Battalion", "2nd Battalion", "")[n % 3],
                         holder_type="" if n % 3 == 2 else "state_armed_forces",
                         latitude="" if n % 5 == 0 else "7.88", longitude="" if n % 5 == 0 else "-11.19",
                         location_admin1=("Eastern", "Northern")[n % 2]) for n in range(40)]
    path = write_registry_csv(tmp_path / "r.csv", rows)
    states = []
    for in_second_process in (False, True):
        monkeypatch.setattr(validation_pipeline, "PARALLEL_FROM_BYTES", 0 if in_second_process else 10**12)
        monkeypatch.setattr(validation_pipeline.os, "cpu_count", lambda: 2)
        with transaction.atomic():
            report = _import(system_actor, path)
            assert report.ok and report.created == 40, report.problems
            assert audit_verify() + event_chain_breaks() == []
            states.append(_imported_state())
            transaction.set_rollback(True)
    assert states[0] == states[1]
    weapons, events = states[1]
    assert weapons[0][2:6] == (1970, None, "in_service", None) and str(weapons[1][5]) == "2015-03-02"
    assert len(events) == 40
