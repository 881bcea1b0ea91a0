"""The real ``salw`` command, run in child processes (interchange.md §3, the command-line contract).

Every test gets installations of its own (``salw_cli`` / ``salw_installation`` in conftest.py):
a fresh data directory and, when the run has ``SALW_DATABASE_URL``, a fresh PostgreSQL database.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import database_errors
from tests.helpers import REGISTRY_HEADER, registry_row, write_registry_csv

STATS_KEYS = ("weapons", "events", "seizures", "traces")


def _rows(count: int, prefix: str = "R") -> list[dict]:
    return [registry_row(record_id=f"{prefix}-{n}", serial_number=f"{prefix}K{n:04d}") for n in range(count)]


def _varied_rows() -> list[dict]:
    """Rows that exercise what the format allows: scripts, quoting, empty cells, every status."""
    return [
        registry_row(record_id="V-1", serial_number="АК٤٧-001", holder_name='Gendarmerie, "Côte" d\'Ivoire'),
        registry_row(record_id="V-2", serial_number="", marking_status="obliterated", status="seized",
                     status_date="2020-01-02", holder_type="", holder_name=""),
        registry_row(record_id="V-3", serial_number="٣٤٥٦٧", import_country="GBR", import_year="1990",
                     status="stolen", status_date="2021-06-30", holder_name="'Tis the armoury"),
        registry_row(record_id="V-4", serial_number="NX-4", manufacturer="", model="", calibre="",
                     weapon_type="", country_of_manufacture="", year_of_manufacture="", holder_type="",
                     holder_name="", status="", status_date="", location_country="", location_admin1="",
                     latitude="", longitude=""),
        registry_row(record_id="V-5", serial_number="PX-5", marking_status="partly_obliterated",
                     status="lost", status_date="2022-02-02", holder_name="+232 76 000000"),
        registry_row(record_id="V-6", serial_number="-123", manufacturer="Fabrique Nationale", model="FAL",
                     calibre="7.62x51mm", holder_name="-Battalion"),
    ]


def _read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _xlsx_rows(path: Path) -> list[tuple]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _export(cli, path: Path, file_format: str = "csv") -> Path:
    cli.run("export", "registry", "--format", file_format, "--output", path, check=0)
    assert path.is_file() and path.stat().st_size > 0
    return path


def _serials(cli) -> dict[str, str]:
    return dict(cli.sql("SELECT record_id, serial_number FROM registry_weapon"))


# -- 1. init, import, stats, re-import ------------------------------------------------------------


def test_init_import_stats_and_idempotent_reimport(salw_cli, tmp_path):
    salw_cli.init()
    empty = salw_cli.stats()
    assert {key: empty[key] for key in STATS_KEYS} == {"weapons": 0, "events": 0, "seizures": 0, "traces": 0}

    rows = _rows(4) + [registry_row(record_id="S-1", serial_number="SZ-1", status="seized",
                                    status_date="2023-05-06", holder_type="", holder_name="")]
    path = write_registry_csv(tmp_path / "registry.csv", rows)
    result = salw_cli.run("import", "registry", path, check=0)
    assert result.stderr == "", "not on a terminal: silent apart from errors"

    raw = salw_cli.run("stats", "--format", "json", check=0).stdout
    assert len(raw.strip().splitlines()) == 1
    stats = json.loads(raw)
    for key in STATS_KEYS:
        assert type(stats[key]) is int, (key, stats[key])
    assert stats["weapons"] == 5
    assert stats["events"] == 5  # one lifecycle event per new weapon
    assert stats["seizures"] == 1
    assert stats["traces"] == 0

    again = salw_cli.run("import", "registry", path, check=0)
    assert again.stderr == ""
    assert salw_cli.stats() == stats
    assert _serials(salw_cli) == {**{f"R-{n}": f"RK{n:04d}" for n in range(4)}, "S-1": "SZ-1"}


def test_import_json_report(salw_cli, tmp_path):
    salw_cli.init()
    path = write_registry_csv(tmp_path / "r.csv", _rows(3))
    report = json.loads(salw_cli.run("import", "registry", path, "--format", "json", check=0).stdout)
    assert (report["created"], report["updated"], report["unchanged"]) == (3, 0, 0)
    report = json.loads(salw_cli.run("import", "registry", path, "--format", "json", check=0).stdout)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 3)


def test_dry_run_changes_nothing(salw_cli, tmp_path):
    salw_cli.init()
    path = write_registry_csv(tmp_path / "r.csv", _rows(3))
    salw_cli.run("import", "registry", path, "--dry-run", check=0)
    assert salw_cli.stats()["weapons"] == 0


# -- 2. refused input and wrong usage ------------------------------------------------------------


@pytest.mark.parametrize(("data_row", "column", "bad_value"), [
    (3, "status_date", "2019-02-30"),
    (1, "country_of_manufacture", "RU"),
    (5, "latitude", "95"),
    (2, "weapon_type", "rifle"),
])
def test_bad_cell_is_refused_naming_file_row_and_column(salw_cli, tmp_path, data_row, column, bad_value):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "first.csv", _rows(2, "A")), check=0)
    before = salw_cli.stats()
    audit_before = salw_cli.run("verify-audit", check=0).stdout

    rows = _rows(5, "B")  # all new record ids: nothing of this file may land
    rows[data_row - 1][column] = bad_value
    path = write_registry_csv(tmp_path / "bad_file.csv", rows)
    result = salw_cli.run("import", "registry", path, check=1)
    assert "bad_file.csv" in result.stderr
    assert f"row {data_row + 1}" in result.stderr  # the header is row 1
    assert column in result.stderr
    assert bad_value in result.stderr
    assert result.stdout == ""

    assert salw_cli.stats() == before
    assert salw_cli.run("verify-audit", check=0).stdout == audit_before
    assert sorted(_serials(salw_cli)) == ["A-0", "A-1"]


def test_every_bad_cell_is_listed(salw_cli, tmp_path):
    salw_cli.init()
    rows = _rows(4)
    rows[0]["status"] = "missing"
    rows[3]["year_of_manufacture"] = "19x5"
    result = salw_cli.run("import", "registry", write_registry_csv(tmp_path / "two.csv", rows), check=1)
    lines = [line for line in result.stderr.splitlines() if line.startswith("two.csv, row")]
    assert len(lines) == 2, result.stderr
    assert "row 2" in lines[0] and "status" in lines[0]
    assert "row 5" in lines[1] and "year_of_manufacture" in lines[1]


def test_missing_file_is_refused(salw_cli, tmp_path):
    salw_cli.init()
    result = salw_cli.run("import", "registry", tmp_path / "no_such_file.csv", check=1)
    assert "no_such_file.csv" in result.stderr
    assert salw_cli.stats()["weapons"] == 0


def test_missing_column_is_refused(salw_cli, tmp_path):
    salw_cli.init()
    header = [name for name in REGISTRY_HEADER if name != "record_id"]
    path = write_registry_csv(tmp_path / "headless.csv", _rows(2), header=header)
    result = salw_cli.run("import", "registry", path, check=1)
    assert "headless.csv" in result.stderr and "record_id" in result.stderr
    assert salw_cli.stats()["weapons"] == 0


@pytest.mark.parametrize("args", [
    ("import", "registry", "--no-such-option", "x.csv"),
    ("import", "registry"),
    ("export", "registry"),  # --output is required
    ("export", "registry", "--format", "pdf", "--output", "x.pdf"),
    ("stats", "--format", "yaml"),
    ("users", "create"),
    ("no-such-command",),
])
def test_wrong_usage_exits_2(salw_cli, args):
    result = salw_cli.run(*args, check=2)
    assert "Usage:" in result.stderr and "Error:" in result.stderr
    assert result.stdout == ""


# -- 3. export and re-import into another installation -------------------------------------------


def test_csv_export_reimports_unchanged_into_another_installation(salw_installation, tmp_path):
    first, second = salw_installation("first"), salw_installation("second")
    first.init()
    first.run("import", "registry", write_registry_csv(tmp_path / "in.csv", _rows(3) + _varied_rows()), check=0)
    exported = _export(first, tmp_path / "first.csv")
    table = _read_csv(exported)
    assert table[0][:len(REGISTRY_HEADER)] == REGISTRY_HEADER
    assert sorted(row[0] for row in table[1:]) == sorted(["R-0", "R-1", "R-2"] + [f"V-{n}" for n in range(1, 7)])

    second.init()
    second.run("import", "registry", exported, check=0)
    assert second.stats() == first.stats()
    again = _export(second, tmp_path / "second.csv")
    assert again.read_bytes() == exported.read_bytes()
    assert _serials(second) == _serials(first)

    # Re-importing its own export changes nothing either.
    before = first.stats()
    report = json.loads(first.run("import", "registry", exported, "--format", "json", check=0).stdout)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 9)
    assert first.stats() == before


def test_xlsx_export_reimports_unchanged_into_another_installation(salw_installation, tmp_path):
    first, second = salw_installation("first"), salw_installation("second")
    first.init()
    first.run("import", "registry", write_registry_csv(tmp_path / "in.csv", _rows(3) + _varied_rows()), check=0)
    exported = _export(first, tmp_path / "first.xlsx", "xlsx")
    rows = _xlsx_rows(exported)
    assert list(rows[0][:len(REGISTRY_HEADER)]) == REGISTRY_HEADER
    assert len(rows) == 1 + 9

    second.init()
    second.run("import", "registry", exported, check=0)
    assert second.stats() == first.stats()
    assert _xlsx_rows(_export(second, tmp_path / "second.xlsx", "xlsx")) == rows
    assert _export(second, tmp_path / "second.csv").read_bytes() == _export(first, tmp_path / "first.csv").read_bytes()


@pytest.mark.parametrize(("column", "value"), [
    ("holder_name", "=SUM(A1)"),
    ("holder_name", "@SUM(A1)"),
    ("model", "=HYPERLINK(\"http://example.org\")"),
])
def test_formula_text_is_refused(salw_cli, tmp_path, column, value):
    salw_cli.init()
    rows = _rows(2)
    rows[1][column] = value
    result = salw_cli.run("import", "registry", write_registry_csv(tmp_path / "formula.csv", rows), check=1)
    assert "formula.csv" in result.stderr and "row 3" in result.stderr and column in result.stderr
    assert salw_cli.stats()["weapons"] == 0


def test_leading_minus_is_neutralised_on_export_and_round_trips(salw_installation, tmp_path):
    first, second = salw_installation("first"), salw_installation("second")
    first.init()
    rows = [registry_row(record_id="M-1", serial_number="-123", holder_name="+232 76 000000")]
    first.run("import", "registry", write_registry_csv(tmp_path / "minus.csv", rows), check=0)
    assert _serials(first) == {"M-1": "-123"}

    table = _read_csv(_export(first, tmp_path / "out.csv"))
    header = table[0]
    assert table[1][header.index("serial_number")] == "'-123"
    assert table[1][header.index("holder_name")] == "'+232 76 000000"
    sheet = _xlsx_rows(_export(first, tmp_path / "out.xlsx", "xlsx"))
    assert sheet[1][header.index("serial_number")] == "'-123"

    second.init()
    second.run("import", "registry", tmp_path / "out.csv", check=0)
    assert _serials(second) == {"M-1": "-123"}
    holders = second.sql("SELECT a.name FROM registry_weapon w JOIN registry_actor a ON a.id = w.holder_id")
    assert holders == [("+232 76 000000",)]
    assert _export(second, tmp_path / "again.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()

    third = salw_installation("third")
    third.init()
    third.run("import", "registry", tmp_path / "out.xlsx", check=0)
    assert _serials(third) == {"M-1": "-123"}


# -- 4. the audit log and the lifecycle events cannot be changed unnoticed -------------------------


def _drop_append_only_trigger(cli, table: str) -> None:
    if cli.vendor == "sqlite":
        cli.sql(f"DROP TRIGGER {table}_no_update")
    else:
        cli.sql(f"DROP TRIGGER {table}_append_only ON {table}")


def test_verify_audit_passes_on_an_intact_installation(salw_cli, tmp_path):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(3)), check=0)
    result = salw_cli.run("verify-audit", check=0)
    assert result.stderr == ""
    assert "3 events" in result.stdout


def test_verify_audit_names_a_tampered_audit_entry(salw_cli, tmp_path):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(3)), check=0)
    salw_cli.run("verify-audit", check=0)
    [(changes,)] = salw_cli.sql("SELECT changes FROM core_auditentry WHERE seq = 2")
    assert changes, "entry 2 should record what was changed"

    _drop_append_only_trigger(salw_cli, "core_auditentry")
    salw_cli.sql("UPDATE core_auditentry SET changes = ? WHERE seq = 2", (changes[:-1] + " " + changes[-1],))
    assert salw_cli.sql("SELECT changes FROM core_auditentry WHERE seq = 2") != [(changes,)]

    result = salw_cli.run("verify-audit", check=1)
    assert "audit: entry 2:" in result.stderr
    assert "entry 1:" not in result.stderr and "entry 3" not in result.stderr
    assert "OK" not in result.stdout


def test_verify_audit_names_a_tampered_event(salw_cli, tmp_path):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(4)), check=0)
    salw_cli.run("verify-audit", check=0)
    assert sorted(seq for (seq,) in salw_cli.sql("SELECT seq FROM registry_event")) == [1, 2, 3, 4]

    _drop_append_only_trigger(salw_cli, "registry_event")
    salw_cli.sql("UPDATE registry_event SET occurred_on = ? WHERE seq = 3", ("1999-01-01",))

    result = salw_cli.run("verify-audit", check=1)
    assert "event: entry 3:" in result.stderr
    assert "audit:" not in result.stderr


def test_verify_audit_notices_a_removed_last_event(salw_cli, tmp_path):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(3)), check=0)
    if salw_cli.vendor == "sqlite":
        salw_cli.sql("DROP TRIGGER registry_event_no_delete")
    else:
        _drop_append_only_trigger(salw_cli, "registry_event")
    salw_cli.sql("DELETE FROM registry_event WHERE seq = 3")
    result = salw_cli.run("verify-audit", check=1)
    assert "event: entry 3:" in result.stderr


@pytest.mark.parametrize("table", ["core_auditentry", "registry_event"])
@pytest.mark.parametrize("statement", [
    "UPDATE {table} SET entry_hash = 'x' WHERE seq = 1",
    "DELETE FROM {table} WHERE seq = 1",
])
def test_database_refuses_changes_to_append_only_tables(salw_cli, tmp_path, table, statement):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(2)), check=0)
    before = salw_cli.sql(f"SELECT seq, entry_hash FROM {table} ORDER BY seq")
    assert len(before) >= 2

    with pytest.raises(database_errors(), match="append-only"):
        salw_cli.sql(statement.format(table=table))

    assert salw_cli.sql(f"SELECT seq, entry_hash FROM {table} ORDER BY seq") == before
    salw_cli.run("verify-audit", check=0)


# -- 5. backup and restore -------------------------------------------------------------------------


def test_backup_restores_into_a_fresh_installation(salw_installation, tmp_path):
    original, restored = salw_installation("original"), salw_installation("restored")
    original.init()
    original.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(3) + _varied_rows()), check=0)
    original.run("users", "create", "alice", "--role", "registrar@SLE:capture",
                 env={"SALW_USER_PASSWORD": "a-long-enough-passphrase"}, check=0)
    backup = tmp_path / "B.zip"
    original.run("backup", "--output", backup, check=0)
    assert backup.is_file()

    result = restored.run("restore", backup, check=0)
    assert "B.zip" in result.stdout
    restored.run("verify-audit", check=0)
    assert (_export(restored, tmp_path / "restored.csv").read_bytes()
            == _export(original, tmp_path / "original.csv").read_bytes())
    assert restored.stats() == original.stats()
    assert "registrar@SLE:capture" in restored.run("users", "list", check=0).stdout
    restored.run("verify-audit", check=0)


def test_restore_into_a_non_empty_installation_is_refused(salw_cli, tmp_path):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(3)), check=0)
    backup = tmp_path / "B.zip"
    salw_cli.run("backup", "--output", backup, check=0)
    before = salw_cli.stats()
    audit_before = salw_cli.run("verify-audit", check=0).stdout

    result = salw_cli.run("restore", backup, check=1)
    assert "already holds data" in result.stderr
    assert "new, empty data directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert salw_cli.stats() == before
    assert salw_cli.run("verify-audit", check=0).stdout == audit_before


def test_restore_refuses_a_file_that_is_not_a_backup(salw_cli, tmp_path):
    not_a_backup = write_registry_csv(tmp_path / "not_a_backup.zip", _rows(1))
    result = salw_cli.run("restore", not_a_backup, check=1)
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_backup_moves_between_sqlite_and_postgresql(salw_installation, tmp_path, on_postgres):
    if not on_postgres:
        pytest.skip("needs SALW_DATABASE_URL (run under scripts/with-postgres.sh)")
    sqlite, postgres = salw_installation("sqlite", sqlite=True), salw_installation("postgres")
    sqlite.init()
    sqlite.run("import", "registry", write_registry_csv(tmp_path / "r.csv", _rows(3) + _varied_rows()), check=0)
    sqlite.run("backup", "--output", tmp_path / "from_sqlite.zip", check=0)
    postgres.run("restore", tmp_path / "from_sqlite.zip", check=0)
    postgres.run("verify-audit", check=0)
    assert (_export(postgres, tmp_path / "pg.csv").read_bytes()
            == _export(sqlite, tmp_path / "sqlite.csv").read_bytes())

    back = salw_installation("back", sqlite=True)
    postgres.run("backup", "--output", tmp_path / "from_postgres.zip", check=0)
    back.run("restore", tmp_path / "from_postgres.zip", check=0)
    back.run("verify-audit", check=0)
    assert _export(back, tmp_path / "back.csv").read_bytes() == (tmp_path / "pg.csv").read_bytes()


# -- 6. kill -9 in the middle of an import ---------------------------------------------------------

# Big enough that the import is still writing when the test sees it write (a few seconds on either
# database), small enough that the full re-run keeps the test under ~20 s: a full import runs at
# roughly 20,000 rows/s on SQLite and 13,000 rows/s on PostgreSQL (2 CPUs).
BIG_ROWS = {"sqlite": 100_000, "postgresql": 80_000}


def _big_rows(vendor: str) -> int:
    return int(os.environ.get("SALW_CLI_BIG_ROWS") or BIG_ROWS[vendor])


def _write_big_csv(path: Path, rows: int) -> Path:
    template = registry_row()
    values = [template.get(name, "") for name in REGISTRY_HEADER]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_HEADER)
        for n in range(rows):
            values[0] = f"BIG-{n}"
            values[1] = f"BG{n:07d}"
            writer.writerow(values)
    return path


def _sqlite_write_locked(cli) -> bool:
    """True while another connection holds SQLite's write lock (the import's open transaction)."""
    connection = cli.connect()
    try:
        connection.execute("PRAGMA busy_timeout = 0")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except database_errors() as error:
        if "locked" not in str(error):
            raise
        return True
    finally:
        connection.close()


def _weapon_table_size(cli) -> int:
    return cli.sql("SELECT pg_relation_size('registry_weapon')")[0][0]


def _wait_until_writing(cli, process, size_before, timeout: float = 60.0) -> bool:
    """Poll until the import is seen writing weapons, or it has exited; True if seen writing.

    Watching the database, not the clock or the child's CPU time, keeps the test right however fast
    the import becomes: SQLite shows it as a held write lock, PostgreSQL as a growing weapon table
    (rows written but not committed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if cli.vendor == "sqlite":
            if _sqlite_write_locked(cli):
                return True
        elif _weapon_table_size(cli) > size_before:
            return True
        time.sleep(0.02)
    return False


def _kill_import_midway(cli, big: Path, rows: int) -> None:
    """Start ``salw import registry BIG``, SIGKILL it while it is writing, and reap it."""
    size_before = _weapon_table_size(cli) if cli.vendor == "postgresql" else None
    process = cli.popen("import", "registry", big)
    try:
        writing = _wait_until_writing(cli, process, size_before)
        assert process.poll() is None, (
            f"the import of {rows} rows ended (exit {process.returncode}) before it could be "
            f"killed: raise BIG_ROWS (or SALW_CLI_BIG_ROWS)")
        assert writing, "the import was not seen writing within 60 s"
        process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    stderr = cli.popen_output()[1].read_text(errors="replace")
    assert process.returncode == -signal.SIGKILL, (
        f"the import was not killed (exit {process.returncode}); stderr: {stderr}")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_kill_9_during_import_leaves_the_database_as_before(salw_cli, tmp_path):
    salw_cli.init()
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "small.csv", _rows(5)), check=0)
    before = salw_cli.stats()
    assert before["weapons"] == 5
    audit_before = salw_cli.run("verify-audit", check=0).stdout
    rows = _big_rows(salw_cli.vendor)
    big = _write_big_csv(tmp_path / "BIG.csv", rows)

    _kill_import_midway(salw_cli, big, rows)

    assert salw_cli.stats() == before
    assert salw_cli.run("verify-audit", check=0).stdout == audit_before
    assert salw_cli.sql("SELECT count(*) FROM registry_weapon") == [(5,)]

    salw_cli.run("import", "registry", big, check=0)
    after = salw_cli.stats()
    assert after["weapons"] == 5 + rows
    assert after["events"] == before["events"] + rows
    salw_cli.run("verify-audit", check=0)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_kill_9_during_import_leaves_no_process_behind(salw_cli, tmp_path):
    """A killed import must not leave helper processes (e.g. a file-reading worker) running."""
    salw_cli.init()
    rows = _big_rows(salw_cli.vendor)
    big = _write_big_csv(tmp_path / "BIG.csv", rows)

    _kill_import_midway(salw_cli, big, rows)

    deadline = time.monotonic() + 15
    while salw_cli.processes() and time.monotonic() < deadline:
        time.sleep(0.1)
    leftovers = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                 for pid in salw_cli.processes()}
    assert leftovers == {}, f"still running 15 s after the import was killed: {leftovers}"


