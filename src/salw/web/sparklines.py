"""Small trend lines drawn on the server as inline SVG: no script, no external asset, no inline style."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 160
HEIGHT = 32
PADDING = 2


def sparkline(points: list[tuple[int, float]], *, label: str, width: int = WIDTH, height: int = HEIGHT) -> SafeString:
    """A polyline per unbroken run of years: a missing year leaves a gap rather than a guessed line."""
    if not points:
        return mark_safe("")
    years = [year for year, _ in points]
    values = [value for _, value in points]
    first_year, last_year = min(years), max(years)
    low, high = min(values), max(values)
    year_span = max(last_year - first_year, 1)
    value_span = (high - low) or 1.0

    def x(year: int) -> float:
        return PADDING + (width - 2 * PADDING) * (year - first_year) / year_span

    def y(value: float) -> float:
        return height - PADDING - (height - 2 * PADDING) * (value - low) / value_span

    runs: list[list[tuple[int, float]]] = []
    for year, value in sorted(points):
        if runs and year - runs[-1][-1][0] <= 2:  # WGI was biennial before 2002: not a gap
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    shapes = []
    for run in runs:
        if len(run) == 1:
            shapes.append(format_html('<circle cx="{}" cy="{}" r="1.5" fill="currentColor"></circle>',
                                      f"{x(run[0][0]):.1f}", f"{y(run[0][1]):.1f}"))
        else:
            coordinates = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in run)
            shapes.append(format_html('<polyline points="{}" fill="none" stroke="currentColor" '
                                      'stroke-width="1.5"></polyline>', coordinates))
    end_year, end_value = max(points)
    shapes.append(format_html('<circle cx="{}" cy="{}" r="2.5" fill="currentColor"></circle>',
                              f"{x(end_year):.1f}", f"{y(end_value):.1f}"))
    return format_html('<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
                       'aria-label="{}"><title>{}</title>{}</svg>', width, height, width, height, label, label,
                       mark_safe("".join(shapes)))
