"""Reporting tables: saved report versions, narrative parts, and notes or withholding per row."""

from __future__ import annotations

from django.db import models

from salw.core.models import BaseModel, Jurisdiction
from salw.reporting import domain

INSTRUMENT_CHOICES = [(code, code.upper()) for code in domain.INSTRUMENTS]
WITHHOLDING_CHOICES = [(code, code.replace("_", " ")) for code in domain.WITHHOLDING_REASONS]


class ReportSnapshot(BaseModel):
    """A report as generated at one moment: submitted versions are reproduced from this, not the records."""

    instrument = models.CharField(max_length=16, choices=INSTRUMENT_CHOICES)
    year = models.IntegerField()
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    generated_by_id = models.CharField(max_length=64, blank=True)
    generated_by_name = models.CharField(max_length=200)
    generated_at = models.DateTimeField()
    language = models.CharField(max_length=10, default="en")
    data_hash = models.CharField(max_length=64)
    # The rendered report model (domain.Report.as_dict) as canonical JSON text.
    report_json = models.TextField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["instrument", "-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["instrument", "year", "jurisdiction", "version"],
                                               name="one_report_snapshot_per_version")]

    def __str__(self) -> str:
        return f"{self.instrument} {self.year} {self.jurisdiction.code} v{self.version}"


class NarrativeSection(BaseModel):
    """The text of one narrative part of a report (PoA/ITI: point of contact, laws, stockpiles...)."""

    instrument = models.CharField(max_length=16, choices=INSTRUMENT_CHOICES)
    year = models.IntegerField()
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    updated_by_name = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["instrument", "year", "key"]
        constraints = [models.UniqueConstraint(fields=["instrument", "year", "jurisdiction", "key"],
                                               name="one_narrative_section_per_report")]


class RowAnnotation(BaseModel):
    """A reporting officer's note on one row of a report, and whether the row is withheld."""

    instrument = models.CharField(max_length=16, choices=INSTRUMENT_CHOICES)
    year = models.IntegerField()
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=64)
    row_key = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    withheld = models.CharField(max_length=32, blank=True, choices=WITHHOLDING_CHOICES)
    updated_by_name = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["instrument", "year", "jurisdiction", "section", "row_key"],
            name="one_annotation_per_report_row")]
