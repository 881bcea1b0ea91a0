"""CSV: each section as a block (title, header, rows), text neutralised against formulas."""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from salw.interchange.export import neutralise
from salw.reporting.domain import Report
from salw.reporting.renderers.tables import grid_rows, header


def render_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with translation.override(report.language):
        writer.writerow([neutralise(report.title)])
        writer.writerow([_("Reporting State / jurisdiction"), neutralise(report.jurisdiction_name),
                         report.jurisdiction_code])
        writer.writerow([_("Calendar year"), report.year])
        writer.writerow([_("Generated"), report.generated_at])
        for section in report.sections:
            writer.writerow([])
            writer.writerow([neutralise(section.title)])
            writer.writerow([neutralise(title) for title in header(section, report)])
            if section.is_nil:
                writer.writerow([neutralise(section.nil_text)])
            for row in grid_rows(section, report):
                writer.writerow([cell.number if cell.number is not None else neutralise(cell.text)
                                 for cell in row])
        if report.notes:
            writer.writerow([])
            writer.writerow([_("Notes")])
            for note in report.notes:
                writer.writerow([neutralise(note)])
        for part in report.narrative:
            writer.writerow([])
            writer.writerow([neutralise(part.title)])
            writer.writerow([neutralise(part.text or _("To be completed."))])
    # A byte-order mark so that spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
