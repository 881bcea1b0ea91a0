"""The backtest's calibration curves as one SVG: forecast probability against the observed frequency.

Four panels (incidence and onset, one and two years ahead); in each, the explained score and
the plain-logistic baseline per probability band, dot area proportional to the country-years
in the band. A perfectly calibrated forecast lies on the diagonal. Pure: no Django.
"""

from __future__ import annotations

from html import escape

from salw.context.backtest import HORIZONS, TARGET_KEYS
from salw.context.fitting import PLAIN_LOGISTIC

PANEL = 240  # plot area, px
MARGIN_LEFT, MARGIN_TOP, GAP, MARGIN_BOTTOM = 56, 90, 90, 40
SERIES_STYLES = {"score": ("#1f5fa8", ""), PLAIN_LOGISTIC: ("#c0621b", "5 4")}

DEFAULT_LABELS = {
    "title": "Calibration of the context risk score, out of sample",
    "incidence": "Incidence", "onset": "Onset",
    "h1": "one year ahead", "h2": "two years ahead",
    "x": "forecast probability", "y": "observed frequency",
    "score": "explained score", PLAIN_LOGISTIC: "plain logistic baseline",
}


def _series(result: dict, name: str, key: str, horizon: str) -> list[dict]:
    figures = result[key][horizon] if name == "score" else result["baselines"][name][key][horizon]
    return figures["calibration"]


def _panel(result: dict, key: str, horizon: str, left: float, top: float, labels: dict) -> list[str]:
    def x(p: float) -> float:
        return left + p * PANEL

    def y(p: float) -> float:
        return top + PANEL - p * PANEL

    parts = [f'<rect x="{left}" y="{top}" width="{PANEL}" height="{PANEL}" fill="#fff" stroke="#999"/>',
             f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#bbb" stroke-dasharray="2 3"/>']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(f'<text x="{x(tick):.1f}" y="{top + PANEL + 14}" font-size="10" '
                     f'text-anchor="middle">{tick:g}</text>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 3:.1f}" font-size="10" text-anchor="end">{tick:g}</text>')
    figures = result[key][horizon]
    parts.append(f'<text x="{left}" y="{top - 22}" font-size="12" font-weight="bold">'
                 f'{escape(labels[key])}, {escape(labels[horizon])}</text>')
    parts.append(f'<text x="{left}" y="{top - 8}" font-size="11">AUC {figures["auc"]}, '
                 f'Brier {figures["brier"]}, n = {figures["n"]}</text>')
    for name, (colour, dash) in SERIES_STYLES.items():
        bands = _series(result, name, key, horizon)
        if not bands:
            continue
        points = " ".join(f"{x(band['mean_forecast']):.1f},{y(band['observed']):.1f}" for band in bands)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"{dashed}/>')
        largest = max(band["n"] for band in bands)
        for band in bands:
            radius = 2 + 6 * (band["n"] / largest) ** 0.5
            parts.append(f'<circle cx="{x(band["mean_forecast"]):.1f}" cy="{y(band["observed"]):.1f}" '
                         f'r="{radius:.1f}" fill="{colour}" fill-opacity="0.6">'
                         f'<title>{escape(labels[name])}: {band["from"]:g}-{band["to"]:g}, n={band["n"]}, '
                         f'forecast {band["mean_forecast"]:.3f}, observed {band["observed"]:.3f}</title></circle>')
    parts.append(f'<text x="{left + PANEL / 2}" y="{top + PANEL + 30}" font-size="11" '
                 f'text-anchor="middle">{escape(labels["x"])}</text>')
    parts.append(f'<text x="{left - 40}" y="{top + PANEL / 2}" font-size="11" text-anchor="middle" '
                 f'transform="rotate(-90 {left - 40} {top + PANEL / 2})">{escape(labels["y"])}</text>')
    return parts


def calibration_svg(result: dict, labels: dict | None = None) -> str:
    """The figure for a ``backtest()`` result; ``labels`` replaces the English wording."""
    labels = {**DEFAULT_LABELS, **(labels or {})}
    width = MARGIN_LEFT + 2 * PANEL + GAP + 20
    height = MARGIN_TOP + 2 * PANEL + GAP + MARGIN_BOTTOM
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
             f'<rect width="{width}" height="{height}" fill="#fff"/>',
             f'<text x="{MARGIN_LEFT}" y="22" font-size="15" font-weight="bold">{escape(labels["title"])}</text>']
    legend_x = MARGIN_LEFT
    for name, (colour, dash) in SERIES_STYLES.items():
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{legend_x}" y1="44" x2="{legend_x + 24}" y2="44" stroke="{colour}" '
                     f'stroke-width="2"{dashed}/>')
        parts.append(f'<text x="{legend_x + 30}" y="48" font-size="11">{escape(labels[name])}</text>')
        legend_x += 200
    for row, key in enumerate(TARGET_KEYS.values()):
        for column, horizon in enumerate(f"h{h}" for h in HORIZONS):
            left = MARGIN_LEFT + column * (PANEL + GAP)
            top = MARGIN_TOP + row * (PANEL + GAP)
            if horizon in result.get(key, {}):
                parts += _panel(result, key, horizon, left, top, labels)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
