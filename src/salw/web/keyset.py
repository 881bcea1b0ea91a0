"""Keyset pagination: "the next 25 after this key", which stays fast on millions of rows
and does not skip or repeat rows when records are added between two clicks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

PAGE_SIZE = 25


@dataclass
class KeysetPage:
    items: list
    next_key: Any = None
    previous_key: Any = None


def parse_key(text: str | None, convert: Callable[[str], Any]) -> Any:
    """The cursor from the query string, or None when absent or malformed (first page)."""
    if not text:
        return None
    try:
        return convert(text)
    except (TypeError, ValueError):
        return None


def keyset_page(queryset: QuerySet, *, key: str, after: Any = None, before: Any = None,
                size: int = PAGE_SIZE) -> KeysetPage:
    """Rows in descending ``key`` order (newest first): the page after ``after`` or before ``before``."""
    if before is not None:
        rows = list(queryset.filter(**{f"{key}__gt": before}).order_by(key)[:size + 1])
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(rows, next_key=getattr(rows[-1], key) if rows else None,
                          previous_key=getattr(rows[0], key) if rows and more_before else None)
    if after is not None:
        queryset = queryset.filter(**{f"{key}__lt": after})
    rows = list(queryset.order_by(f"-{key}")[:size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows, next_key=getattr(rows[-1], key) if rows and more_after else None,
                      previous_key=getattr(rows[0], key) if rows and after is not None else None)
