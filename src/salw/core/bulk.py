"""Fast multi-row INSERT/UPDATE for imports, on SQLite and PostgreSQL.

The ORM's ``bulk_create`` builds one model instance per row; at a million rows that
alone costs more than the whole import budget. These writers take plain tuples in
a fixed column order and convert only the columns whose type needs it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection, models


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """A per-value conversion to what the database driver expects, or None if none is needed."""
    target = field.target_field if field.is_relation else field
    vendor = connection.vendor
    if isinstance(target, models.UUIDField):
        if vendor == "sqlite":
            return _RememberingConverter(lambda value: value.hex if isinstance(value, uuid.UUID) else value)
        return None
    if isinstance(target, models.DateTimeField):
        return _RememberingConverter(
            lambda value: connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value
        )
    if isinstance(target, models.DateField):
        if vendor == "sqlite":
            return lambda value: value.isoformat() if isinstance(value, date) else value
        return None
    return None


class _RememberingConverter:
    """Converts values, remembering the last one: an import stamps thousands of rows with the
    same timestamp, batch and jurisdiction, so most calls are answered without converting."""

    def __init__(self, convert: Callable[[Any], Any]):
        self.convert = convert
        self.last = self.last_converted = None

    def __call__(self, value):
        if value is self.last:
            return self.last_converted
        converted = self.convert(value)
        self.last, self.last_converted = value, converted
        return converted


class BulkWriter:
    """Collects rows for one table and writes them with ``executemany`` in chunks."""

    def __init__(self, model: type[models.Model], field_names: Sequence[str], chunk_size: int | None = 2000):
        """``chunk_size=None``: write only on ``flush()``, so the caller controls the order of tables."""
        meta = model._meta
        self.fields = [meta.get_field(name) for name in field_names]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        placeholders = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"
        self.copy_sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        self.converters = [(index, conv) for index, field in enumerate(self.fields)
                           if (conv := _converter(field)) is not None]
        self.chunk_size = chunk_size
        self.rows: list[tuple] = []
        self.written = 0

    def converted(self, row: Sequence[Any]) -> list[Any]:
        """The row as the driver takes it; for callers that fill rows from a converted template."""
        row = list(row)
        for index, convert in self.converters:
            row[index] = convert(row[index])
        return row

    def converter_at(self, index: int) -> Callable[[Any], Any] | None:
        """The conversion of column ``index``, or None if its values go to the driver as they are."""
        return dict(self.converters).get(index)

    def add_converted(self, row: tuple) -> None:
        self.rows.append(row)
        if self.chunk_size is not None and len(self.rows) >= self.chunk_size:
            self.flush()

    def add(self, row: Sequence[Any]) -> None:
        self.add_converted(tuple(self.converted(row)) if self.converters else tuple(row))

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql" and self.copy_sql:
            # COPY is several times faster than a multi-row INSERT on PostgreSQL.
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql) as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
        self.written += len(self.rows)
        self.rows = []


class BulkUpdater(BulkWriter):
    """``UPDATE table SET a=%s, b=%s WHERE pk=%s`` for many rows; the pk is the last value."""

    def __init__(self, model: type[models.Model], field_names: Sequence[str], chunk_size: int | None = 2000):
        super().__init__(model, [*field_names, model._meta.pk.name], chunk_size)
        meta = model._meta
        assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in self.fields[:-1])
        self.sql = (f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {assignments} "
                    f"WHERE {connection.ops.quote_name(meta.pk.column)} = %s")
        self.copy_sql = ""


def refresh_planner_statistics(*models_written: type[models.Model]) -> None:
    """After a large write, tell the query planner how big the tables and how selective their
    indexes now are.

    PostgreSQL's autovacuum catches up minutes later; until then the first pages after a
    million-row import are planned as if the tables were still small (seconds instead of
    milliseconds). SQLite keeps no statistics unless asked: without them it drives a count of
    twenty thousand losses from a million weapons instead of from the losses. SQLite's analysis
    reads the indexes only (about half a second at a million weapons); a sampled one
    (``analysis_limit``) was tried and its estimates misled the planner worse than none. With no
    model given, every table is analysed.
    """
    with connection.cursor() as cursor:
        if not models_written:
            cursor.execute("ANALYZE")
        for model in models_written:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
