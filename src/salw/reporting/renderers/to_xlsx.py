"""XLSX in the instrument's layout: a cover sheet, then one sheet per section.

Every text cell is written as a string (never a formula) and neutralised, so a name such as
"=HYPERLINK(...)" stays text in any spreadsheet program.
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _

from salw.interchange.export import neutralise
from salw.reporting.domain import Report
from salw.reporting.renderers.tables import grid_rows, header

MAX_SHEET_TITLE = 31
FORBIDDEN_IN_SHEET_TITLES = str.maketrans({character: " " for character in "[]:*?/\\"})


def _text(sheet, row: int, column: int, value: str, bold: bool = False):
    from openpyxl.styles import Font

    cell = sheet.cell(row=row, column=column)
    cell.value = neutralise(str(value))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet_title(text: str, used: set[str]) -> str:
    title = text.translate(FORBIDDEN_IN_SHEET_TITLES).strip()[:MAX_SHEET_TITLE] or "Sheet"
    candidate, number = title, 2
    while candidate in used:
        suffix = f" {number}"
        candidate, number = title[:MAX_SHEET_TITLE - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    with translation.override(report.language):
        cover = workbook.active
        used: set[str] = set()
        cover.title = _sheet_title(_("Report"), used)
        if translation.get_language_bidi():
            cover.sheet_view.rightToLeft = True
        _text(cover, 1, 1, report.title, bold=True)
        facts = [(_("Reporting State / jurisdiction"), f"{report.jurisdiction_name} ({report.jurisdiction_code})"),
                 (_("Calendar year"), str(report.year)), (_("Generated"), report.generated_at),
                 (_("Data fingerprint"), report.data_hash())]
        for number, (label, value) in enumerate(facts, start=3):
            _text(cover, number, 1, label, bold=True)
            _text(cover, number, 2, value)
        line = len(facts) + 4
        if report.notes:
            _text(cover, line, 1, _("Notes"), bold=True)
            for note in report.notes:
                line += 1
                _text(cover, line, 1, note)
            line += 2
        for part in report.narrative:
            _text(cover, line, 1, part.title, bold=True)
            _text(cover, line + 1, 1, part.text or _("To be completed.")).alignment = Alignment(wrap_text=True)
            line += 3
        cover.column_dimensions["A"].width = 60
        cover.column_dimensions["B"].width = 40
        for section in report.sections:
            sheet = workbook.create_sheet(_sheet_title(section.title, used))
            if translation.get_language_bidi():
                sheet.sheet_view.rightToLeft = True
            _text(sheet, 1, 1, section.title, bold=True)
            _text(sheet, 2, 1, f"{report.jurisdiction_name} · {report.year}")
            titles = header(section, report)
            for column, title in enumerate(titles, start=1):
                _text(sheet, 4, column, title, bold=True).alignment = Alignment(wrap_text=True, vertical="top")
            row_number = 5
            if section.is_nil:
                _text(sheet, row_number, 1, section.nil_text)
                row_number += 1
            for row in grid_rows(section, report):
                for column, cell in enumerate(row, start=1):
                    if cell.number is not None:
                        sheet.cell(row=row_number, column=column, value=cell.number)
                    elif cell.text:
                        _text(sheet, row_number, column, cell.text)
                row_number += 1
            if section.note:
                _text(sheet, row_number + 1, 1, section.note)
            for column in range(1, len(titles) + 1):
                letter = sheet.cell(row=4, column=column).column_letter
                sheet.column_dimensions[letter].width = 42 if column <= len(section.label_columns) else 16
            sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
