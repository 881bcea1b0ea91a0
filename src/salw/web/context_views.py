"""Country context pages: a country's indicators with their trends and its explained risk; the ranking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from salw.context import policies, selectors
from salw.context.backtest import HORIZONS, PERSISTENCE, TARGET_KEYS
from salw.context.calibration_figure import calibration_svg
from salw.context.fitting import PLAIN_LOGISTIC, SCORE
from salw.core.errors import NotFound, ValidationFailed
from salw.web.sparklines import sparkline


def _year(request, parameter: str = "year") -> int | None:
    text = request.GET.get(parameter, "").strip()
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


def _backtest(request) -> tuple[dict | None, str]:
    first, last = _year(request, "from"), _year(request, "to")
    try:
        return selectors.risk_backtest(request.user, first_year=first, last_year=last), ""
    except ValidationFailed as error:
        return None, str(error)


def _figure_labels() -> dict:
    return {"title": _("Calibration of the context risk score, out of sample"),
            "incidence": _("Incidence"), "onset": _("Onset"),
            "h1": _("one year ahead"), "h2": _("two years ahead"),
            "x": _("forecast probability"), "y": _("observed frequency"),
            "score": _("explained score"), PLAIN_LOGISTIC: _("plain logistic baseline")}


@login_required
def backtest_page(request):
    _require_reader(request.user)
    result, problem = _backtest(request)
    rows = []
    if result:
        forecast_labels = {SCORE: _("Explained risk score"), PLAIN_LOGISTIC: _("Plain logistic on raw indicators"),
                           PERSISTENCE: _("Conflict in the year the forecast is made")}
        target_labels = {"incidence": _("Incidence"), "onset": _("Onset")}
        for key in TARGET_KEYS.values():
            for horizon in HORIZONS:
                for name in (SCORE, PLAIN_LOGISTIC, PERSISTENCE):
                    figures = result[key][f"h{horizon}"] if name == SCORE \
                        else result["baselines"][name][key][f"h{horizon}"]
                    rows.append({"target": target_labels[key], "horizon": horizon, "forecast": forecast_labels[name],
                                 "is_score": name == SCORE, **figures})
    return render(request, "context/backtest.html", {
        "result": result, "problem": problem, "rows": rows,
        "figure_query": request.GET.urlencode(),
    })


@login_required
def backtest_figure(request):
    _require_reader(request.user)
    result, problem = _backtest(request)
    if result is None:
        raise Http404(problem)
    response = HttpResponse(calibration_svg(result, _figure_labels()), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = 'attachment; filename="salw-risk-calibration.svg"'
    return response


urlpatterns = [
    path("", ranking_page, name="context_ranking"),
    path("backtest/", backtest_page, name="context_backtest"),
    path("backtest/calibration.svg", backtest_figure, name="context_backtest_figure"),
    path("<str:iso3>/", country_page, name="context_country"),
]
