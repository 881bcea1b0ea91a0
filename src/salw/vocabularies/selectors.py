"""Reads of the vocabularies, and the resolver that maps written names to entries."""

from __future__ import annotations

from functools import lru_cache

from salw.vocabularies.domain import CountryFacts, VocabularyResolver
from salw.vocabularies.models import (
    CalibreAlias,
    Country,
    ManufacturerAlias,
    TranslatedName,
    WeaponType,
)


def build_resolver() -> VocabularyResolver:
    countries: dict[str, CountryFacts] = {}
    iso2_to_iso3: dict[str, str] = {}
    for row in Country.objects.values("iso3", "iso2", "name", "min_lon", "min_lat", "max_lon", "max_lat"):
        bounds = None
        if row["min_lon"] is not None:
            bounds = (row["min_lon"], row["min_lat"], row["max_lon"], row["max_lat"])
        countries[row["iso3"]] = CountryFacts(row["iso3"], row["iso2"], row["name"], bounds)
        if row["iso2"]:
            iso2_to_iso3[row["iso2"]] = row["iso3"]
    # A factory code or abbreviation can belong to several makers: names and variants win over
    # codes, and a key shared by two makers at the same rank resolves to none rather than a guess.
    rank = {ManufacturerAlias.Kind.NAME: 0, ManufacturerAlias.Kind.VARIANT: 1,
            ManufacturerAlias.Kind.FACTORY_CODE: 2}
    candidates: dict[str, tuple[int, set[str]]] = {}
    for key, kind, code in ManufacturerAlias.objects.values_list("key", "kind", "manufacturer_id"):
        best_rank, codes = candidates.get(key, (99, set()))
        if rank[kind] < best_rank:
            candidates[key] = (rank[kind], {code})
        elif rank[kind] == best_rank:
            codes.add(code)
    manufacturer_by_key = {key: next(iter(codes)) for key, (_, codes) in candidates.items() if len(codes) == 1}
    factory_codes: dict[str, list[str]] = {}
    by_country: dict[str, list[str]] = {}
    for code, country, text in ManufacturerAlias.objects.filter(kind=ManufacturerAlias.Kind.FACTORY_CODE) \
            .values_list("manufacturer_id", "manufacturer__country", "text"):
        # "66" or "BNZ" are stamped as characters; "arrow-in-triangle" or "star" are symbols.
        if text.isalnum() and (len(text) <= 3 or any(char.isdigit() for char in text)):
            factory_codes.setdefault(code, []).append(text.upper())
            if country:
                by_country.setdefault(country, []).append(text.upper())
    return VocabularyResolver(
        countries=countries, iso2_to_iso3=iso2_to_iso3,
        weapon_types=set(WeaponType.objects.values_list("code", flat=True)),
        calibre_by_key=dict(CalibreAlias.objects.values_list("key", "calibre_id")),
        manufacturer_by_key=manufacturer_by_key,
        factory_codes={code: tuple(sorted(texts)) for code, texts in factory_codes.items()},
        factory_codes_by_country={country: tuple(sorted(set(texts))) for country, texts in by_country.items()},
    )


@lru_cache(maxsize=1)
def vocabulary_resolver() -> VocabularyResolver:
    return build_resolver()


def clear_resolver_cache() -> None:
    vocabulary_resolver.cache_clear()


def translated_names(vocabulary: str, language: str) -> dict[str, str]:
    """Code -> name in ``language`` for every entry of ``vocabulary`` that has one."""
    return dict(TranslatedName.objects.filter(vocabulary=vocabulary, language=language)
                .values_list("code", "name"))


def names_in_language(vocabulary: str, language: str) -> dict[str, str]:
    """Code -> name of every entry of ``vocabulary`` ("country" or "weapon_type"), in ``language``
    where a translation exists and in English otherwise."""
    model = {"country": Country, "weapon_type": WeaponType}[vocabulary]
    names = dict(model.objects.values_list("pk", "name"))
    names.update(translated_names(vocabulary, language))
    return names


def display_name(vocabulary: str, code: str, default: str, language: str) -> str:
    """The entry's name in ``language`` where a translation exists, else ``default``."""
    translated = (TranslatedName.objects.filter(vocabulary=vocabulary, code=code, language=language)
                  .values_list("name", flat=True).first())
    return translated or default

