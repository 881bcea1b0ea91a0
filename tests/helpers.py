"""Helpers for building registry files in tests."""

from __future__ import annotations

import csv
from pathlib import Path

REGISTRY_HEADER = [
    "record_id", "serial_number", "marking_status", "manufacturer", "model", "calibre", "weapon_type",
    "country_of_manufacture", "year_of_manufacture", "import_country", "import_year", "holder_type",
    "holder_name", "status", "status_date", "location_country", "location_admin1", "latitude", "longitude",
]


def write_registry_csv(path: Path, rows: list[dict], header: list[str] | None = None,
                       encoding: str = "utf-8", delimiter: str = ",") -> Path:
    header = header or REGISTRY_HEADER
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(name, "") for name in header])
    return path


def registry_row(**values) -> dict:
    row = {
        "record_id": "R-1", "serial_number": "KT4411", "manufacturer": "Izhmash", "model": "AKM",
        "calibre": "7.62x39mm", "weapon_type": "sa_assault_rifle", "country_of_manufacture": "RUS",
        "year_of_manufacture": "1975", "holder_type": "state_armed_forces", "holder_name": "1st Battalion",
        "status": "in_service", "status_date": "2015-03-01", "location_country": "SLE",
        "location_admin1": "Eastern", "latitude": "7.88", "longitude": "-11.19",
    }
    row.update(values)
    return row
