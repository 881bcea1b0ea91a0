"""The whole dataset an analyst may see, as Parquet (or CSV) tables for DuckDB, pandas or Spark.

One file per table, written in chunks so a registry of millions of weapons never sits in memory.
The tables are limited to the actor's jurisdictions exactly as the on-screen figures are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salw.analytics import boundaries
from salw.analytics.flows import flow_records, seized_weapons
from salw.analytics.scope import Scope
from salw.registry.models import Event, Weapon

FORMATS = ("parquet", "csv")
CHUNK = 20_000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "string", "int", "float", "date", "bool"


def _keyset(queryset, key: str, fields: tuple[str, ...]) -> Iterator[tuple]:
    last = None
    while True:
        page = queryset.order_by(key)
        if last is not None:
            page = page.filter(**{f"{key}__gt": last})
        rows = list(page.values_list(key, *fields)[:CHUNK])
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


WEAPON_COLUMNS = [Column(name, kind) for name, kind in (
    ("weapon_id", "string"), ("record_id", "string"), ("source", "string"), ("serial_number", "string"),
    ("weapon_type", "string"), ("manufacturer", "string"), ("model", "string"), ("calibre", "string"),
    ("country_of_manufacture", "string"), ("year_of_manufacture", "int"), ("import_country", "string"),
    ("import_year", "int"), ("status", "string"), ("status_date", "date"), ("holder_type", "string"),
    ("holder_name", "string"), ("location_country", "string"), ("location_admin1", "string"),
    ("admin1_area", "string"), ("latitude", "float"), ("longitude", "float"), ("jurisdiction", "string"))]


def weapon_rows(scope: Scope) -> Iterator[list]:
    weapons = scope.limit(Weapon.objects.filter(voided_at__isnull=True), "jurisdiction_id")
    for row in _keyset(weapons, "id", (
            "record_id", "source", "serial_number", "weapon_type_id", "manufacturer_text", "model", "calibre_text",
            "country_of_manufacture", "year_of_manufacture", "import_country", "import_year", "status",
            "status_date", "holder_type", "holder__name", "location_country", "location_admin1", "latitude",
            "longitude", "jurisdiction__code")):
        values = [str(row[0]), *row[1:17]]
        values[4] = values[4] or ""
        values[15] = values[15] or ""
        yield [*values, row[17], boundaries.admin1_code(row[16], row[17]), row[18], row[19], row[20]]


EVENT_COLUMNS = [Column(name, kind) for name, kind in (
    ("event", "int"), ("weapon_id", "string"), ("event_type", "string"), ("occurred_on", "date"),
    ("holder_type", "string"), ("holder_name", "string"), ("location_country", "string"),
    ("location_admin1", "string"), ("voided", "bool"))]


def event_rows(scope: Scope) -> Iterator[list]:
    voided = set(Event.objects.filter(voids__isnull=False).values_list("voids_id", flat=True))
    events = scope.limit(Event.objects.filter(weapon__isnull=False, weapon__voided_at__isnull=True),
                         "weapon__jurisdiction_id")
    for seq, weapon_id, event_type, occurred_on, holder_type, holder, country, admin1 in _keyset(events, "seq", (
            "weapon_id", "event_type", "occurred_on", "holder_type", "holder__name", "location_country",
            "location_admin1")):
        yield [seq, str(weapon_id), event_type, occurred_on, holder_type, holder or "", country, admin1,
               seq in voided]


SEIZURE_COLUMNS = [Column(name, kind) for name, kind in (
    ("item_id", "string"), ("seizure_id", "string"), ("case_reference", "string"), ("seizure_kind", "string"),
    ("seizure_date", "date"), ("country", "string"), ("admin1", "string"), ("admin1_area", "string"),
    ("place", "string"), ("latitude", "float"), ("longitude", "float"), ("serial_number", "string"),
    ("weapon_type", "string"), ("country_of_manufacture", "string"), ("jurisdiction", "string"))]


def seizure_rows(scope: Scope) -> Iterator[list]:
    for row in _keyset(seized_weapons(scope), "id", (
            "seizure_id", "seizure__case_reference", "seizure__kind", "seizure__occurred_on", "seizure__country",
            "seizure__admin1", "seizure__place", "seizure__latitude", "seizure__longitude", "serial_number",
            "weapon_type", "country_of_manufacture", "seizure__jurisdiction__code")):
        yield [str(row[0]), str(row[1]), *row[2:7], boundaries.admin1_code(row[5], row[6]), *row[7:]]


FLOW_COLUMNS = [Column(name, kind) for name, kind in (
    ("item_id", "string"), ("seizure_id", "string"), ("case_reference", "string"), ("jurisdiction", "string"),
    ("seizure_date", "date"), ("seizure_country", "string"), ("seizure_admin1", "string"),
    ("seizure_place", "string"), ("serial_number", "string"), ("weapon_type", "string"),
    ("country_of_manufacture", "string"), ("last_legal_holder_country", "string"),
    ("last_legal_holder_type", "string"), ("diversion_country", "string"), ("diversion_admin1", "string"),
    ("diversion_place", "string"), ("diversion_from", "date"), ("diversion_to", "date"),
    ("diversion_mechanism", "string"), ("outcome", "string"), ("days_to_seizure", "int"),
    ("registry_holder_types", "string"), ("armed_groups", "string"))]


def flow_rows(scope: Scope) -> Iterator[list]:
    records, _ = flow_records(scope, limit=10_000_000)
    for record in records:
        values = record.__dict__
        yield [*(values[column.name] for column in FLOW_COLUMNS[:-2]),
               "; ".join(record.registry_holder_types), "; ".join(record.armed_groups)]


GROUP_COLUMNS = [Column(name, kind) for name, kind in (
    ("group_id", "string"), ("name", "string"), ("country", "string"), ("source", "string"),
    ("confidence", "string"))]


def group_rows(scope: Scope) -> Iterator[list]:
    from salw.analytics.armed_groups import armed_groups

    for row in armed_groups(scope).rows:
        yield [row["group_id"], row["group"], row["country"], row["source"], row["confidence"]]


TABLES = {
    "weapons": (WEAPON_COLUMNS, weapon_rows),
    "events": (EVENT_COLUMNS, event_rows),
    "seized_weapons": (SEIZURE_COLUMNS, seizure_rows),
    "flows": (FLOW_COLUMNS, flow_rows),
    "armed_groups": (GROUP_COLUMNS, group_rows),
}


def _arrow_schema(columns: list[Column]):
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(),
             "bool": pa.bool_()}
    return pa.schema([(column.name, types[column.kind]) for column in columns])


def _write_parquet(path: Path, columns: list[Column], rows: Iterator[list]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(columns)
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[list] = []

        def flush():
            if batch:
                writer.write_table(pa.Table.from_arrays(
                    [pa.array([row[i] for row in batch], type=schema.field(i).type) for i in range(len(columns))],
                    schema=schema))
                batch.clear()

        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= CHUNK:
                flush()
        flush()
    return count


def _write_csv(path: Path, columns: list[Column], rows: Iterator[list]) -> int:
    from salw.interchange.export import neutralise

    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.name for column in columns])
        for row in rows:
            writer.writerow(["" if value is None else neutralise(value) if isinstance(value, str) else value
                             for value in row])
            count += 1
    return count


def dataset_export(scope: Scope, out_dir: Path, file_format: str = "parquet") -> dict[str, Any]:
    """Write every table to ``out_dir``; returns {table: {"file": name, "rows": n}}."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}; formats: {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    write = _write_parquet if file_format == "parquet" else _write_csv
    written = {}
    for name, (columns, rows) in TABLES.items():
        path = out_dir / f"{name}.{file_format}"
        written[name] = {"file": path.name, "rows": write(path, columns, rows(scope))}
    return written

