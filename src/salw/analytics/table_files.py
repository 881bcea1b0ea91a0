"""An aggregate's table as CSV or XLSX, with text a spreadsheet would run as a formula neutralised."""

from __future__ import annotations

import csv
import io
import json

from salw.analytics.flows import Breakdown
from salw.interchange.export import neutralise

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) or value is None:
        return value
    if isinstance(value, dict | list):
        return neutralise(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return neutralise(str(value))


def table_rows(breakdown: Breakdown) -> list[list]:
    return [[_cell(row.get(column)) for column in breakdown.columns] for row in breakdown.rows]


def csv_bytes(breakdown: Breakdown) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(breakdown.columns)
    for row in table_rows(breakdown):
        writer.writerow(["" if value is None else value for value in row])
    for note in breakdown.notes:
        writer.writerow([f"# {note}"])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(breakdown: Breakdown) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(breakdown.name[:31])
    sheet.append(list(breakdown.columns))
    for row in table_rows(breakdown):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never let openpyxl treat "=..." as a formula
            cells.append(cell)
        sheet.append(cells)
    if breakdown.notes:
        notes = workbook.create_sheet("notes")
        for note in breakdown.notes:
            cell = WriteOnlyCell(notes, value=note)
            cell.data_type = "s"
            notes.append([cell])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_file(breakdown: Breakdown, file_format: str) -> bytes:
    if file_format == "csv":
        return csv_bytes(breakdown)
    if file_format == "xlsx":
        return xlsx_bytes(breakdown)
    raise ValueError(f"unknown format {file_format!r}; formats: {', '.join(FORMATS)}")
