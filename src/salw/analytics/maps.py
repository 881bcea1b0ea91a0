"""Map data: choropleths per country and per admin-1 area, clustered seizure points, and the
records behind any shape or cluster. Shapes are the shipped Natural Earth boundaries."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Avg, Case, CharField, Count, F, Max, Min, QuerySet, When
from django.db.models.functions import Floor
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salw.analytics import boundaries
from salw.analytics.domain import HELD_STATUSES, LOSS_EVENTS, METRICS, few_cases_note, is_few
from salw.analytics.flows import seized_weapons
from salw.analytics.memo import per_data_state
from salw.analytics.scope import Scope
from salw.core.errors import NotFound, ValidationFailed
from salw.core.translation import translated
from salw.registry.models import Event, Weapon

RECORD_LIMIT = 500
METRIC_NOTES = {
    "holdings": gettext_lazy("weapons held now (in service or in storage), where the registry places them; "
                             "the period does not apply"),
    "losses": gettext_lazy("weapons recorded lost or stolen in the period, where the event (else the weapon) was"),
    "seizures": gettext_lazy("weapons seized, found or surrendered in the period, where the seizure took place"),
    "risk": gettext_lazy("country context risk score (0-1) of the period's last year; country-level only, "
                         "the same for every user"),
}


def _require_metric(metric: str) -> None:
    if metric not in METRICS:
        raise ValidationFailed(_("unknown metric %(metric)r; metrics: %(metrics)s") % {
            "metric": metric, "metrics": ", ".join(METRICS)})


def held_weapons(scope: Scope) -> QuerySet[Weapon]:
    return scope.limit(Weapon.objects.filter(voided_at__isnull=True, status__in=HELD_STATUSES), "jurisdiction_id")


def loss_events(scope: Scope) -> QuerySet[Event]:
    voided = Event.objects.filter(voids__isnull=False).values("voids_id")
    events = (Event.objects.filter(event_type__in=LOSS_EVENTS, weapon__voided_at__isnull=True)
              .exclude(seq__in=voided)
              .annotate(place_country=Case(When(location_country="", then=F("weapon__location_country")),
                                           default=F("location_country"), output_field=CharField()),
                        place_admin1=Case(When(location_admin1="", then=F("weapon__location_admin1")),
                                          default=F("location_admin1"), output_field=CharField())))
    return scope.within_period(scope.limit(events, "weapon__jurisdiction_id"), "occurred_on")


def _counts_by_place(scope: Scope, metric: str) -> list[tuple[str, str, int]]:
    """(country, admin-1 text, weapons) for a metric."""
    if metric == "holdings":
        rows = held_weapons(scope).values_list("location_country", "location_admin1").annotate(n=Count("id"))
    elif metric == "losses":
        rows = loss_events(scope).values_list("place_country", "place_admin1").annotate(n=Count("seq"))
    else:
        rows = seized_weapons(scope).values_list("seizure_country", "seizure_admin1").annotate(n=Count("*"))
    return [(country or "", admin1 or "", count) for country, admin1, count in rows.order_by()]


def _risk_by_country(actor, scope: Scope) -> dict[str, float]:
    from salw.context.selectors import risk_ranking

    try:
        ranking = risk_ranking(actor, year=scope.period.last_year)
    except NotFound:
        return {}
    return {item.country: round(item.score, 4) for item in ranking}


def country_values(actor, scope: Scope, metric: str) -> dict[str, float]:
    _require_metric(metric)
    if metric == "risk":
        return _risk_by_country(actor, scope)
    values: Counter = Counter()
    for country, _admin1, count in _counts_by_place(scope, metric):
        if country:
            values[country.upper()] += count
    return dict(values)


def admin1_values(scope: Scope, metric: str) -> tuple[dict[str, int], int]:
    """Weapons per shipped admin-1 area, and how many named an area the map does not have."""
    _require_metric(metric)
    if metric == "risk":
        return {}, 0
    values: Counter = Counter()
    unplaced = 0
    for country, admin1, count in _counts_by_place(scope, metric):
        code = boundaries.admin1_code(country, admin1)
        if code:
            values[code] += count
        elif admin1 and boundaries.has_admin1(country.upper()):
            unplaced += count
    return dict(values), unplaced


def _collection(features: list[dict], metric: str, scope: Scope, notes: list[str]) -> dict[str, Any]:
    counts = [feature["properties"]["value"] for feature in features
              if metric != "risk" and feature["properties"]["value"]]
    note = translated(few_cases_note(int(count) for count in counts))
    values = [feature["properties"]["value"] for feature in features if feature["properties"]["value"] is not None]
    return {"type": "FeatureCollection", "features": features,
            "properties": {"metric": metric, "period": scope.period.describe(), "max": max(values, default=0),
                           "notes": [str(METRIC_NOTES[metric]), *notes, *([note] if note else [])]}}


@per_data_state
def country_geojson(actor, scope: Scope, metric: str) -> dict[str, Any]:
    values = country_values(actor, scope, metric)
    features = []
    for feature in boundaries.country_collection()["features"]:
        code = feature["properties"]["iso_a3"]
        value = values.get(code)
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {"code": code, "name": feature["properties"]["name"], "value": value,
                                        "few_cases": metric != "risk" and is_few(int(value or 0))}})
    return _collection(features, metric, scope, [])


@per_data_state
def admin1_geojson(scope: Scope, metric: str) -> dict[str, Any]:
    values, unplaced = admin1_values(scope, metric)
    features = []
    for feature in boundaries.admin1_collection()["features"]:
        properties = feature["properties"]
        value = values.get(properties["adm1_code"]) if metric != "risk" else None
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {"code": properties["adm1_code"], "country": properties["adm0_a3"],
                                        "name": properties["name"], "value": value,
                                        "few_cases": is_few(int(value or 0))}})
    notes = []
    if unplaced:
        notes.append(_("%(count)s weapon(s) name an admin-1 area the map does not know") % {"count": unplaced})
    if metric == "risk":
        notes.append(_("risk is measured per country, not per admin-1 area"))
    return _collection(features, metric, scope, notes)


@per_data_state
def seizure_points(scope: Scope, cell_degrees: float) -> dict[str, Any]:
    """Seized weapons with coordinates, gathered into grid cells of ``cell_degrees``.

    Clustering in the database keeps the answer small however many seizures there are, and
    needs no clustering plug-in in the browser.
    """
    if not 0.001 <= cell_degrees <= 45:
        raise ValidationFailed(_("cell must be between 0.001 and 45 degrees"))
    located = seized_weapons(scope).filter(seizure__latitude__isnull=False, seizure__longitude__isnull=False)
    cells = (located.annotate(cell_y=Floor(F("seizure__latitude") / cell_degrees),
                              cell_x=Floor(F("seizure__longitude") / cell_degrees))
             .values("cell_y", "cell_x")
             .annotate(weapons=Count("id"), seizures=Count("seizure_id", distinct=True),
                       latitude=Avg("seizure__latitude"), longitude=Avg("seizure__longitude"),
                       south=Min("seizure__latitude"), north=Max("seizure__latitude"),
                       west=Min("seizure__longitude"), east=Max("seizure__longitude"))
             .order_by("cell_y", "cell_x"))
    cells = list(cells)
    # All weapons less the located ones: counting the unlocated ones would join every item to its seizure.
    unlocated = seized_weapons(scope).count() - sum(cell["weapons"] for cell in cells)
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [round(cell["longitude"], 5), round(cell["latitude"], 5)]},
                 "properties": {"weapons": cell["weapons"], "seizures": cell["seizures"],
                                "few_cases": is_few(cell["weapons"]),
                                "bbox": [cell["west"], cell["south"], cell["east"], cell["north"]]}}
                for cell in cells]
    return {"type": "FeatureCollection", "features": features,
            "properties": {"cell_degrees": cell_degrees, "period": scope.period.describe(),
                           "unlocated_weapons": unlocated}}


def _area_texts(rows: list[tuple[str, str, int]], country: str, area: str) -> list[str]:
    return sorted({admin1 for row_country, admin1, _count in rows
                   if row_country.upper() == country and boundaries.admin1_code(country, admin1) == area})


def map_records(scope: Scope, *, metric: str, country: str = "", area: str = "",
                bbox: tuple[float, float, float, float] | None = None,
                limit: int = RECORD_LIMIT) -> tuple[list[dict[str, Any]], int]:
    """The records behind one shape (a country, an admin-1 area) or one cluster (a bounding box)."""
    _require_metric(metric)
    if metric == "risk":
        return [], 0
    if area:
        known = boundaries.admin1_areas().get(area)
        if known is None:
            raise NotFound(_("no admin-1 area %(area)r on the map") % {"area": area})
        country = known.country
    country = country.upper()
    if metric == "seizures" or bbox is not None:
        items = seized_weapons(scope)
        if bbox is not None:
            west, south, east, north = bbox
            items = items.filter(seizure__longitude__gte=west, seizure__longitude__lte=east,
                                 seizure__latitude__gte=south, seizure__latitude__lte=north)
        if country:
            items = items.filter(seizure__country=country)
        if area:
            items = items.filter(seizure__admin1__in=_area_texts(_counts_by_place(scope, "seizures"), country, area))
        rows = items.order_by("-seizure__occurred_on", "id").values(
            "id", "seizure_id", "seizure__case_reference", "seizure__occurred_on", "seizure__kind",
            "seizure__country", "seizure__admin1", "seizure__place", "serial_number", "weapon_type",
            "country_of_manufacture", "seizure__jurisdiction__code")
        return [{"kind": "seized_item", "item_id": str(row["id"]), "seizure_id": str(row["seizure_id"]),
                 "case_reference": row["seizure__case_reference"], "date": row["seizure__occurred_on"].isoformat(),
                 "seizure_kind": row["seizure__kind"], "country": row["seizure__country"],
                 "admin1": row["seizure__admin1"], "place": row["seizure__place"],
                 "serial_number": row["serial_number"], "weapon_type": row["weapon_type"],
                 "country_of_manufacture": row["country_of_manufacture"],
                 "jurisdiction": row["seizure__jurisdiction__code"]} for row in rows[:limit]], items.count()
    if metric == "holdings":
        weapons = held_weapons(scope)
        if country:
            weapons = weapons.filter(location_country=country)
        if area:
            weapons = weapons.filter(location_admin1__in=_area_texts(_counts_by_place(scope, metric), country, area))
        rows = weapons.order_by("record_id").values(
            "id", "record_id", "serial_number", "weapon_type_id", "status", "status_date", "location_country",
            "location_admin1", "holder_type", "jurisdiction__code")
        return [{"kind": "weapon", "weapon_id": str(row["id"]), "record_id": row["record_id"],
                 "serial_number": row["serial_number"], "weapon_type": row["weapon_type_id"] or "",
                 "status": row["status"], "date": row["status_date"].isoformat() if row["status_date"] else None,
                 "country": row["location_country"], "admin1": row["location_admin1"],
                 "holder_type": row["holder_type"], "jurisdiction": row["jurisdiction__code"]}
                for row in rows[:limit]], weapons.count()
    events = loss_events(scope)
    if country:
        events = events.filter(place_country=country)
    if area:
        events = events.filter(place_admin1__in=_area_texts(_counts_by_place(scope, metric), country, area))
    rows = events.order_by("-occurred_on", "seq").values(
        "seq", "weapon_id", "weapon__record_id", "weapon__serial_number", "weapon__weapon_type_id", "event_type",
        "occurred_on", "place_country", "place_admin1", "weapon__jurisdiction__code")
    return [{"kind": "event", "event": row["seq"], "weapon_id": str(row["weapon_id"]),
             "record_id": row["weapon__record_id"], "serial_number": row["weapon__serial_number"],
             "weapon_type": row["weapon__weapon_type_id"] or "", "status": row["event_type"],
             "date": row["occurred_on"].isoformat() if row["occurred_on"] else None,
             "country": row["place_country"], "admin1": row["place_admin1"],
             "jurisdiction": row["weapon__jurisdiction__code"]} for row in rows[:limit]], events.count()
