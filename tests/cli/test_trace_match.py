"""``salw trace match`` as interchange.md §2 defines it, in a child process on a real installation."""

from __future__ import annotations

import csv
import json

from tests.helpers import registry_row, write_registry_csv

QUERY_HEADER = ["query_id", "serial_number", "manufacturer", "model", "calibre", "weapon_type",
                "country_of_manufacture", "year_of_manufacture"]


def _write_queries(path, rows, header=QUERY_HEADER, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _registry(salw_cli, tmp_path):
    salw_cli.init()
    rows = [
        registry_row(record_id="A-778", serial_number="KT4411", manufacturer="Izhmash", model="AKM"),
        registry_row(record_id="A-779", serial_number="KT4412", manufacturer="Izhmash", model="AKM"),
        registry_row(record_id="G-1", serial_number="BXK 220", manufacturer="Glock", model="17",
                     calibre="9mm Luger", weapon_type="sa_revolver_pistol", country_of_manufacture="AUT",
                     year_of_manufacture="2001"),
        registry_row(record_id="G-2", serial_number="KT4411", manufacturer="Glock", model="19",
                     calibre="9mm Luger", weapon_type="sa_revolver_pistol", country_of_manufacture="AUT",
                     year_of_manufacture="2010"),
    ]
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "registry.csv", rows), check=0)


def test_jsonl_output_one_line_per_query_in_input_order(salw_cli, tmp_path):
    _registry(salw_cli, tmp_path)
    queries = _write_queries(tmp_path / "queries.csv", [
        ["q2", "BXK-22O", "glock", "17", "9x19", "", "AUT", "2001"],  # O read for 0
        ["q1", "КТ44?1", "Izhevsk", "AK-M", "", "", "", ""],  # Cyrillic, one unreadable
        ["q3", "ZZ000000", "Beretta", "92", "", "", "ITA", ""],  # not registered
        ["q4", "", "", "", "", "", "", ""],  # nothing readable
    ])
    result = salw_cli.run("trace", "match", queries, "--top", "2", check=0)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query_id"] for line in lines] == ["q2", "q1", "q3", "q4"]
    by_id = {line["query_id"]: line["candidates"] for line in lines}
    assert by_id["q2"][0]["record_id"] == "G-1"
    assert by_id["q1"][0]["record_id"] == "A-778"
    assert by_id["q1"][0]["score"] > 0.5
    assert len(by_id["q1"]) == 2 and by_id["q1"][0]["score"] >= by_id["q1"][1]["score"]
    assert all(candidate["score"] < 0.5 for candidate in by_id["q3"])
    assert by_id["q4"] == []
    for candidates in by_id.values():
        for candidate in candidates:
            assert 0.0 <= candidate["score"] <= 1.0


def test_serial_alone_collides_and_the_maker_decides(salw_cli, tmp_path):
    _registry(salw_cli, tmp_path)
    queries = _write_queries(tmp_path / "queries.csv", [
        ["ak", "KT4411", "Izhmash", "", "7.62x39", "", "", ""],
        ["pistol", "KT4411", "Glock", "19", "", "", "", ""],
    ])
    lines = [json.loads(line) for line in salw_cli.run("trace", "match", queries, check=0).stdout.splitlines()]
    assert lines[0]["candidates"][0]["record_id"] == "A-778"
    assert lines[1]["candidates"][0]["record_id"] == "G-2"


def test_csv_output_and_a_weapon_added_after_the_first_search(salw_cli, tmp_path):
    _registry(salw_cli, tmp_path)
    queries = _write_queries(tmp_path / "queries.csv", [["q1", "NEW-0001", "", "", "", "", "", ""]])
    first = salw_cli.run("trace", "match", queries, "--format", "csv", check=0).stdout
    assert list(csv.reader(first.splitlines()))[1][:3] == ["q1", "", ""]
    more = [registry_row(record_id="N-1", serial_number="NEW-0001")]
    salw_cli.run("import", "registry", write_registry_csv(tmp_path / "more.csv", more), check=0)
    second = list(csv.reader(salw_cli.run("trace", "match", queries, "--format", "csv", check=0)
                             .stdout.splitlines()))
    assert second[0] == ["query_id", "rank", "record_id", "score", "source"]
    assert second[1][:3] == ["q1", "1", "N-1"]


def test_a_query_file_it_cannot_read_is_refused_by_file_row_and_column(salw_cli, tmp_path):
    _registry(salw_cli, tmp_path)
    queries = _write_queries(tmp_path / "bad.csv", [["q1", "KT4411"] + [""] * 6,
                                                    ["", "KT4412"] + [""] * 6])
    result = salw_cli.run("trace", "match", queries, check=1)
    assert "bad.csv" in result.stderr and "row 3" in result.stderr and "query_id" in result.stderr
    assert result.stdout == ""
    headless = _write_queries(tmp_path / "headless.csv", [["KT4411"]], header=["serial"])
    result = salw_cli.run("trace", "match", headless, check=1)
    assert "headless.csv" in result.stderr and "query_id" in result.stderr


def test_utf16_semicolon_query_file_from_a_spreadsheet(salw_cli, tmp_path):
    _registry(salw_cli, tmp_path)
    path = tmp_path / "excel.csv"
    path.write_text("query_id;serial_number;manufacturer\r\nq1;KT 4411;Izhmash\r\n", encoding="utf-16")
    line = json.loads(salw_cli.run("trace", "match", path, check=0).stdout)
    assert line["candidates"][0]["record_id"] == "A-778"
