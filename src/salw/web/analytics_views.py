"""Analytics pages: the map of holdings, losses, seizures and flows; trend charts; the armed groups
view; and every table behind them as CSV or XLSX. Figures come from the API, counted in the
signed-in user's jurisdictions; the pages hold no numbers of their own except the flow tables."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from salw.analytics import flows, trends
from salw.analytics.armed_groups import armed_groups
from salw.analytics.chart_files import CHART_TABLES, SVG_CONTENT_TYPE, chart_file
from salw.analytics.policies import may_read
from salw.analytics.scope import analytics_scope
from salw.analytics.table_files import CONTENT_TYPES, FORMATS, table_file
from salw.web.permissions import requires

TABLES = {**flows.BREAKDOWNS, **CHART_TABLES}


def _year(request, name: str) -> int | None:
    text = request.GET.get(name, "").strip()
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2200 else None


def _scope(request):
    return analytics_scope(request.user, first_year=_year(request, "first_year"),
                           last_year=_year(request, "last_year"))


def _years(scope) -> tuple[int | None, int | None]:
    years = [row["year"] for row in trends.yearly_trends(scope).rows]
    return (min(years), max(years)) if years else (None, None)


@requires(may_read)
def analytics_map(request):
    scope = _scope(request)
    first, last = _years(analytics_scope(request.user))
    summary = flows.flow_summary(scope)
    breakdowns = {item["name"]: item for item in summary["breakdowns"]}
    return render(request, "analytics/map.html", {
        "first_year": first, "last_year": last, "period": scope.period.describe(),
        "pairs": breakdowns["country_pairs"], "mechanisms": breakdowns["diversion_mechanisms"],
        "time_to_crime": summary["time_to_crime"],
    })


@requires(may_read)
def analytics_charts(request):
    first, last = _years(analytics_scope(request.user))
    groups = armed_groups(_scope(request))
    return render(request, "analytics/charts.html", {"first_year": first, "last_year": last, "groups": groups})


@requires(may_read)
def analytics_table(request, name: str, file_format: str):
    if name not in TABLES or file_format not in FORMATS:
        raise Http404("no such table")
    breakdown = TABLES[name](_scope(request))
    response = HttpResponse(table_file(breakdown, file_format), content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="salw-{name}.{file_format}"'
    return response


@requires(may_read)
def analytics_chart(request, name: str):
    if name not in CHART_TABLES:
        raise Http404("no such chart")
    response = HttpResponse(chart_file(name, _scope(request)), content_type=SVG_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="salw-{name}.svg"'
    return response


urlpatterns = [
    path("", analytics_map, name="analytics_map"),
    path("charts/", analytics_charts, name="analytics_charts"),
    path("tables/<str:name>.<str:file_format>", analytics_table, name="analytics_table"),
    path("charts/<str:name>.svg", analytics_chart, name="analytics_chart"),
]
