"""A section as a plain grid of header and rows: the one layout every renderer writes.

In the grid a withheld row keeps its labels but not its figures (ATT Art 13(3)): the submitted
report says that data was withheld and why, never what it was. The report model itself keeps
the figures, for the reporting officer and the drill-down.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from salw.reporting.domain import COMMERCIALLY_SENSITIVE, NATIONAL_SECURITY, Report, Section


@dataclass(frozen=True)
class GridCell:
    text: str
    number: int | float | None = None
    column_key: str = ""  # value columns only: where the drill-down of this cell is
    counted: bool = False  # the cell counts records (it has a drill-down)


def withholding_label(reason: str) -> str:
    return {COMMERCIALLY_SENSITIVE: _("Withheld: commercially sensitive"),
            NATIONAL_SECURITY: _("Withheld: national security")}.get(reason, "")


def shows_comments(section: Section) -> bool:
    return len(section.label_columns) > 1 or any(row.note for row in section.rows) or \
        section.label_columns[0].key != "indicator"


def header(section: Section, report: Report) -> list[str]:
    titles = [column.title for column in section.label_columns]
    titles += [column.title for column in section.value_columns]
    if shows_comments(section):
        titles.append(_("Comments"))
    if report.withheld_reasons:
        titles.append(_("Withheld"))
    return titles


def format_number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}" if value != int(value) else str(int(value))
    return str(value)


def grid_rows(section: Section, report: Report) -> list[list[GridCell]]:
    rows = []
    for row in section.rows:
        labels = row.labels + [""] * (len(section.label_columns) - len(row.labels))
        cells = [GridCell(text) for text in labels]
        for column in section.value_columns:
            cell = row.cells.get(column.key)
            value = None if cell is None else cell.value
            if row.withheld:
                cells.append(GridCell("—"))
            elif isinstance(value, str):
                cells.append(GridCell(value))
            else:
                cells.append(GridCell(format_number(value), value, column.key, bool(cell and cell.record_ids)))
        if shows_comments(section):
            cells.append(GridCell(row.note))
        if report.withheld_reasons:
            cells.append(GridCell(withholding_label(row.withheld)))
        rows.append(cells)
    return rows
