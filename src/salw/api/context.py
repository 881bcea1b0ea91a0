"""/context: country indicators with their trends, and the explained context risk."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from salw.accounts.domain import CONTEXT_READ
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import error_responses
from salw.context import selectors

router = Router(tags=["context"])


class Point(Schema):
    year: int
    value: float
    release: str


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    source: str
    source_name: str
    version: str = Field(description="the latest release of the source imported")
    licence: str
    higher_is_worse: bool
    years: list[int] = Field(description="years with a value; a year not listed is missing, never imputed")
    series: list[Point]


class ConflictOut(Schema):
    year: int
    conflict_id: int
    location: str
    side_a: str
    side_b: str
    non_state_sides: list[str]
    intensity: int = Field(description="1: 25-999 battle deaths in the year, 2: 1,000 or more")
    type_of_conflict: int = Field(description="1 extrasystemic, 2 interstate, 3 intrastate, "
                                              "4 internationalised intrastate")
    internationalised: bool


class NeighbourOut(Schema):
    country: str
    name: str
    shared_border_km: float | None
    point_contact_only: bool


class CountryContextOut(Schema):
    country: str
    name: str
    releases: dict[str, str]
    indicators: list[IndicatorOut]
    conflicts: list[ConflictOut]
    neighbours: list[NeighbourOut]


class ComponentOut(Schema):
    component: str
    label: str
    definition: str
    value: float | None = Field(description="oriented so that higher means riskier; null when missing")
    standardised: float | None
    coefficient: float
    contribution: float | None = Field(description="coefficient x standardised value; null when missing "
                                                   "(left out of the sum)")
    percentile: float | None = Field(description="among the countries described that year; 100 = riskiest")
    year: int | None = Field(description="the year of the data used")
    source: str
    note: str
    declared: bool = Field(description="the coefficient is a stated assumption, not fitted")
    missing: bool


class RiskOut(Schema):
    country: str
    year: int
    model_version: str
    target: str
    intercept: float
    components: list[ComponentOut]
    logit: float = Field(description="intercept + the sum of the contributions")
    score: float = Field(description="1 / (1 + exp(-logit)): the forecast probability of the target in year+1")
    notes: list[str]


class RankedCountry(Schema):
    rank: int
    country: str
    name: str
    score: float
    missing: list[str]


class RankingOut(Schema):
    year: int
    model_version: str
    target: str
    items: list[RankedCountry]


class RiskQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2200, description="data year (default: latest with governance "
                                                                 "data)")
    model: str | None = Field(None, max_length=100, description="risk model version (default: the latest)")


@router.get("/context/countries/{iso3}", **requires_scope(CONTEXT_READ),
            response={200: CountryContextOut, **error_responses(404)},
            summary="A country's indicators by year, its armed conflicts and land neighbours")
def context_country(request: HttpRequest, iso3: str):
    context = selectors.country_context(acting_user(request), iso3)
    return {
        "country": context.country, "name": context.name, "releases": context.releases,
        "indicators": [{**{key: getattr(item, key) for key in (
            "code", "name", "unit", "source", "source_name", "version", "licence", "higher_is_worse")},
            "years": item.years,
            "series": [{"year": year, "value": value, "release": release} for year, value, release in item.points]}
            for item in context.indicators],
        "conflicts": [{"year": row.year, "conflict_id": row.conflict_id, "location": row.location,
                       "side_a": row.side_a, "side_b": row.side_b,
                       "non_state_sides": [side for side in row.non_state_sides.split("; ") if side],
                       "intensity": row.intensity, "type_of_conflict": row.type_of_conflict,
                       "internationalised": row.internationalised} for row in context.conflicts],
        "neighbours": [{"country": code, "name": name, "shared_border_km": km, "point_contact_only": point}
                       for code, name, km, point in context.neighbours],
    }


@router.get("/context/countries/{iso3}/risk", **requires_scope(CONTEXT_READ),
            response={200: RiskOut, **error_responses(404)},
            summary="A country's context risk for a year, every component explained")
def context_country_risk(request: HttpRequest, iso3: str, query: Query[RiskQuery]):
    actor = acting_user(request)
    explanation = selectors.country_risk(actor, iso3, year=query.year, model_version=query.model)
    return explanation.as_dict()


@router.get("/context/risk", **requires_scope(CONTEXT_READ),
            response={200: RankingOut, **error_responses(404)},
            summary="Countries ranked by context risk for a year, riskiest first")
def context_risk_ranking(request: HttpRequest, query: Query[RiskQuery]):
    actor = acting_user(request)
    model = selectors.risk_model(query.model)
    year = query.year or selectors.default_risk_year()
    ranking = selectors.risk_ranking(actor, year=year, model_version=model.version)
    names = selectors.country_names()
    return {
        "year": year, "model_version": model.version, "target": model.target,
        "items": [{"rank": rank, "country": item.country, "name": names.get(item.country, item.country),
                   "score": item.score, "missing": item.missing_components}
                  for rank, item in enumerate(ranking, start=1)],
    }


class CalibrationBand(Schema):
    from_: float = Field(alias="from")
    to: float
    n: int
    positives: int
    mean_forecast: float
    observed: float = Field(description="share of the band's country-years with the outcome")


class Evaluation(Schema):
    auc: float | None
    brier: float | None
    n: int = Field(description="country-years forecast")
    positives: int = Field(description="of which had the outcome")
    calibration: list[CalibrationBand]


class Horizons(Schema):
    h1: Evaluation = Field(description="one year ahead")
    h2: Evaluation = Field(description="two years ahead")


class TargetEvaluations(Schema):
    incidence: Horizons
    onset: Horizons


class Baselines(Schema):
    persistence: TargetEvaluations = Field(description="conflict in the year the forecast is made")
    plain_logistic: TargetEvaluations = Field(description="the same fitting on raw indicators")


class BacktestSettings(Schema):
    test_years: list[int]
    max_data_age_years: int
    l2: float
    data_releases: dict[str, str]


class BacktestOut(Schema):
    incidence: Horizons = Field(description="the explained score")
    onset: Horizons = Field(description="the explained score")
    baselines: Baselines
    test_years: dict[str, dict[str, list[int]]] = Field(description="the test years each figure covers")
    settings: BacktestSettings


class BacktestQuery(Schema):
    first_year: int | None = Field(None, ge=1900, le=2200, description="first test year (default 2008)")
    last_year: int | None = Field(None, ge=1900, le=2200, description="last test year (default: the last year "
                                                                      "with armed-conflict data)")


@router.get("/context/backtest", **requires_scope(CONTEXT_READ),
            response={200: BacktestOut, **error_responses()}, by_alias=True,
            summary="The risk score as an out-of-sample forecast of armed conflict, against two baselines")
def context_backtest(request: HttpRequest, query: Query[BacktestQuery]):
    return selectors.risk_backtest(acting_user(request), first_year=query.first_year, last_year=query.last_year)
