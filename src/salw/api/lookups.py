"""Turning codes sent by a caller into objects, refusing unknown ones by name."""

from __future__ import annotations

from salw.api.errors import ApiError
from salw.core.models import Jurisdiction
from salw.vocabularies.selectors import vocabulary_resolver


def jurisdiction_by_code(code: str, *, field: str = "jurisdiction") -> Jurisdiction:
    jurisdiction = Jurisdiction.objects.filter(code=code.strip()).first()
    if jurisdiction is None:
        raise ApiError(422, f"no jurisdiction with code {code!r}",
                       details=[{"location": field, "message": "unknown jurisdiction code", "value": code}])
    return jurisdiction


def require_weapon_type(code: str | None, *, field: str = "weapon_type") -> None:
    if code and code not in vocabulary_resolver().weapon_types:
        raise ApiError(422, f"unknown weapon type {code!r}; see /api/v1/vocabularies/weapon-types",
                       details=[{"location": field, "message": "unknown weapon type code", "value": code}])
