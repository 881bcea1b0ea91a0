"""The shipped boundaries: Natural Earth countries (world) and admin-1 areas (Mano River).

Loaded once per process; an area written in a record ("Eastern", "Eastern Province", "SL-E")
is resolved to its polygon here, so maps and flow lines agree on where a place is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from salw.analytics.domain import area_key, geometry_centroid

# The 1:110m build marks these with -99 instead of their ISO code.
_ISO_BY_NAME = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX"}


@dataclass(frozen=True)
class Area:
    code: str  # ISO alpha-3 for a country, the Natural Earth adm1_code for an admin-1 area
    country: str
    name: str
    latitude: float
    longitude: float
    iso_3166_2: str = ""


def _read(package: str, name: str) -> dict:
    with resources.files(package).joinpath("data", name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def country_collection() -> dict:
    collection = _read("salw.vocabularies", "ne110m_countries.geojson")
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties.get("iso_a3") in (None, "-99"):
            properties["iso_a3"] = _ISO_BY_NAME.get(properties["name"], "")
    return collection


@cache
def admin1_collection() -> dict:
    return _read("salw.analytics", "admin1_mano_river.geojson")


@cache
def countries() -> dict[str, Area]:
    found = {}
    for feature in country_collection()["features"]:
        code = feature["properties"]["iso_a3"]
        if code:
            latitude, longitude = geometry_centroid(feature["geometry"])
            found[code] = Area(code, code, feature["properties"]["name"], latitude, longitude)
    return found


@cache
def admin1_areas() -> dict[str, Area]:
    found = {}
    for feature in admin1_collection()["features"]:
        properties = feature["properties"]
        latitude, longitude = geometry_centroid(feature["geometry"])
        found[properties["adm1_code"]] = Area(properties["adm1_code"], properties["adm0_a3"], properties["name"],
                                              latitude, longitude, properties["iso_3166_2"])
    return found


@cache
def _admin1_lookup() -> dict[tuple[str, str], str]:
    lookup = {}
    for area in admin1_areas().values():
        for spelling in (area.name, area.iso_3166_2, area.code):
            if spelling and "~" not in spelling:
                lookup[(area.country, area_key(spelling))] = area.code
    return lookup


@lru_cache(maxsize=4096)  # records repeat a few spellings of a few areas thousands of times
def admin1_code(country: str, text: str) -> str:
    """The admin-1 area a record's text names, or "" when it names none of the shipped ones."""
    if not text:
        return ""
    key = area_key(text)
    if country:
        return _admin1_lookup().get((country.upper(), key), "")
    matches = {code for (_, spelling), code in _admin1_lookup().items() if spelling == key}
    return matches.pop() if len(matches) == 1 else ""


def has_admin1(country: str) -> bool:
    return any(area.country == country for area in admin1_areas().values())


def place_of(country: str, admin1_text: str) -> Area | None:
    """Where a country/admin-1 pair sits on the map: the area's centre, else the country's."""
    code = admin1_code(country, admin1_text)
    if code:
        return admin1_areas()[code]
    return countries().get((country or "").upper())
