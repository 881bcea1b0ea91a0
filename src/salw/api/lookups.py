"""Turning codes sent by a caller into objects, refusing unknown ones by name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from salw.api.errors import ApiError
from salw.core.models import Jurisdiction
from salw.vocabularies.selectors import vocabulary_resolver


def jurisdiction_by_code(code: str, *, field: str = "jurisdiction") -> Jurisdiction:
    jurisdiction = Jurisdiction.objects.filter(code=code.strip()).first()
    if jurisdiction is None:
        raise ApiError(422, _("no jurisdiction with code %(code)r") % {"code": code},
                       details=[{"location": field, "message": _("unknown jurisdiction code"), "value": code}])
    return jurisdiction


def require_weapon_type(code: str | None, *, field: str = "weapon_type") -> None:
    if code and code not in vocabulary_resolver().weapon_types:
        raise ApiError(422, _("unknown weapon type %(code)r; see /api/v1/vocabularies/weapon-types") % {"code": code},
                       details=[{"location": field, "message": _("unknown weapon type code"), "value": code}])
