"""Keyset pagination: pages follow the key (uuid7 ids are time-ordered), never an offset.

An offset re-counts every skipped row and shifts when rows are added; a key does neither,
so paging through a million weapons costs the same on the last page as on the first, and
nothing is repeated or skipped while others write.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema

from salw.api.errors import ApiError

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class PageQuery(Schema):
    cursor: str | None = Field(None, description="next_cursor of the previous page; omit for the first page")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"items per page, at most {MAX_LIMIT}")


def encode_cursor(value: Any) -> str:
    raw = json.dumps({"after": str(value)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, parse: Callable[[str], Any]) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return parse(json.loads(base64.urlsafe_b64decode(padded.encode()))["after"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise ApiError(400, _("the cursor is not one this API handed out; start again without it"),
                       code="invalid_cursor") from None


def keyset_page(queryset: QuerySet, page: PageQuery, *, key: str = "id",
                parse: Callable[[str], Any] = str) -> tuple[list, str | None]:
    """(rows of this page, cursor of the next page or None)."""
    rows = queryset.order_by(key)
    if page.cursor:
        rows = rows.filter(**{f"{key}__gt": decode_cursor(page.cursor, parse)})
    found = list(rows[:page.limit + 1])
    if len(found) <= page.limit:
        return found, None
    found = found[:page.limit]
    return found, encode_cursor(getattr(found[-1], key))
