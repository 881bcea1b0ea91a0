"""/analytics: the flow model's aggregates, trends, the armed groups view, and GeoJSON for the maps.

Every figure is counted over the caller's jurisdictions only; a token needs the analytics:read scope.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from salw.accounts.domain import ANALYTICS_READ
from salw.analytics import flows, maps, trends
from salw.analytics.armed_groups import armed_groups
from salw.analytics.chart_files import SVG_CONTENT_TYPE, chart_file
from salw.analytics.domain import CHART_NAMES
from salw.analytics.scope import analytics_scope
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import error_responses

router = Router(tags=["analytics"])

Metric = Literal["holdings", "losses", "seizures", "risk"]
BreakdownName = Literal["country_pairs", "admin1_areas", "periods", "weapon_types", "diversion_mechanisms",
                        "holder_types", "origins"]
ChartName = Literal[CHART_NAMES]


class PeriodQuery(Schema):
    first_year: int | None = Field(None, ge=1900, le=2200, description="first year counted (default: no limit)")
    last_year: int | None = Field(None, ge=1900, le=2200, description="last year counted (default: no limit)")
    jurisdiction: str = Field("", max_length=64, description="a jurisdiction code to narrow to (within yours)")


class BreakdownOut(Schema):
    name: str
    columns: list[str]
    rows: list[dict[str, Any]] = Field(description="one object per row; few_cases marks counts below 5")
    notes: list[str]


class TimeToCrimeOut(Schema):
    cases: int
    from_diversion: int
    from_legal_transfer: int
    median_days: float | None
    p25_days: float | None
    p75_days: float | None
    few_cases: bool
    notes: list[str]


class FlowSummaryOut(Schema):
    period: str
    breakdowns: list[BreakdownOut]
    time_to_crime: TimeToCrimeOut


class TrendsOut(Schema):
    period: str
    breakdowns: list[BreakdownOut]


class FeatureCollectionOut(Schema):
    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]
    properties: dict[str, Any]


class RecordsOut(Schema):
    total: int = Field(description="records behind the figure; at most 500 are listed")
    records: list[dict[str, Any]]


class MapQuery(PeriodQuery):
    metric: Metric = "seizures"


class PointsQuery(PeriodQuery):
    cell: float = Field(0.5, ge=0.001, le=45, description="grid cell size in degrees")


class MapRecordsQuery(MapQuery):
    country: str = Field("", max_length=3, description="ISO alpha-3 of a country shape")
    area: str = Field("", max_length=32, description="Natural Earth adm1_code of an admin-1 shape")
    bbox: str = Field("", max_length=200, description="west,south,east,north of a seizure cluster")


class FlowRecordsQuery(PeriodQuery):
    line: str = Field("", max_length=80, description="a flow line's key (FROM>TO); empty lists every traced weapon")


def _scope(request: HttpRequest, query: PeriodQuery):
    return analytics_scope(acting_user(request), first_year=query.first_year, last_year=query.last_year,
                           jurisdiction_code=query.jurisdiction)


@router.get("/analytics/flows", **requires_scope(ANALYTICS_READ), response={200: FlowSummaryOut, **error_responses()},
            summary="The flow model's aggregates: country pairs, admin-1 areas, years, weapon types, "
                    "mechanisms, holder types, origins, and time-to-crime")
def analytics_flow_summary(request: HttpRequest, query: Query[PeriodQuery]):
    return flows.flow_summary(_scope(request, query))


@router.get("/analytics/flows/breakdowns/{name}", **requires_scope(ANALYTICS_READ),
            response={200: BreakdownOut, **error_responses()}, summary="One aggregate of the flow model")
def analytics_flow_breakdown(request: HttpRequest, name: BreakdownName, query: Query[PeriodQuery]):
    return flows.BREAKDOWNS[name](_scope(request, query)).as_dict()


@router.get("/analytics/flows/time-to-crime", **requires_scope(ANALYTICS_READ),
            response={200: TimeToCrimeOut, **error_responses()},
            summary="Days from the point of diversion (else the last legal transfer) to the seizure")
def analytics_time_to_crime(request: HttpRequest, query: Query[PeriodQuery]):
    return flows.time_to_crime_summary(_scope(request, query))


@router.get("/analytics/flows/lines", **requires_scope(ANALYTICS_READ),
            response={200: FeatureCollectionOut, **error_responses()},
            summary="GeoJSON lines from points of diversion to places of seizure, with weapons per line")
def analytics_flow_lines(request: HttpRequest, query: Query[PeriodQuery]):
    return flows.flow_lines(_scope(request, query))


@router.get("/analytics/flows/records", **requires_scope(ANALYTICS_READ),
            response={200: RecordsOut, **error_responses()},
            summary="The traced weapons behind a flow line, with holder types and armed groups involved")
def analytics_flow_records(request: HttpRequest, query: Query[FlowRecordsQuery]):
    records, total = flows.flow_records(_scope(request, query), line_key=query.line)
    return {"total": total, "records": [record.as_dict() for record in records]}


@router.get("/analytics/map/countries", **requires_scope(ANALYTICS_READ),
            response={200: FeatureCollectionOut, **error_responses()},
            summary="GeoJSON country polygons with the metric's value per country")
def analytics_map_countries(request: HttpRequest, query: Query[MapQuery]):
    return maps.country_geojson(acting_user(request), _scope(request, query), query.metric)


@router.get("/analytics/map/admin1", **requires_scope(ANALYTICS_READ),
            response={200: FeatureCollectionOut, **error_responses()},
            summary="GeoJSON admin-1 polygons (Sierra Leone, Liberia, Guinea) with the metric's value")
def analytics_map_admin1(request: HttpRequest, query: Query[MapQuery]):
    return maps.admin1_geojson(_scope(request, query), query.metric)


@router.get("/analytics/map/seizure-points", **requires_scope(ANALYTICS_READ),
            response={200: FeatureCollectionOut, **error_responses()},
            summary="GeoJSON points: seized weapons gathered into grid cells")
def analytics_seizure_points(request: HttpRequest, query: Query[PointsQuery]):
    return maps.seizure_points(_scope(request, query), query.cell)


def _bbox(text: str) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    from salw.core.errors import ValidationFailed

    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise ValidationFailed(_("bbox: give west,south,east,north in degrees")) from None
    return west, south, east, north


@router.get("/analytics/map/records", **requires_scope(ANALYTICS_READ),
            response={200: RecordsOut, **error_responses(404)},
            summary="The records behind a map shape (country or admin-1 area) or a seizure cluster")
def analytics_map_records(request: HttpRequest, query: Query[MapRecordsQuery]):
    records, total = maps.map_records(_scope(request, query), metric=query.metric, country=query.country,
                                      area=query.area, bbox=_bbox(query.bbox))
    return {"total": total, "records": records}


@router.get("/analytics/trends", **requires_scope(ANALYTICS_READ), response={200: TrendsOut, **error_responses()},
            summary="Per year: losses, seizures, traces; diversion mechanisms; weapon types of seized weapons")
def analytics_trends(request: HttpRequest, query: Query[PeriodQuery]):
    return trends.all_trends(_scope(request, query))


@router.get("/analytics/armed-groups", **requires_scope(ANALYTICS_READ),
            response={200: BreakdownOut, **error_responses()},
            summary="Weapons linked to each non-state armed group, by type and origin, with source confidence")
def analytics_armed_groups(request: HttpRequest, query: Query[PeriodQuery]):
    return armed_groups(_scope(request, query)).as_dict()


def _svg_file_route() -> dict[str, Any]:
    route = requires_scope(ANALYTICS_READ)
    svg = {"description": "the chart as an SVG file", "content": {"image/svg+xml": {"schema": {"type": "string"}}}}
    route["openapi_extra"] = {**route["openapi_extra"], "responses": {"200": svg}}
    return route


@router.get("/analytics/charts/{name}", **_svg_file_route(), response={200: None, **error_responses()},
            summary="A trend or armed-group chart as an SVG file for a report, in the request's language")
def analytics_chart(request: HttpRequest, name: ChartName, query: Query[PeriodQuery]):
    response = HttpResponse(chart_file(name, _scope(request, query)), content_type=SVG_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="salw-{name}.svg"'
    return response
