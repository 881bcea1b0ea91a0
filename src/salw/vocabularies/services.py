"""Writes to the vocabularies: loading the shipped reference data, retiring entries."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from salw.core.audit import audit_record
from salw.vocabularies import policies
from salw.vocabularies.domain import calibre_key, name_key, parenthetical_variants
from salw.vocabularies.loader import country_bounds, manufacturer_files, read_rows, split_list
from salw.vocabularies.models import (
    Calibre,
    CalibreAlias,
    Country,
    LandBorder,
    Manufacturer,
    ManufacturerAlias,
    TranslatedName,
    WeaponType,
)

_TRUE = {"1", "true", "yes", "True"}


def vocabularies_load(*, actor) -> dict[str, int]:
    """Create or refresh every shipped vocabulary. Safe to run again: entries are updated in place."""
    policies.vocabularies_load(actor)
    with transaction.atomic():
        counts = {
            "countries": _load_countries(),
            "land_borders": _load_borders(),
            "weapon_types": _load_weapon_types(),
            "calibres": _load_calibres(),
            "manufacturers": _load_manufacturers(),
            "translated_names": _load_translated_names(),
        }
        audit_record(actor=actor, action="vocabularies_load", object_type="vocabulary", changes=counts)
    from salw.vocabularies.selectors import clear_resolver_cache

    clear_resolver_cache()
    return counts


def vocabulary_entry_retire(*, actor, model, code: str) -> None:
    """Stop offering an entry for new records; existing records keep it."""
    policies.vocabulary_entry_retire(actor)
    with transaction.atomic():
        updated = model.objects.filter(pk=code, retired_at__isnull=True).update(retired_at=timezone.now())
        if updated:
            audit_record(actor=actor, action="vocabulary_entry_retire",
                         object_type=model._meta.model_name, object_id=code)


def _load_countries() -> int:
    landlocked = {row["cca3"]: row["landlocked"] == "True" for row in read_rows("countries_mledoze.csv")}
    bounds = country_bounds()
    count = 0
    for row in read_rows("country_codes_m49.csv"):
        iso3 = row["iso_a3"].strip()
        if not iso3:
            continue
        box = bounds.get(iso3, (None, None, None, None))
        Country.objects.update_or_create(iso3=iso3, defaults={
            "iso2": row["iso_a2"], "numeric": row["iso_n3"].zfill(3) if row["iso_n3"] else "",
            "name": row["name_short"] or row["name_official"],
            "official_name": row["name_official"],
            "region": row["region_name"], "subregion": row["subregion_name"],
            "intermediate_region": row["intermediate_region_name"],
            "m49_region_code": row["region_code"], "m49_subregion_code": row["subregion_code"],
            "is_independent": row["is_independent"].startswith("Yes"),
            "landlocked": landlocked.get(iso3, False),
            "ldc": row["ldc"] in _TRUE, "lldc": row["lldc"] in _TRUE, "sids": row["sids"] in _TRUE,
            "min_lon": box[0], "min_lat": box[1], "max_lon": box[2], "max_lat": box[3],
        })
        count += 1
    return count


def _load_borders() -> int:
    known = set(Country.objects.values_list("iso3", flat=True))
    count = 0
    for row in read_rows("land_borders_ne50m.csv"):
        a, b = row["iso_a3_a"], row["iso_a3_b"]
        if a not in known or b not in known or a == b:
            continue
        LandBorder.objects.update_or_create(country_id=a, neighbour_id=b, defaults={
            "shared_border_km": float(row["shared_border_km"]) if row["shared_border_km"] else None,
            "point_contact_only": row["point_contact_only"] == "1",
        })
        count += 1
    return count


def _load_weapon_types() -> int:
    rows = list(read_rows("weapon_types.csv"))
    # Parents first, so refinements can point at them.
    rows.sort(key=lambda row: bool(row["parent"]))
    for row in rows:
        WeaponType.objects.update_or_create(code=row["code"], defaults={
            "unroca": row["unroca"], "parent_id": row["parent"] or None,
            "category": row["category"], "name": row["name_en"], "description": row["description"],
        })
    return len(rows)


def _load_calibres() -> int:
    aliases: dict[str, tuple[str, str]] = {}
    count = 0
    for row in read_rows("cartridges_ammolytics.csv"):
        code = calibre_key(row["name"])
        Calibre.objects.update_or_create(code=code, defaults={
            "name": row["name"], "category": row["category"], "standard": row["standard"]})
        aliases.setdefault(code, (code, row["name"]))
        count += 1
    for row in read_rows("calibres_military.csv"):
        code = row["code"]
        Calibre.objects.update_or_create(code=code, defaults={
            "name": row["name"], "category": row["category"], "standard": "military",
            "bullet_mm": float(row["bullet_mm"]) if row["bullet_mm"] else None,
            "case_mm": float(row["case_mm"]) if row["case_mm"] else None,
        })
        # A military designation overrides a civilian cartridge with the same key.
        for text in [row["name"], code.replace("_", "x", 1), *split_list(row["aliases"])]:
            aliases[calibre_key(text)] = (code, text)
        count += 1
    known = set(Calibre.objects.values_list("code", flat=True))
    by_name = {calibre_key(name): code for code, name in Calibre.objects.values_list("code", "name")}
    for row in read_rows("calibre_aliases.csv"):
        target = row["calibre"] if row["calibre"] in known else by_name.get(calibre_key(row["calibre"]))
        if target:
            aliases.setdefault(calibre_key(row["alias"]), (target, row["alias"]))
    CalibreAlias.objects.all().delete()
    CalibreAlias.objects.bulk_create(
        CalibreAlias(key=key, calibre_id=code, text=text[:200])
        for key, (code, text) in aliases.items() if key
    )
    return count


def _load_manufacturers() -> int:
    count = 0
    alias_rows = []
    for row in (row for name in manufacturer_files() for row in read_rows(name)):
        manufacturer, _ = Manufacturer.objects.update_or_create(code=row["code"], defaults={
            "name": row["name"], "country": row["country"], "notes": row["notes"]})
        names = [(ManufacturerAlias.Kind.NAME, row["name"])]
        names += [(ManufacturerAlias.Kind.VARIANT, text) for text in parenthetical_variants(row["name"])]
        names += [(ManufacturerAlias.Kind.VARIANT, text) for text in split_list(row["variants"])]
        names += [(ManufacturerAlias.Kind.FACTORY_CODE, text) for text in split_list(row["factory_codes"])]
        seen = set()
        for kind, text in names:
            key = name_key(text)
            if key and (kind, key) not in seen:
                seen.add((kind, key))
                alias_rows.append(ManufacturerAlias(manufacturer=manufacturer, kind=kind,
                                                    text=text[:200], key=key))
        count += 1
    ManufacturerAlias.objects.all().delete()
    ManufacturerAlias.objects.bulk_create(alias_rows)
    return count


# (vocabulary, file, column holding the entry's code): names of entries in the other languages.
TRANSLATED_NAME_FILES = (
    ("country", "country_names_cldr.csv", "iso3"),
    ("weapon_type", "weapon_type_names.csv", "code"),
)


def _load_translated_names() -> int:
    """Replace the shipped translations; names for other codes or languages are left alone."""
    count = 0
    for vocabulary, file_name, code_column in TRANSLATED_NAME_FILES:
        rows = [TranslatedName(vocabulary=vocabulary, code=row[code_column], language=row["language"],
                               name=row["name"]) for row in read_rows(file_name)]
        TranslatedName.objects.filter(vocabulary=vocabulary, code__in={row.code for row in rows},
                                      language__in={row.language for row in rows}).delete()
        TranslatedName.objects.bulk_create(rows)
        count += len(rows)
    return count
