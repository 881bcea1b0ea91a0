"""Country-year indicators with the release each value came from, conflicts, and fitted risk models.

A missing value has no row: nothing is ever stored in place of what a source does not give.
"""

from __future__ import annotations

from django.db import models


class DataRelease(models.Model):
    """One imported file of one source (a WGI update, a UCDP/PRIO version, a Gapminder extract)."""

    source = models.CharField(max_length=16)
    version = models.CharField(max_length=100)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    first_year = models.SmallIntegerField()
    last_year = models.SmallIntegerField()
    value_count = models.IntegerField(default=0)
    licence = models.CharField(max_length=100, blank=True)
    citation = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["source", "-imported_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.version}"


class Indicator(models.Model):
    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=200)
    source = models.CharField(max_length=16)
    source_name = models.CharField(max_length=200)
    version = models.CharField(max_length=100, blank=True, help_text="the latest release imported")
    licence = models.CharField(max_length=100)
    citation = models.TextField(blank=True)
    higher_is_worse = models.BooleanField()

    class Meta:
        ordering = ["source", "code"]

    def __str__(self) -> str:
        return self.name


class CountryYearValue(models.Model):
    # An ISO alpha-3 code, or one of the few codes the sources use outside ISO (see domain.py).
    country = models.CharField(max_length=3)
    year = models.SmallIntegerField()
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.FloatField()
    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="values")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "country", "year"],
                                               name="one_value_per_indicator_country_year")]
        indexes = [models.Index(fields=["country", "indicator", "year"]),
                   models.Index(fields=["year", "indicator"])]


class ConflictYear(models.Model):
    """One UCDP/PRIO conflict active in one country in one year (a conflict may span several)."""

    country = models.CharField(max_length=3)
    year = models.SmallIntegerField()
    conflict_id = models.IntegerField()
    location = models.CharField(max_length=300)
    side_a = models.TextField()
    side_b = models.TextField()
    non_state_sides = models.TextField(blank=True, help_text="armed groups, separated by '; '")
    intensity = models.SmallIntegerField()
    type_of_conflict = models.SmallIntegerField()
    internationalised = models.BooleanField(default=False)
    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="conflicts")

    class Meta:
        ordering = ["country", "year", "conflict_id"]
        constraints = [models.UniqueConstraint(fields=["country", "year", "conflict_id"],
                                               name="one_conflict_per_country_year")]


class RiskModelFit(models.Model):
    """A risk model fitted in this installation; the shipped ones live as files in the package."""

    version = models.CharField(max_length=100, unique=True)
    target = models.CharField(max_length=40)
    spec = models.TextField(help_text="the model as JSON, exactly as written to its file")
    fitted_at = models.DateTimeField(auto_now_add=True)
    fitted_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-fitted_at"]
