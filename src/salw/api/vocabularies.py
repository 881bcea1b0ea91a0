"""/vocabularies: the reference lists codes in other requests come from. Retired entries are left out."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from salw.api.errors import error_responses
from salw.api.pagination import PageQuery, keyset_page
from salw.vocabularies.models import Calibre, Country, Manufacturer, WeaponType

router = Router(tags=["vocabularies"])


class CountryOut(Schema):
    iso3: str
    iso2: str
    name: str
    region: str
    subregion: str


class WeaponTypeOut(Schema):
    code: str
    name: str
    category: str
    unroca: str
    parent: str | None


class CalibreOut(Schema):
    code: str
    name: str
    category: str


class ManufacturerOut(Schema):
    code: str
    name: str
    country: str


class CountryPage(Schema):
    items: list[CountryOut]
    next_cursor: str | None


class WeaponTypePage(Schema):
    items: list[WeaponTypeOut]
    next_cursor: str | None


class CalibrePage(Schema):
    items: list[CalibreOut]
    next_cursor: str | None


class ManufacturerPage(Schema):
    items: list[ManufacturerOut]
    next_cursor: str | None


def _page(model, page: PageQuery, key: str) -> dict:
    rows, next_cursor = keyset_page(model.objects.filter(retired_at__isnull=True), page, key=key)
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/vocabularies/countries", response={200: CountryPage, **error_responses(400)})
def countries(request: HttpRequest, page: Query[PageQuery]):
    return _page(Country, page, "iso3")


@router.get("/vocabularies/weapon-types", response={200: WeaponTypePage, **error_responses(400)})
def weapon_types(request: HttpRequest, page: Query[PageQuery]):
    rows, next_cursor = keyset_page(WeaponType.objects.filter(retired_at__isnull=True), page, key="code")
    items = [{"code": row.code, "name": row.name, "category": row.category, "unroca": row.unroca,
              "parent": row.parent_id} for row in rows]
    return {"items": items, "next_cursor": next_cursor}


@router.get("/vocabularies/calibres", response={200: CalibrePage, **error_responses(400)})
def calibres(request: HttpRequest, page: Query[PageQuery]):
    return _page(Calibre, page, "code")


@router.get("/vocabularies/manufacturers", response={200: ManufacturerPage, **error_responses(400)})
def manufacturers(request: HttpRequest, page: Query[PageQuery]):
    return _page(Manufacturer, page, "code")
