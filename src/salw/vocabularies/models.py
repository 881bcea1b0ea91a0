"""Vocabulary tables. Entries are retired, never deleted: old records keep resolving."""

from __future__ import annotations

from django.db import models


class RetirableModel(models.Model):
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Country(RetirableModel):
    iso3 = models.CharField(max_length=3, primary_key=True)
    iso2 = models.CharField(max_length=2, blank=True)
    numeric = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)
    region = models.CharField(max_length=100, blank=True)
    subregion = models.CharField(max_length=100, blank=True)
    intermediate_region = models.CharField(max_length=100, blank=True)
    m49_region_code = models.CharField(max_length=3, blank=True)
    m49_subregion_code = models.CharField(max_length=3, blank=True)
    is_independent = models.BooleanField(default=True)
    landlocked = models.BooleanField(default=False)
    ldc = models.BooleanField(default=False)
    lldc = models.BooleanField(default=False)
    sids = models.BooleanField(default=False)
    # Bounding box from Natural Earth, used to catch swapped or mistyped coordinates.
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class LandBorder(models.Model):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="borders")
    neighbour = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    shared_border_km = models.FloatField(null=True, blank=True)
    point_contact_only = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["country", "neighbour"], name="one_border_per_pair")]


class WeaponType(RetirableModel):
    code = models.CharField(max_length=64, primary_key=True)
    unroca = models.CharField(max_length=8, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="refinements")
    category = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Calibre(RetirableModel):
    code = models.CharField(max_length=100, primary_key=True)
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, blank=True)
    standard = models.CharField(max_length=20, blank=True)
    bullet_mm = models.FloatField(null=True, blank=True)
    case_mm = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CalibreAlias(models.Model):
    key = models.CharField(max_length=200, primary_key=True)
    calibre = models.ForeignKey(Calibre, on_delete=models.PROTECT, related_name="aliases")
    text = models.CharField(max_length=200)


class Manufacturer(RetirableModel):
    code = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=3, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ManufacturerAlias(models.Model):
    """A name, variant, transliteration or factory code under which a manufacturer is known."""

    class Kind(models.TextChoices):
        NAME = "name"
        VARIANT = "variant"
        FACTORY_CODE = "factory_code"

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.PROTECT, related_name="aliases")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["manufacturer", "kind", "key"],
                                               name="one_alias_per_key")]


class TranslatedName(models.Model):
    """The name of a vocabulary entry in one language (vocabulary = 'country', 'weapon_type', ...)."""

    vocabulary = models.CharField(max_length=32)
    code = models.CharField(max_length=100)
    language = models.CharField(max_length=10)
    name = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vocabulary", "code", "language"],
                                               name="one_name_per_language")]
