"""Country context pages: a country's indicators with their trends and its explained risk; the ranking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from salw.context import policies, selectors
from salw.core.errors import NotFound
from salw.web.sparklines import sparkline


def _year(request) -> int | None:
    text = request.GET.get("year", "").strip()
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2200 else None


def _require_reader(user) -> None:
    if not policies.may_read(user):
        raise PermissionDenied(_("Only licensing officers, analysts and administrators may read country context."))


@login_required
def country_page(request, iso3):
    _require_reader(request.user)
    try:
        context = selectors.country_context(request.user, iso3)
    except NotFound:
        raise Http404("no such country") from None
    risk, risk_problem = None, ""
    try:
        risk = selectors.country_risk(request.user, context.country, year=_year(request),
                                      model_version=request.GET.get("model") or None)
    except NotFound as error:
        risk_problem = str(error)
    indicators = [{
        "series": item,
        "trend": sparkline([(year, value) for year, value, _ in item.points],
                           label=_("%(name)s, %(first)s to %(last)s") % {
                               "name": item.name, "first": item.years[0], "last": item.years[-1]})
        if item.points else "",
    } for item in context.indicators]
    return render(request, "context/country.html", {
        "context": context, "indicators": indicators, "risk": risk, "risk_problem": risk_problem,
        "recent_conflicts": context.conflicts[:40],
    })


@login_required
def ranking_page(request):
    _require_reader(request.user)
    try:
        ranking = selectors.risk_ranking(request.user, year=_year(request),
                                         model_version=request.GET.get("model") or None)
    except NotFound as error:
        return render(request, "context/ranking.html", {"problem": str(error), "ranking": []})
    names = selectors.country_names()
    rows = [{"rank": rank, "item": item, "name": names.get(item.country, item.country)}
            for rank, item in enumerate(ranking, start=1)]
    first = ranking[0] if ranking else None
    return render(request, "context/ranking.html", {"ranking": rows, "first": first})


urlpatterns = [
    path("", ranking_page, name="context_ranking"),
    path("<str:iso3>/", country_page, name="context_country"),
]
