"""Tables as CSV and XLSX (formulas neutralised), the Parquet dataset, and the CLI that writes it."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from salw.analytics import flows
from salw.analytics.armed_groups import armed_groups
from salw.analytics.dataset import dataset_export
from salw.analytics.flows import Breakdown
from salw.analytics.scope import analytics_scope
from salw.analytics.table_files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_a_table_as_csv_with_its_notes(picture, national_analyst):
    text = csv_bytes(flows.by_country_pair(analytics_scope(national_analyst))).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["from_country", "to_country", "cross_border", "weapons", "few_cases"]
    assert rows[1:4] == [["GIN", "SLE", "yes", "2", "yes"], ["LBR", "SLE", "yes", "2", "yes"],
                         ["SLE", "SLE", "no", "1", "yes"]]
    assert rows[-1][0].startswith("# ")


def test_formulas_are_neutralised_in_csv_and_xlsx():
    hostile = Breakdown("groups", ["group", "weapons"], [{"group": "=HYPERLINK(\"x\")", "weapons": 3}])
    assert "'=HYPERLINK" in csv_bytes(hostile).decode()
    sheet = load_workbook(io.BytesIO(xlsx_bytes(hostile)))["groups"]
    assert sheet["A2"].value == "'=HYPERLINK(\"x\")"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 3


def test_armed_groups_table_as_xlsx(picture, east_analyst):
    sheet = load_workbook(io.BytesIO(xlsx_bytes(armed_groups(analytics_scope(east_analyst)))))["armed_groups"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert (row["group"], row["weapons"], row["confidence"]) == ("West Side Boys remnant", 2, "B")
    assert json.loads(row["by_origin"]) == {"CHN": 1, "RUS": 1}


def test_the_parquet_dataset_of_one_region(picture, east_analyst, tmp_path):
    written = dataset_export(analytics_scope(east_analyst), tmp_path, "parquet")
    assert {table: summary["rows"] for table, summary in written.items()} == {
        # E1-E5; their events (5 registrations, 2 more losses); S1 (2), S2, S3; four traced; one group.
        "weapons": 5, "events": 7, "seized_weapons": 4, "flows": 4, "armed_groups": 1}
    weapons = pq.read_table(tmp_path / "weapons.parquet").to_pylist()
    assert sorted(row["record_id"] for row in weapons) == ["E1", "E2", "E3", "E4", "E5"]
    assert {row["admin1_area"] for row in weapons} == {"SLE-790"}
    flows_table = pq.read_table(tmp_path / "flows.parquet")
    assert str(flows_table.schema.field("seizure_date").type) == "date32[day]"
    by_reference = sorted((row["case_reference"], row["days_to_seizure"]) for row in flows_table.to_pylist())
    assert by_reference == [("KEN/21/001", 98), ("KEN/21/001", 161), ("KEN/22/014", 382), ("KEN/22/090", None)]


def test_the_csv_dataset_and_the_command(picture, tmp_path, monkeypatch):
    from salw.cli import analytics as analytics_cli

    monkeypatch.setattr(analytics_cli, "require_initialised", lambda: None)
    result = CliRunner().invoke(analytics_cli.analytics_group,
                                ["export", "--format", "parquet", "--out", str(tmp_path / "all"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["seized_weapons"]["rows"] == 5
    result = CliRunner().invoke(analytics_cli.analytics_group, ["export", "--format", "csv", "--out",
                                                                str(tmp_path / "north"), "--jurisdiction", "SL-N"])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "north" / "seized_weapons.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["case_reference"], row["admin1_area"]) for row in rows] == [("MAK/21/007", "SLE-762")]
