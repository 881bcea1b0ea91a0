"""Print-ready HTML: one self-contained A4 document in the report's language (right to left for Arabic).

The print stylesheet is inlined so that the file prints the same when opened from disk;
web pages that serve it allow exactly that stylesheet by its hash (``style_hash``).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from django.template.loader import render_to_string
from django.utils import translation

from salw.reporting.domain import Report
from salw.reporting.renderers.tables import grid_rows, header, withholding_label

PRINT_TEMPLATE = "reporting/report_print.html"
CellLink = Callable[[str, str, str], str]  # (section, row, column) -> the figure's drill-down address
RowLink = Callable[[str, str], str]  # (section, row) -> where the row's note and withholding are edited
PartLink = Callable[[str], str]  # narrative part key -> where its text is edited


@lru_cache(maxsize=1)
def print_stylesheet() -> str:
    return resources.files("salw.reporting").joinpath("templates", "reporting", "report_print.css") \
        .read_text(encoding="utf-8")


def style_hash() -> str:
    """The CSP source that allows the inlined stylesheet and nothing else."""
    digest = hashlib.sha256(print_stylesheet().encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report_context(report: Report, cell_link: CellLink | None = None, row_link: RowLink | None = None,
                   part_link: PartLink | None = None) -> dict:
    """What the templates need: every section as a header and rows of cells with their links.

    The links to edit a row or a narrative part are given only to pages of someone who may write
    them; the print document has none.
    """
    sections = []
    for section in report.sections:
        rows = []
        for row, cells in zip(section.rows, grid_rows(section, report), strict=True):
            rows.append({"key": row.key, "is_total": row.key == "total", "cells": [
                {"text": cell.text, "numeric": cell.column_key != "",
                 "href": cell_link(section.key, row.key, cell.column_key) if cell_link and cell.counted else ""}
                for cell in cells],
                "label": " · ".join(label for label in row.labels if label) or row.key,
                "edit_href": row_link(section.key, row.key) if row_link else ""})
        titles = header(section, report)
        sections.append({"key": section.key, "title": section.title, "header": titles,
                         "label_count": len(section.label_columns), "rows": rows, "note": section.note,
                         "nil": section.nil_text if section.is_nil else "", "editable": row_link is not None,
                         "width": len(titles) + (1 if row_link else 0)})
    narrative = [{"key": part.key, "title": part.title, "text": part.text,
                  "edit_href": part_link(part.key) if part_link else ""} for part in report.narrative]
    return {"report": report, "sections": sections, "narrative": narrative,
            "withheld": [withholding_label(reason) for reason in report.withheld_reasons]}


def render_html(report: Report, cell_link: CellLink | None = None) -> str:
    with translation.override(report.language):
        return render_to_string(PRINT_TEMPLATE, {
            **report_context(report, cell_link), "stylesheet": print_stylesheet(),
            "language": report.language, "bidi": translation.get_language_bidi(),
        })
