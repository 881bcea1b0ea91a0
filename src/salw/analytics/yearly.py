"""Counts per calendar year of a date, counted in the database.

SQLite has no year function of its own: Django's runs in Python for every row, which at a hundred
thousand seizures doubles the query. A date is stored there as ISO text, so its first four
characters are the year.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, QuerySet
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
