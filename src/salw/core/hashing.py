"""Canonical serialisation and SHA-256 chaining shared by the audit log and lifecycle events."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any
from uuid import UUID

GENESIS_HASH = "0" * 64


def canonical_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):
        return repr(float(value))
    return str(value)


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


_NONE = "\x00"


@lru_cache(maxsize=64)
def _datetime_text(value: datetime) -> str:
    # Every event of one import carries the same recording time.
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def hashed_text(value: Any) -> str:
    """Unambiguous text of one hashed value (None differs from the empty string)."""
    kind = type(value)
    if kind is str:
        return value
    if value is None:
        return _NONE
    if kind is int or kind is bool:
        return str(int(value))
    if kind is UUID:
        return value.hex
    if kind is datetime:
        return _datetime_text(value)
    if kind is date:
        return value.isoformat()
    if kind is float:
        return repr(value)
    return str(canonical_value(value))


def chain_hash(previous_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the fields in name order, separated unambiguously."""
    names = sorted(fields)
    return chain_hash_texts(previous_hash, "\x1f".join(names), [hashed_text(fields[name]) for name in names])


def chain_hash_texts(previous_hash: str, names_text: str, texts: list[str]) -> str:
    """``chain_hash`` for callers that already hold each value's ``hashed_text`` in sorted-name order."""
    body = names_text + "\x1e" + "\x1f".join(texts)
    return hashlib.sha256((previous_hash + "\x1d" + body).encode("utf-8")).hexdigest()
