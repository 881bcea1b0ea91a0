"""Renderers of a Report: XLSX in the instrument's layout, CSV, and print-ready HTML."""

from __future__ import annotations

FORMATS = ("xlsx", "csv", "html")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


def render(report, output_format: str) -> bytes:
    """The report as a file of ``output_format``, in the language the report was made in."""
    if output_format == "xlsx":
        from salw.reporting.renderers.to_xlsx import render_xlsx

        return render_xlsx(report)
    if output_format == "csv":
        from salw.reporting.renderers.to_csv import render_csv

        return render_csv(report)
    if output_format == "html":
        from salw.reporting.renderers.to_html import render_html

        return render_html(report).encode("utf-8")
    raise ValueError(f"unknown format {output_format!r}; formats: {', '.join(FORMATS)}")


def file_name(report, output_format: str) -> str:
    return f"{report.instrument}-{report.year}-{report.jurisdiction_code}.{output_format}"
