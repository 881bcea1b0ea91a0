"""Write the registry in the §1 columns, as CSV or XLSX, streaming."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from salw.interchange.registry_format import COLUMNS, OPTIONAL_COLUMNS

EXPORT_COLUMNS = COLUMNS + OPTIONAL_COLUMNS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Numeric columns are written as numbers; a leading minus there is a sign, not a formula.
NUMERIC_COLUMNS = {"year_of_manufacture", "import_year", "latitude", "longitude"}
CHUNK = 5000


def neutralise(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with an apostrophe (importers strip it)."""
    return "'" + text if text and text.startswith(FORMULA_STARTS) else text


def _number(value) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def registry_rows(queryset) -> Iterator[list[str]]:
    """The §1 cells of every weapon in ``queryset``, in a stable order, read in keyset chunks."""
    fields = ("id", "record_id", "serial_number", "marking_status", "manufacturer_text", "model",
              "calibre_text", "weapon_type_id", "country_of_manufacture", "year_of_manufacture",
              "import_country", "import_year", "holder_type", "holder__name", "status", "status_date",
              "location_country", "location_admin1", "latitude", "longitude", "source")
    last_id = None
    while True:
        page = queryset.order_by("id")
        if last_id is not None:
            page = page.filter(id__gt=last_id)
        rows = list(page.values_list(*fields)[:CHUNK])
        if not rows:
            return
        for row in rows:
            (_, record_id, serial, marking_status, manufacturer, model, calibre, weapon_type, made_in,
             year_made, import_country, import_year, holder_type, holder_name, status, status_date,
             location_country, admin1, latitude, longitude, source) = row
            yield [
                neutralise(record_id), neutralise(serial), marking_status, neutralise(manufacturer),
                neutralise(model), neutralise(calibre), weapon_type or "", made_in, _number(year_made),
                import_country, _number(import_year), holder_type, neutralise(holder_name or ""), status,
                status_date.isoformat() if status_date else "", location_country, neutralise(admin1),
                _number(latitude), _number(longitude), neutralise(source),
            ]
        last_id = rows[-1][0]


def write_csv(path: Path, rows: Iterator[list[str]], on_row: Callable[[], None] | None = None) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(row)
            count += 1
            if on_row:
                on_row()
    return count


def write_xlsx(path: Path, rows: Iterator[list[str]], on_row: Callable[[], None] | None = None) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("registry")
    sheet.append(list(EXPORT_COLUMNS))
    numeric_positions = {i for i, name in enumerate(EXPORT_COLUMNS) if name in NUMERIC_COLUMNS}
    count = 0
    for row in rows:
        cells = []
        for position, value in enumerate(row):
            if position in numeric_positions and value:
                cells.append(float(value) if "." in value else int(value))
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never let openpyxl treat "=..." as a formula
                cells.append(cell)
        sheet.append(cells)
        count += 1
        if on_row:
            on_row()
    workbook.save(path)
    return count

