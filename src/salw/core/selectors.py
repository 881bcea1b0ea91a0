"""Reads of the jurisdiction tree."""

from __future__ import annotations

from salw.core.models import Jurisdiction


def national_jurisdiction() -> Jurisdiction | None:
    return Jurisdiction.objects.filter(parent__isnull=True).order_by("created_at").first()


def jurisdiction_by_name_under(root: Jurisdiction, name: str) -> Jurisdiction | None:
    """The jurisdiction below ``root`` whose name or code matches, ignoring case."""
    text = name.strip()
    if not text:
        return None
    below = Jurisdiction.objects.filter(path__startswith=root.path)
    return (below.filter(name__iexact=text).order_by("path").first()
            or below.filter(code__iexact=text).first())