# -- 7. help, version, users -----------------------------------------------------------------------


@pytest.mark.parametrize("args", [("--help",), ("--version",)])
def test_help_and_version_need_no_data_directory(salw_cli, args):
    assert not salw_cli.data_dir.exists()
    result = salw_cli.run(*args, check=0)
    assert result.stderr == ""
    if args == ("--version",):
        from salw import __version__

        assert result.stdout.strip() == f"salw, version {__version__}"
    else:
        for command in ("init", "import", "export", "stats", "verify-audit", "backup", "restore", "users"):
            assert command in result.stdout
    assert not salw_cli.data_dir.exists(), f"`salw {args[0]}` created the data directory"


def test_users_create_list_disable(salw_cli):
    salw_cli.init()
    password = {"SALW_USER_PASSWORD": "a-long-enough-passphrase"}
    salw_cli.run("users", "create", "alice", "--role", "registrar@SLE:capture", env=password, check=0)
    salw_cli.run("users", "create", "bob", "--role", "registrar@SLE", env=password, check=0)

    listed = {line.split()[0]: line.split(None, 2)[1:] for line in
              salw_cli.run("users", "list", check=0).stdout.splitlines() if line.strip()}
    assert listed["alice"] == ["active", "registrar@SLE:capture"]
    assert listed["bob"] == ["active", "registrar@SLE:view"]

    salw_cli.run("users", "disable", "alice", check=0)
    listed = {line.split()[0]: line.split(None, 2)[1:] for line in
              salw_cli.run("users", "list", check=0).stdout.splitlines() if line.strip()}
    assert listed["alice"] == ["disabled", "registrar@SLE:capture"]
    assert listed["bob"][0] == "active"


def test_users_create_refusals(salw_cli):
    salw_cli.init()
    # No password in the environment and no terminal to ask on.
    result = salw_cli.run("users", "create", "carol", "--role", "registrar@SLE:capture", check=1)
    assert "SALW_USER_PASSWORD" in result.stderr
    # A jurisdiction that does not exist is a usage error.
    result = salw_cli.run("users", "create", "carol", "--role", "registrar@NOWHERE:capture",
                          env={"SALW_USER_PASSWORD": "a-long-enough-passphrase"}, check=2)
    assert "NOWHERE" in result.stderr
    assert "carol" not in salw_cli.run("users", "list", check=0).stdout
