"""The analytics charts as SVG files for reports: drawn from the same tables as the page's charts.

Vector output a report can scale without blur, with every value in a <title> so a reader of the
file can hover it. Pure: takes a Breakdown and the wording, returns the SVG text.
"""

from __future__ import annotations

import math
from html import escape

from salw.analytics.domain import CHART_KINDS
from salw.analytics.flows import Breakdown

PALETTE = ("#1b4f72", "#b03a2e", "#7d3c98", "#117a65", "#b9770e", "#5d6d7e", "#2e86c1", "#cb4335")
FONT = "Noto Sans, Noto Sans Arabic, Noto Sans SC, sans-serif"
WIDTH = 760
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_HEIGHT = 64, 20, 56, 260
LEGEND_ROW = 18

TREND_SERIES = ("losses", "seizures", "traces")


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)


def _ticks(top: int) -> list[int]:
    step = max(1, top // 5) if top >= 5 else 1
    return list(range(0, top + 1, step))


def _frame(width: int, height: int, title: str, note: str) -> list[str]:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}">',
             f'<rect width="{width}" height="{height}" fill="#fff"/>',
             f'<text x="{PLOT_LEFT}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>']
    if note:
        parts.append(f'<text x="{PLOT_LEFT}" y="40" font-size="11" fill="#555">{escape(note)}</text>')
    return parts


def _legend_places(labels: list[str]) -> list[tuple[int, int]]:
    """(x, row) of each legend entry, wrapping to a new row at the right edge."""
    places, x, row = [], PLOT_LEFT, 0
    for label in labels:
        if x > PLOT_LEFT and x + 24 + 7 * len(label) > WIDTH - PLOT_RIGHT:
            x, row = PLOT_LEFT, row + 1
        places.append((x, row))
        x += 40 + 7 * len(label)
    return places


def _legend(series: list[tuple[str, str]], top: float) -> list[str]:
    parts = []
    for (label, colour), (x, row) in zip(series, _legend_places([label for label, _ in series]), strict=True):
        y = top + row * LEGEND_ROW
        parts.append(f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 1}" font-size="11">{escape(label)}</text>')
    return parts


def _legend_height(labels: list[str]) -> int:
    places = _legend_places(labels)
    return (places[-1][1] + 1) * LEGEND_ROW if places else 0


def _year_axes(years: list, top_value: int, slot: float) -> list[str]:
    plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    bottom = PLOT_TOP + PLOT_HEIGHT
    parts = [f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{PLOT_LEFT + plot_width}" y2="{bottom}" stroke="#999"/>']
    for tick in _ticks(top_value):
        y = bottom - PLOT_HEIGHT * tick / top_value
        parts.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_LEFT + plot_width}" y2="{y:.1f}" '
                     f'stroke="#e3e3e3"/>')
        parts.append(f'<text x="{PLOT_LEFT - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}</text>')
    every = max(1, math.ceil(len(years) / 16))  # keep year labels from overlapping
    for index, year in enumerate(years):
        if index % every == 0:
            x = PLOT_LEFT + slot * (index + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{bottom + 15}" font-size="10" text-anchor="middle">{year}</text>')
    return parts


def _year_chart(breakdown: Breakdown, title: str, labels: dict[str, str], keys: list[str], stacked: bool) -> str:
    rows = breakdown.rows
    years = [row["year"] for row in rows]
    names = [labels.get(key, key.replace("_", " ")) for key in keys]
    colours = [PALETTE[index % len(PALETTE)] for index in range(len(keys))]
    largest = max((sum(row[key] for key in keys) if stacked else max((row[key] for key in keys), default=0))
                  for row in rows) if rows and keys else 0
    top_value = nice_ceiling(largest)
    slot = (WIDTH - PLOT_LEFT - PLOT_RIGHT) / max(1, len(years))
    bottom = PLOT_TOP + PLOT_HEIGHT
    legend_top = bottom + 40
    height = legend_top + _legend_height(names) + 8
    parts = _frame(WIDTH, height, title, breakdown.notes[0] if breakdown.notes else "")
    parts += _year_axes(years, top_value, slot)

    def y_of(value: float) -> float:
        return bottom - PLOT_HEIGHT * value / top_value

    if stacked:
        bar = slot * 0.7
        for index, row in enumerate(rows):
            below = 0
            x = PLOT_LEFT + slot * index + (slot - bar) / 2
            for key, name, colour in zip(keys, names, colours, strict=True):
                value = row[key]
                if value:
                    parts.append(f'<rect x="{x:.1f}" y="{y_of(below + value):.1f}" width="{bar:.1f}" '
                                 f'height="{PLOT_HEIGHT * value / top_value:.1f}" fill="{colour}">'
                                 f'<title>{row["year"]}, {escape(name)}: {value}</title></rect>')
                below += value
    else:
        for key, name, colour in zip(keys, names, colours, strict=True):
            points = [(PLOT_LEFT + slot * (index + 0.5), y_of(row[key])) for index, row in enumerate(rows)]
            if len(points) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for (x, y), row in zip(points, rows, strict=True):
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                             f'<title>{row["year"]}, {escape(name)}: {row[key]}</title></circle>')
    parts += _legend(list(zip(names, colours, strict=True)), legend_top)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _group_chart(breakdown: Breakdown, title: str) -> str:
    rows = breakdown.rows
    label_width = 260
    bar_height, gap = 18, 8
    top_value = nice_ceiling(max((row["weapons"] for row in rows), default=0))
    plot_width = WIDTH - label_width - PLOT_RIGHT
    height = PLOT_TOP + len(rows) * (bar_height + gap) + 30
    parts = _frame(WIDTH, height, title, breakdown.notes[0] if breakdown.notes else "")
    bottom = PLOT_TOP + len(rows) * (bar_height + gap)
    for tick in _ticks(top_value):
        x = label_width + plot_width * tick / top_value
        parts.append(f'<line x1="{x:.1f}" y1="{PLOT_TOP}" x2="{x:.1f}" y2="{bottom}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 14}" font-size="10" text-anchor="middle">{tick}</text>')
    for index, row in enumerate(rows):
        y = PLOT_TOP + index * (bar_height + gap)
        label = f'{row["group"]} ({row["confidence"] or "?"})'
        parts.append(f'<text x="{label_width - 8}" y="{y + 13}" font-size="11" text-anchor="end">'
                     f'{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{plot_width * row["weapons"] / top_value:.1f}" '
                     f'height="{bar_height}" fill="{PALETTE[2]}"><title>{escape(label)}: {row["weapons"]}</title></rect>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def chart_svg(breakdown: Breakdown, title: str, labels: dict[str, str] | None = None) -> str:
    """The chart of a table named in CHART_KINDS; ``labels`` names its series in the reader's language."""
    kind = CHART_KINDS.get(breakdown.name)
    if kind is None:
        raise ValueError(f"no chart for table {breakdown.name!r}; charts: {', '.join(CHART_KINDS)}")
    if kind == "bars":
        return _group_chart(breakdown, title)
    keys = list(TREND_SERIES) if kind == "lines" else [column for column in breakdown.columns if column != "year"]
    return _year_chart(breakdown, title, labels or {}, keys, stacked=kind == "stacked")
