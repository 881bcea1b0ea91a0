"""Date arithmetic done by the database: the year of a date, the days between two dates.

SQLite has no year function of its own: Django's runs in Python for every row, which at a hundred
thousand seizures doubles the query. A date is stored there as ISO text, so its first four
characters are the year, and ``julianday`` counts days.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Func, IntegerField, QuerySet
from django.db.models.functions import ExtractYear


class CalendarYear(ExtractYear):
    """The year of a date (not a date-time: SQLite's text would be read in UTC)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


def counts_per_year(queryset: QuerySet, date_field: str, *keys: str) -> Counter:
    """(year, *key values) -> rows of ``queryset``; rows without a date are left out."""
    grouped = (queryset.annotate(calendar_year=CalendarYear(date_field)).values_list("calendar_year", *keys)
               .annotate(n=Count("pk")).order_by())
    return Counter({(year, *values): count for year, *values, count in grouped if year is not None})


class DaysBetween(Func):
    """Whole days from the first date to the second (negative when the second is earlier)."""

    output_field = IntegerField()
    arity = 2

    def _compiled(self, compiler) -> tuple[str, str, list]:
        (start, start_params), (end, end_params) = (compiler.compile(expression)
                                                    for expression in self.source_expressions)
        return start, end, [*end_params, *start_params]

    def as_sql(self, compiler, connection, **extra_context):
        start, end, params = self._compiled(compiler)
        return f"({end} - {start})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        start, end, params = self._compiled(compiler)
        return f"CAST(julianday({end}) - julianday({start}) AS integer)", params
