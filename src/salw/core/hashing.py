"""Canonical serialisation and SHA-256 chaining shared by the audit log and lifecycle events."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from decimal import Decimal
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


def chain_hash(previous_hash: str, fields: dict[str, Any]) -> str:
    body = canonical_json({key: canonical_value(value) for key, value in fields.items()})
    return hashlib.sha256((previous_hash + body).encode("utf-8")).hexdigest()
