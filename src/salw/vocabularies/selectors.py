"""Reads of the vocabularies, and the resolver that maps written names to entries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from salw.vocabularies.domain import calibre_key, name_key
from salw.vocabularies.models import (
    CalibreAlias,
    Country,
    ManufacturerAlias,
    TranslatedName,
    WeaponType,
)


@dataclass(frozen=True)
class CountryFacts:
    iso3: str
    iso2: str
    name: str
    bounds: tuple[float, float, float, float] | None


class VocabularyResolver:
    """In-memory lookups for the importer's hot loop; build once per import."""

    def __init__(self):
        self.countries: dict[str, CountryFacts] = {}
        self.iso2_to_iso3: dict[str, str] = {}
        for row in Country.objects.values("iso3", "iso2", "name", "min_lon", "min_lat", "max_lon", "max_lat"):
            bounds = None
            if row["min_lon"] is not None:
                bounds = (row["min_lon"], row["min_lat"], row["max_lon"], row["max_lat"])
            self.countries[row["iso3"]] = CountryFacts(row["iso3"], row["iso2"], row["name"], bounds)
            if row["iso2"]:
                self.iso2_to_iso3[row["iso2"]] = row["iso3"]
        self.weapon_types = set(WeaponType.objects.values_list("code", flat=True))
        self.calibre_by_key = dict(CalibreAlias.objects.values_list("key", "calibre_id"))
        # A factory code can belong to several makers; names and variants win over codes.
        self.manufacturer_by_key: dict[str, str] = {}
        rank = {ManufacturerAlias.Kind.NAME: 0, ManufacturerAlias.Kind.VARIANT: 1,
                ManufacturerAlias.Kind.FACTORY_CODE: 2}
        best: dict[str, int] = {}
        for key, kind, code in ManufacturerAlias.objects.values_list("key", "kind", "manufacturer_id"):
            if key not in best or rank[kind] < best[key]:
                best[key] = rank[kind]
                self.manufacturer_by_key[key] = code

    def manufacturer(self, text: str) -> str | None:
        return self.manufacturer_by_key.get(name_key(text)) if text else None

    def calibre(self, text: str) -> str | None:
        return self.calibre_by_key.get(calibre_key(text)) if text else None


@lru_cache(maxsize=1)
def vocabulary_resolver() -> VocabularyResolver:
    return VocabularyResolver()


def clear_resolver_cache() -> None:
    vocabulary_resolver.cache_clear()


def display_name(vocabulary: str, code: str, default: str, language: str) -> str:
    """The entry's name in ``language`` where a translation exists, else ``default``."""
    translated = (TranslatedName.objects.filter(vocabulary=vocabulary, code=code, language=language)
                  .values_list("name", flat=True).first())
    return translated or default


def active_weapon_types():
    return WeaponType.objects.filter(retired_at__isnull=True)
