"""/tracing/identify: the marking search, one described weapon at a time."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from salw.accounts.domain import TRACING_READ
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import error_responses
from salw.core.translation import translated
from salw.tracing.domain import WeaponDescription
from salw.tracing.matching import OPERATING_THRESHOLD, identify

router = Router(tags=["tracing"])


class DescribedWeapon(Schema):
    """A weapon as observed (interchange.md §2 columns); "?" and "*" mark unreadable characters."""

    serial_number: str = Field("", max_length=300)
    manufacturer: str = Field("", max_length=300)
    model: str = Field("", max_length=200)
    calibre: str = Field("", max_length=200)
    weapon_type: str = Field("", max_length=100)
    country_of_manufacture: str = Field("", max_length=3)
    year_of_manufacture: str = Field("", max_length=10, description="as read; not validated")
    top: int = Field(10, ge=1, le=100)


class CandidateOut(Schema):
    weapon_id: UUID
    source: str
    record_id: str
    status: str
    score: float = Field(description="probability (0..1) that this record is the weapon")
    probable: bool = Field(description="score at or above the operating threshold")
    explanation: list[str]


class IdentifyOut(Schema):
    operating_threshold: float
    candidates: list[CandidateOut]


@router.post("/tracing/identify", **requires_scope(TRACING_READ),
             response={200: IdentifyOut, **error_responses()},
             summary="Registry records most likely to be a described weapon, best first")
def tracing_identify(request: HttpRequest, weapon: DescribedWeapon):
    description = WeaponDescription(**weapon.dict(exclude={"top", "year_of_manufacture"}),
                                    year_of_manufacture=weapon.year_of_manufacture or None)
    matches = identify(description, top=weapon.top, actor=acting_user(request))
    return {
        "operating_threshold": OPERATING_THRESHOLD,
        "candidates": [{"weapon_id": match.weapon_id, "source": match.source, "record_id": match.record_id,
                        "status": match.status, "score": match.score,
                        "probable": match.score >= OPERATING_THRESHOLD,
                        # In the caller's language, line by line (the engine's lines are Messages).
                        "explanation": [translated(line) for line in match.explanation]}
                       for match in matches],
    }
