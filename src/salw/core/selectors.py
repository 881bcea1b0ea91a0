"""Reads of the jurisdiction tree."""

from __future__ import annotations

from salw.core.models import Jurisdiction


def national_jurisdiction() -> Jurisdiction | None:
    return Jurisdiction.objects.filter(parent__isnull=True).order_by("created_at").first()

