"""Each analytics chart as an SVG file, counted in a scope and worded in the active language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from salw.analytics import trends
from salw.analytics.armed_groups import armed_groups
from salw.analytics.chart_svg import chart_svg
from salw.analytics.scope import Scope

CHART_TABLES = {"trends": trends.yearly_trends, "mechanisms_by_year": trends.mechanisms_by_year,
                "weapon_types_by_year": trends.weapon_types_by_year, "armed_groups": armed_groups}
CHART_TITLES = {"trends": _("Losses, seizures and traces per year"),
                "mechanisms_by_year": _("Diversion mechanisms by year of seizure"),
                "weapon_types_by_year": _("Weapon types seized, by year"),
                "armed_groups": _("Weapons linked to each non-state armed group")}
SERIES_LABELS = {"losses": _("Losses and thefts"), "seizures": _("Weapons seized"),
                 "traces": _("Trace requests sent")}
SVG_CONTENT_TYPE = "image/svg+xml; charset=utf-8"


def chart_file(name: str, scope: Scope) -> str:
    """The SVG of chart ``name`` (one of analytics.domain.CHART_NAMES) over ``scope``, with its period in the title."""
    breakdown = CHART_TABLES[name](scope)
    period = scope.period
    described = _("all years") if period.first_year is None and period.last_year is None else period.describe()
    title = f"{CHART_TITLES[name]} ({described})"
    return chart_svg(breakdown, title, {key: str(label) for key, label in SERIES_LABELS.items()})
