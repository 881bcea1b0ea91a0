"""Read the vocabulary files shipped in ``data/`` (see ATTRIBUTION.md for sources and licences)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

DATA_PACKAGE = "salw.vocabularies"


def data_path(name: str) -> Path:
    return Path(str(resources.files(DATA_PACKAGE).joinpath("data", name)))


def read_rows(name: str) -> Iterator[dict[str, str]]:
    with data_path(name).open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def manufacturer_files() -> list[str]:
    """The manufacturer table is kept in several files (by region) to keep each reviewable."""
    return sorted(path.name for path in data_path("").glob("manufacturers*.csv"))


def split_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split("|") if part.strip()]


def country_bounds() -> dict[str, tuple[float, float, float, float]]:
    """ISO3 -> (min_lon, min_lat, max_lon, max_lat) from the Natural Earth 1:110m outlines."""
    with data_path("ne110m_countries.geojson").open(encoding="utf-8") as handle:
        collection = json.load(handle)
    bounds = {}
    for feature in collection["features"]:
        iso3 = feature["properties"].get("iso_a3")
        if not iso3 or iso3 == "-99":
            continue
        lons, lats = [], []
        _collect_coordinates(feature["geometry"]["coordinates"], lons, lats)
        if lons:
            bounds[iso3] = (min(lons), min(lats), max(lons), max(lats))
    return bounds


def _collect_coordinates(nested, lons: list[float], lats: list[float]) -> None:
    if nested and isinstance(nested[0], (int, float)):
        lons.append(nested[0])
        lats.append(nested[1])
        return
    for part in nested:
        _collect_coordinates(part, lons, lats)
