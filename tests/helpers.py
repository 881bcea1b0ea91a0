"""Helpers for building registry files in tests."""

from __future__ import annotations

import csv
from pathlib import Path

from salw.interchange.registry_format import COLUMNS

# Tests build files against the importer's own column list, so the two cannot drift apart.
REGISTRY_HEADER = list(COLUMNS)


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
